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


def estimated_rows(world: dict[str, Any]) -> int:
    """An upper bound of the seeded rows of a schema-valid world (what ``catalogue`` and the
    seeders make): a count per provider of its slots, staff, shifts and bookings, and the rest."""
    locations = world["locations"]
    calendar = world["calendar"]
    blocks = sum(int(block["per_staff"]) for block in calendar["blocked_times"])
    sessions = max(int(calendar["appointments_per_service"]), int(calendar["sessions_per_group_service"]))
    # What each service adds at a provider, but its slots (which follow the provider's hours).
    per_service = int(world["bookings_per_service"]) + sessions * (
        1 + int(calendar["max_seeded_participants"])
    )
    terms = [service.get("terms", {}) for service in world["services"]]
    rows = int(world["customers"])
    rows += int(world["providers"]) * sum(
        len(t.get("add_ons", ())) + len(t.get("custom_form", ())) for t in terms
    )
    for index in range(int(world["providers"])):
        location = locations[index % len(locations)]
        hours = location.get("opening_hours") or world["opening_hours"]
        open_minutes = sum(_minutes(h["closes"]) - _minutes(h["opens"]) for h in hours for _ in h["weekdays"])
        staff = len(location["staff"]) if "staff" in location else int(world["staff_per_location"])
        rows += staff * (1 + len(hours) * 7 + blocks)
        for service in world["services"]:
            rows += max(open_minutes, 0) // int(service["slot_every_minutes"]) + 1 + per_service
    series = world["customer_bookings"]["series"]
    rows += len(world["customer_bookings"]["statuses"]) + int(series["count"]) * int(series["occurrences"])
    return rows


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
