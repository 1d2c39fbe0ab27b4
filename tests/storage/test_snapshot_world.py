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
