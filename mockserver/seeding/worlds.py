"""The worlds of a world file, each generated once per process and seed.

A world is a frozen value of its blueprint and seed, so a process that builds many apps (a
test suite makes hundreds, each seeding the same world) generates it once.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from pathlib import Path

from mockserver.resources import world_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.templates import Blueprint
from mockserver.seeding.world import World, generate_world


def world_factory(world: str = "", window_days: int | None = None) -> Callable[[int], World]:
    """Worlds of the world file (``--world``; empty: the default world); ``window_days`` caps
    every service's booking window (``--vary``)."""
    path = world_path(world).resolve()
    try:
        version = path.stat().st_mtime_ns
    except OSError:
        version = 0  # the reader names the file and why it cannot be read
    _blueprint(path, version, window_days)  # a broken file stops the start, not a first request
    return lambda seed: _world(path, version, seed, window_days)


@functools.cache
def _blueprint(path: Path, version: int, window_days: int | None = None) -> Blueprint:
    blueprint = load_blueprint(path)
    if window_days is None:
        return blueprint
    services = tuple(
        dataclasses.replace(service, booking_window_days=min(service.booking_window_days, window_days))
        for service in blueprint.services
    )
    return dataclasses.replace(blueprint, services=services)


@functools.lru_cache(maxsize=16)
def _world(path: Path, version: int, seed: int, window_days: int | None = None) -> World:
    """A world is a frozen value of its blueprint and seed: generated once per process rather
    than once per app (a test suite makes hundreds of apps, each seeding the same world)."""
    return generate_world(_blueprint(path, version, window_days), seed)
