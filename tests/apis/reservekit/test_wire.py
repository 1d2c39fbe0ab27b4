"""ReserveKit's wire shapes written by hand (``apis/reservekit/wire.py``), held to the library's."""

from __future__ import annotations

from datetime import UTC, datetime, time

from hypothesis import given
from hypothesis import strategies as st

from mockserver.apis.reservekit import wire
from mockserver.domain.slots.model import TimeSlot


@given(st.times(), st.times(), st.datetimes(timezones=st.just(UTC)))
def test_a_time_slot_shows_its_times_on_the_placeholder_date_to_the_second(
    start: time, end: time, since: datetime
) -> None:
    slot = TimeSlot(
        id=1, service_id=2, staff_id=None, weekday=0, start_time=start, end_time=end, max_bookings=3
    )
    body = wire.time_slot(slot, since)
    assert body["start_time"] == f"{wire.PLACEHOLDER_DATE} {start.strftime('%H:%M:%S')}"
    assert body["end_time"] == f"{wire.PLACEHOLDER_DATE} {end.strftime('%H:%M:%S')}"
    assert body["created_at"] == body["updated_at"] == since.isoformat(timespec="microseconds")[:-6] + "Z"
