"""The slots LC-FEE-TIER-BOUNDARY books either side of a boundary, against a vendor's calendar
made by hand: an hour's service starting every half hour, on two resources, each booking
taking its resource for the hour. Whatever the minute of the boundary, the kit books only
what the calendar then offers, and probes both sides wherever both have a free slot."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

from hypothesis import given, settings
from hypothesis import strategies as st

from contract_tests.rules.lifecycle_desk import Desk
from contract_tests.rules.lifecycle_fees import CLEAR, NEAR, either_side

DAY = date(2027, 1, 6)
HOUR = timedelta(hours=1)


class Calendar:
    """A vendor's availability: a slot is free where its resource has no booking it overlaps."""

    def __init__(self) -> None:
        self.booked: list[tuple[str, datetime]] = []

    def slots_around(self, service_id: str, start_date: str) -> list[dict[str, Any]]:
        day = datetime.fromisoformat(start_date).date()
        return [slot for offset in (-1, 0, 1) for slot in self._free(day + timedelta(days=offset))]

    def _free(self, day: date) -> list[dict[str, Any]]:
        opens = datetime(day.year, day.month, day.day, 9, tzinfo=UTC)
        starts = [opens + timedelta(minutes=30 * step) for step in range(17)]  # 09:00 to 17:00
        return [
            {"start_date": _z(at), "end_date": _z(at + HOUR), "resource_id": resource}
            for at in starts
            for resource in ("therapist-a", "therapist-b")
            if self.takes(resource, at)
        ]

    def takes(self, resource: str, at: datetime) -> bool:
        return all(other != resource or abs(start - at) >= HOUR for other, start in self.booked)

    def book(self, slot: dict[str, Any]) -> bool:
        at = datetime.fromisoformat(slot["start_date"])
        if not self.takes(slot["resource_id"], at):
            return False  # a correct vendor's "slot unavailable"
        self.booked.append((slot["resource_id"], at))
        return True


def _z(at: datetime) -> str:
    return at.isoformat().replace("+00:00", "Z")


@settings(max_examples=300, deadline=None)
@given(minute=st.integers(min_value=0, max_value=24 * 60 - 1))
def test_each_side_is_booked_from_what_the_calendar_offers_then(minute: int) -> None:
    boundary = datetime(DAY.year, DAY.month, DAY.day, tzinfo=UTC) + timedelta(minutes=minute)
    now = boundary - timedelta(hours=24)
    calendar = Calendar()
    offered = [
        datetime.fromisoformat(s["start_date"]) for s in calendar.slots_around("s", boundary.isoformat())
    ]
    after = any(boundary + CLEAR < at <= boundary + NEAR for at in offered)
    before = any(boundary - NEAR <= at < boundary - CLEAR and at > now + CLEAR for at in offered)
    tiers = ({"hours_before": 24}, {"hours_before": 0})
    sides = 0
    for slot, _ in either_side(cast(Desk, calendar), "s", (now, boundary), tiers):
        assert calendar.book(slot), f"boundary {boundary:%H:%M}: offered {slot}, which was taken"
        sides += 1
    assert sides == after + before, (boundary, after, before)
