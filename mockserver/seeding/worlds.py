"""The worlds a server seeds sandboxes from: its world file's, and the ones a reset names.

A world is a frozen value of its blueprint and seed, so a process that builds many apps (a
test suite makes hundreds, each seeding the same world) generates it once.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from faker import VERSION

from mockserver.documents.resources import scenarios_dir, world_path
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput
from mockserver.seeding.blueprint import blueprint_of, load_blueprint
from mockserver.seeding.scenarios import load_scenarios
from mockserver.seeding.templates import Blueprint
from mockserver.seeding.world import World, generate_world
from mockserver.seeding.world_file import WorldFileError, check_world

FAKER_RELEASE: str = VERSION
"""What fills the worlds' names, emails and addresses from the seed: one seed gives one world
byte for byte with one Faker release, and a minor release may change a locale's data. The
server names it in its health and its first line, so two machines' worlds can be compared."""


@dataclass(frozen=True)
class WorldDocument:
    """A world sent whole (a reset's, a state import's), checked, in one canonical text."""

    digest: str
    """The SHA-256 of ``text``: what a sandbox names its world by."""
    text: str


def world_document(document: Any, field: str = "world") -> WorldDocument:
    """``document`` as a world a sandbox can start from; ``InvalidInput`` names each problem."""
    # The canonical text is made once: it is both what the size is judged by and what is kept.
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    encoded = text.encode()
    checked = check_world(document, len(encoded), field)
    try:
        blueprint_of(checked)
    except (KeyError, TypeError, ValueError) as error:  # what the schema and names let through
        raise InvalidInput(f"{field}: {error}", problems=(FieldProblem(field, str(error)),)) from None
    return WorldDocument(hashlib.sha256(encoded).hexdigest(), text)


@dataclass(frozen=True)
class WorldVariation:
    """What ``--vary`` changes in every world alike, where the documents leave a vendor free."""

    window_days: int
    """Every service's booking window, at most."""
    branches: int = 1
    """Locations each merchant has besides its services' own (``Blueprint.branches``)."""


class Worlds:
    """The server's world file (``--world``; empty: the default world) and the documents resets
    gave, each world generated once per process and seed, each as ``variation`` changes it."""

    def __init__(self, world: str = "", variation: WorldVariation | None = None) -> None:
        self._path = world_path(world).resolve()
        try:
            self._version = self._path.stat().st_mtime_ns
        except OSError:
            self._version = 0  # the reader names the file and why it cannot be read
        self._variation = variation
        _file_blueprint(self._path, self._version, variation)  # a broken file stops the start

    def __call__(self, seed: int) -> World:
        """The server's world of ``seed``."""
        return _file_world(self._path, self._version, seed, self._variation)

    def given(self, text: str, seed: int) -> World:
        """The world of a checked document's text (``WorldDocument.text``) and ``seed``."""
        return _given_world(text, seed, self._variation)


def given_world(text: str, seed: int) -> World:
    """The world of a checked document's text and ``seed``, as the document gives it."""
    return _given_world(text, seed, None)


def _varied(blueprint: Blueprint, variation: WorldVariation | None) -> Blueprint:
    if variation is None:
        return blueprint
    services = tuple(
        dataclasses.replace(
            service, booking_window_days=min(service.booking_window_days, variation.window_days)
        )
        for service in blueprint.services
    )
    return dataclasses.replace(blueprint, services=services, branches=variation.branches)


@functools.cache
def _file_blueprint(path: Path, version: int, variation: WorldVariation | None = None) -> Blueprint:
    return _varied(load_blueprint(path), variation)


@functools.lru_cache(maxsize=16)
def _file_world(path: Path, version: int, seed: int, variation: WorldVariation | None = None) -> World:
    """A world is a frozen value of its blueprint and seed: generated once per process rather
    than once per app (a test suite makes hundreds of apps, each seeding the same world)."""
    return generate_world(_file_blueprint(path, version, variation), seed)


@functools.lru_cache(maxsize=32)
def _given_world(text: str, seed: int, variation: WorldVariation | None) -> World:
    """Kept for the sandboxes in use: each request of a sandbox with a world of its own is
    handed its world, which a miss generates again (tens of milliseconds)."""
    return generate_world(_varied(blueprint_of(json.loads(text)), variation), seed)


def world_problems(world: str, scenarios: Sequence[str | Path]) -> list[str]:
    """Every problem of a world file (empty: the default world) and of the scenario files in
    ``scenarios``' folders (and the built-in ones), a ``FILE:LINE: field: what`` line each:
    what ``serve`` and the pytest plugin say before anything starts."""
    problems: list[str] = []
    for check in (lambda: Worlds(world), lambda: load_scenarios(scenarios_dir(), *map(Path, scenarios))):
        try:
            check()
        except WorldFileError as error:
            problems += error.problems
    return problems
