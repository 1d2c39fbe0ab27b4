"""How many rows a world seeds, told from the document before anything is generated.

Every field of a world has its own maximum, but their product does not: fifty providers, each
offering a few hundred services every five minutes, is a valid shape that would take minutes
and gigabytes to seed, for every sandbox. A world arrives from a file of the operator's and,
through a reset or a state import, from any client, so its size is refused before it is seeded.
"""

from __future__ import annotations

from typing import Any

MAX_ROWS = 100_000
"""The default world seeds about 500 rows; one with 50 providers on 15-minute slots, 40,000."""

Problem = tuple[tuple[str | int, ...], str]


def size_problems(world: dict[str, Any]) -> list[Problem]:
    rows = estimated_rows(world)
    if rows <= MAX_ROWS:
        return []
    message = (
        f"would seed about {rows:,} rows, more than the {MAX_ROWS:,} a sandbox may hold at its start; "
        "use fewer providers, services, staff or customers, or slots further apart"
    )
    return [((), message)]


def estimated_rows(world: dict[str, Any]) -> int:
    """An upper bound of the seeded rows of a schema-valid world (what ``catalogue`` and the
    seeders make): a count per provider of its slots, staff, shifts and bookings, and the rest."""
    providers = int(world["providers"])
    locations = world["locations"]
    services = world["services"]
    calendar = world["calendar"]
    rows = int(world["customers"])
    for index in range(providers):
        location = locations[index % len(locations)]
        hours = location.get("opening_hours") or world["opening_hours"]
        open_minutes = sum(_minutes(h["closes"]) - _minutes(h["opens"]) for h in hours for _ in h["weekdays"])
        staff = len(location["staff"]) if "staff" in location else int(world["staff_per_location"])
        blocks = sum(int(block["per_staff"]) for block in calendar["blocked_times"])
        rows += staff * (1 + len(hours) * 7 + blocks)
        for service in services:
            rows += max(open_minutes, 0) // int(service["slot_every_minutes"]) + 1
            rows += int(world["bookings_per_service"])
            sessions = max(
                int(calendar["appointments_per_service"]), int(calendar["sessions_per_group_service"])
            )
            rows += sessions * (1 + int(calendar["max_seeded_participants"]))
            rows += len(service.get("terms", {}).get("add_ons", ())) + len(
                service.get("terms", {}).get("custom_form", ())
            )
    series = world["customer_bookings"]["series"]
    rows += len(world["customer_bookings"]["statuses"]) + int(series["count"]) * int(series["occurrences"])
    return rows


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
