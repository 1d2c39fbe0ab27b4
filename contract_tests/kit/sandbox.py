"""Knowing when the target is a booking-sandbox, and what that lets the kit do.

A sandbox answers ``GET /_sandbox/health`` with its seed and fixture. From
those the kit rebuilds the same seeded world locally, so it can name the
seeded merchants, customers and clients in tokens nobody had to pass. A real
deployment answers 404 there, and the kit asks for ``--token`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import requests

from mockserver.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import World, generate_world


@dataclass(frozen=True)
class SandboxFacts:
    seed: int
    fixture: str

    @cached_property
    def world(self) -> World:
        return generate_world(load_blueprint(fixture_path(self.fixture)), self.seed)


def probe(origin: str, session: requests.Session) -> SandboxFacts | None:
    try:
        response = session.get(f"{origin}/_sandbox/health", timeout=10)
        body: Any = response.json() if response.status_code == 200 else None
    except (requests.RequestException, ValueError):
        return None
    if not isinstance(body, dict) or body.get("service") != "booking-sandbox":
        return None
    seed, fixture = body.get("seed"), body.get("fixture")
    if not isinstance(seed, int) or not isinstance(fixture, str):
        return None
    try:
        fixture_path(fixture).stat()
    except OSError:
        # A sandbox serving a fixture this kit does not ship: its world cannot be rebuilt here.
        return None
    return SandboxFacts(seed, fixture)
