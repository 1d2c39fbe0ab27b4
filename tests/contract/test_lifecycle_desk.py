"""The rebooking targets the explorer's lifecycle walk moves bookings to (``lifecycle_desk.apart``):
a day's free slots start every half hour and last an hour, so the last three were two times,
one overlapping the other; once a walk's booking moved to one, every later rebooking met "slot
unavailable" (seed 1: none of 28 answered 2xx in 480 steps)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from contract_tests.rules.lifecycle_desk import apart

START = datetime(2027, 1, 8, 9, 0, tzinfo=UTC)


def slot(minutes: int, resource: str = "r1", length: int = 60) -> dict[str, Any]:
    begins = START + timedelta(minutes=minutes)
    return {
        "start_date": begins.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_date": (begins + timedelta(minutes=length)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resource_id": resource,
    }


def test_the_targets_overlap_none_of_each_other_on_a_resource_the_last_first() -> None:
    day = [slot(minutes) for minutes in range(0, 300, 30)]  # from 9:00 to 13:30, an hour each
    # 13:30, then 12:30 (ending as 13:30 begins), then 11:30: in the day's order.
    assert apart(day, 3) == [slot(150), slot(210), slot(270)]


def test_another_resource_at_the_same_time_is_another_target() -> None:
    day = [slot(0, "r1"), slot(0, "r2"), slot(30, "r1"), slot(30, "r2")]
    assert apart(day, 3) == [slot(30, "r1"), slot(30, "r2")]


def test_fewer_than_wanted_where_the_day_has_fewer_times() -> None:
    assert apart([slot(0), slot(30)], 3) == [slot(30)]
    assert apart([], 3) == []
