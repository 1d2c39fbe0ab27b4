"""An imported state's times (``storage/snapshots/snapshot_times.py``), on hand-made tables."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import assume, given
from hypothesis import strategies as st

from mockserver.domain.kernel.model import is_time_zone
from mockserver.domain.slots.model import TimeSlot
from mockserver.storage.kernel.stored_times import to_db_time
from mockserver.storage.snapshots.snapshot_times import time_problems

# A Sunday: New York springs forward at 02:00, so 02:30 does not exist there that day.
SPRING = date(2027, 3, 14)


def tables(**booking: Any) -> dict[str, list[dict[str, Any]]]:
    slot = {"id": 7, "service_id": 1, "staff_id": None, "weekday": 6, "max_bookings": 1}
    return {
        "locations": [{"id": 1, "timezone": "America/New_York"}],
        "services": [{"id": 1, "location_id": 1}, {"id": 2, "location_id": 1}],
        "time_slots": [{**slot, "start_time": time(2, 30), "end_time": time(3, 30)}],
        "bookings": [
            {
                "id": 1,
                "service_id": 1,
                "time_slot_id": 7,
                "date": SPRING,
                # What the domain stores: 02:30 read as EST (a gap's time keeps its first offset).
                "starts_at": datetime(2027, 3, 14, 7, 30),
                "ends_at": datetime(2027, 3, 14, 7, 30),
                **booking,
            }
        ],
    }


def messages(tables: dict[str, list[dict[str, Any]]]) -> list[tuple[str, str]]:
    return [(problem.field, problem.message) for problem in time_problems("reservekit-v1", tables)]


def test_a_booking_where_the_domain_puts_it_passes_across_a_dst_gap() -> None:
    # 03:30 is after the jump: EDT, 07:30 UTC; 02:30, in the gap, reads as EST: 07:30 too. The
    # domain stores that occurrence as it reads it, so its own export must import again.
    assert messages(tables()) == []
    assert messages(tables(ends_at=datetime(2027, 3, 14, 7, 30, 1))) == [
        (
            "apis.reservekit-v1.bookings[0].starts_at",
            "time slot 7 on 2027-03-14 runs 2027-03-14T07:30:00Z to 2027-03-14T07:30:00Z (UTC)",
        )
    ]


def test_a_booking_off_its_slot_is_named_once() -> None:
    monday = {"date": date(2027, 3, 15), "ends_at": datetime(2027, 3, 15, 8)}
    assert messages(tables(**monday)) == [
        ("apis.reservekit-v1.bookings[0].date", "time slot 7 is not on Mondays")
    ]
    other = {"service_id": 2, "ends_at": datetime(2027, 3, 14, 8)}
    assert messages(tables(**other)) == [
        ("apis.reservekit-v1.bookings[0].time_slot_id", "time slot 7 is service 1's")
    ]


def test_an_unknown_zone_is_named_and_its_bookings_are_left_to_it() -> None:
    unknown = tables(ends_at=datetime(2027, 3, 14, 8))
    unknown["locations"][0]["timezone"] = "Mars/Olympus"
    assert messages(unknown) == [
        ("apis.reservekit-v1.locations[0].timezone", "not an IANA time zone, e.g. America/New_York")
    ]
    assert [is_time_zone(name) for name in ("Europe/Berlin", "UTC", "../etc/passwd", None, "")] == [
        True,
        True,
        False,
        False,
        False,
    ]


def test_anything_else_ending_before_it_starts_is_named() -> None:
    backwards = tables()
    backwards["reservations"] = [
        {"id": 3, "starts_at": datetime(2027, 1, 1, 10), "ends_at": datetime(2027, 1, 1, 9)}
    ]
    assert messages(backwards) == [("apis.reservekit-v1.reservations[0].ends_at", "must be after starts_at")]


@given(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2028, 12, 31)),
    st.times(),
    st.times(),
    st.sampled_from(["America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "UTC"]),
)
def test_every_booking_the_domain_makes_imports_again(day: date, start: time, end: time, zone: str) -> None:
    assume(start != end)
    start, end = sorted((start, end))  # a slot the domain makes starts before it ends
    slot = TimeSlot(7, 1, None, day.weekday(), start, end, 1)
    starts, ends = (to_db_time(instant) for instant in slot.instants_on(day, ZoneInfo(zone)))
    made = tables(date=day, starts_at=starts, ends_at=ends)
    made["locations"][0]["timezone"] = zone
    made["time_slots"][0].update(weekday=day.weekday(), start_time=start, end_time=end)
    assert messages(made) == []


@given(st.sampled_from(["time_slots", "opening_hours", "staff_shifts"]), st.times(), st.times())
def test_a_time_of_day_that_ends_no_later_than_it_starts_is_named(table: str, one: time, other: time) -> None:
    first, last = {"time_slots": ("start_time", "end_time"), "opening_hours": ("opens", "closes")}.get(
        table, ("starts", "ends")
    )
    said = messages({table: [{"id": 1, first: one, last: other}]})
    assert said == (
        [] if other > one else [(f"apis.reservekit-v1.{table}[0].{last}", f"must be after {first}")]
    )
