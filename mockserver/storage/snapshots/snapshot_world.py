"""Columns a world file bounds, bounded the same way in an imported state.

A world file's currency, services, terms, add-ons and locations are checked by the world schema
(``openapi/world.schema.json``) before a sandbox is seeded from them; the same columns came
into an import unchecked (a service of a billion minutes, a negative check-in window, a colour
or a currency the APIs' answers cannot carry). Each is checked here by its own subschema of the world schema,
with the validator a world file's check uses (``seeding.world_file.world_validator``), so the
bound is written once; and a service's places as the blueprint checks them: at least its minimum.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from mockserver.seeding.world_file import world_validator

# (table, column) -> the world schema's subschema (under $defs) for the value it seeds there.
BOUNDED: Mapping[tuple[str, str], str] = {
    ("services", "currency"): "currency",
    ("orders", "currency"): "currency",
    ("services", "duration_minutes"): "service/properties/duration_minutes",
    ("services", "price_minor"): "money",
    ("services", "cost_minor"): "money",
    ("services", "max_participants"): "service/properties/max_bookings",
    ("services", "min_participants"): "service/properties/min_participants",
    ("services", "cancellation_deadline_hours"): "service/properties/cancellation_deadline_hours",
    ("services", "booking_window_days"): "service/properties/booking_window_days",
    ("services", "color"): "service/properties/color",
    ("service_terms", "check_in_minutes"): "terms/properties/check_in_minutes",
    ("add_ons", "price_minor"): "money",
    ("add_ons", "max_quantity"): "terms/properties/add_ons/items/properties/max_quantity",
    ("locations", "country"): "location/properties/country",
    ("providers", "slug"): "slug",
    ("blocked_times", "icon"): "slug",
    ("blocked_times", "blocked_type_id"): "calendar/properties/blocked_times/items/properties/type_id",
}


def world_problems(table: str, row: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """(column, why) for each of ``row``'s values no world file could have seeded."""
    for column, value in row.items():
        pointer = BOUNDED.get((table, column))
        if pointer is not None and value is not None:
            for message in _verdict(pointer, value):
                yield column, f"{message}, as in a world file"
    least, most = row.get("min_participants"), row.get("max_participants")
    if table == "services" and isinstance(least, int) and isinstance(most, int) and least > most:
        yield "min_participants", f"more than max_participants ({most})"


def _verdict(pointer: str, value: Any) -> tuple[str, ...]:
    """What the world schema says of ``value`` under ``pointer``: a scalar's verdict is
    remembered (an export's rows repeat their currencies, colours and durations, and the
    schema's check, through its ``$ref``, was a fifth of an import's time)."""
    if isinstance(value, str | int | float):  # a bool is an int: its type is in the key
        return _scalar_verdict(pointer, type(value).__name__, value)
    return _checked(pointer, value)


@functools.lru_cache(maxsize=4096)
def _scalar_verdict(pointer: str, kind: str, value: Any) -> tuple[str, ...]:
    return _checked(pointer, value)


def _checked(pointer: str, value: Any) -> tuple[str, ...]:
    return tuple(error.message for error in world_validator(f"#/$defs/{pointer}").iter_errors(value))
