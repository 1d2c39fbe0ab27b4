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

from .preflight import TIMEOUT, TargetNotUsable, unreachable


@dataclass(frozen=True)
class SandboxFacts:
    seed: int
    fixture: str

    @cached_property
    def world(self) -> World:
        return generate_world(load_blueprint(fixture_path(self.fixture)), self.seed)


def probe(origin: str, session: requests.Session) -> SandboxFacts | None:
    """The sandbox's facts, or None for a target that is no booking-sandbox. Only
    ``/_sandbox/health`` is read: a vendor's server is never sent anything else of the control API.
    A target that does not answer at all raises ``TargetNotUsable`` (the same origin serves the API)."""
    url = f"{origin}/_sandbox/health"
    try:
        response = session.get(url, timeout=TIMEOUT, allow_redirects=False)
    except requests.RequestException as error:
        raise TargetNotUsable(unreachable(url, error)) from None
    try:
        body: Any = response.json() if response.status_code == 200 else None
    except ValueError:
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
