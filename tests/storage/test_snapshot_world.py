"""Columns a world file bounds, bounded alike on import (``storage/snapshots/snapshot_world.py``)."""

from __future__ import annotations

import json

from mockserver.documents.resources import world_schema_path
from mockserver.storage.snapshots.snapshot_world import BOUNDED, world_problems

SERVICE = {
    "duration_minutes": 60,
    "color": "#8E44AD",
    "min_participants": 1,
    "max_participants": 8,
    "price_minor": 0,
}


def test_a_service_a_world_could_seed_passes() -> None:
    assert list(world_problems("services", SERVICE)) == []


def test_each_bound_is_the_world_schemas_own() -> None:
    assert list(world_problems("services", {**SERVICE, "duration_minutes": 1441})) == [
        ("duration_minutes", "1441 is greater than the maximum of 1440, as in a world file")
    ]
    assert list(world_problems("services", {**SERVICE, "color": "red"})) == [
        ("color", "'red' does not match '^#[0-9A-Fa-f]{6}$', as in a world file")
    ]
    assert list(world_problems("services", {**SERVICE, "min_participants": 9})) == [
        ("min_participants", "more than max_participants (8)")
    ]
    assert list(world_problems("orders", {"currency": "??"})) == [
        ("currency", "'??' does not match '^[A-Z]{3}$', as in a world file")
    ]
    assert list(world_problems("blocked_times", {"blocked_type_id": 0, "icon": "Lunch!"})) == [
        ("blocked_type_id", "0 is less than the minimum of 1, as in a world file"),
        ("icon", "'Lunch!' does not match '^[a-z0-9]+(-[a-z0-9]+)*$', as in a world file"),
    ]
    assert list(world_problems("service_terms", {"check_in_minutes": -1})) == [
        ("check_in_minutes", "-1 is less than the minimum of 0, as in a world file")
    ]


def test_every_bound_names_a_subschema_the_world_schema_has() -> None:
    definitions = json.loads(world_schema_path().read_text(encoding="utf-8"))["$defs"]
    for pointer in BOUNDED.values():
        node = definitions
        for step in pointer.split("/"):
            node = node[step]
        assert "type" in node or "$ref" in node, pointer


def test_a_remembered_verdict_is_the_values_own_type_and_all() -> None:
    """Verdicts are remembered by value: 60 and 60.0 are one key to Python, ``true`` and 1
    another, and the schema judges each on its own (a number where an integer goes, a bool
    where a number goes)."""
    for _ in range(2):  # asked again, the remembered verdicts
        for value, said in ((60, []), (60.0, []), (True, ["True is not of type 'integer'"])):
            problems = list(world_problems("services", {**SERVICE, "duration_minutes": value}))
            assert [why.removesuffix(", as in a world file") for _, why in problems] == said
        assert list(world_problems("services", {**SERVICE, "price_minor": 1})) == []
        assert list(world_problems("services", {**SERVICE, "price_minor": True})) != []
