"""Instants and days on the wire (``apis/instants.py``)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given
from hypothesis import strategies as st

from mockserver.apis.instants import instant, timestamp, timestamp_micros

ZONES = st.sampled_from([UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=5, minutes=45))])
INSTANTS = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2999, 12, 30), timezones=ZONES)


@given(INSTANTS)
def test_an_instant_is_written_in_utc_to_the_second_and_read_back(value: datetime) -> None:
    written = timestamp(value)
    assert written == value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert instant(written, "at") == value.replace(microsecond=0)


def test_an_instant_is_written_as_the_docs_show_it() -> None:
    assert timestamp(datetime(2026, 4, 16, 8, 0, 59, 999_999, tzinfo=UTC)) == "2026-04-16T08:00:59Z"
    assert (
        timestamp(datetime(1900, 1, 2, 1, 2, 3, tzinfo=timezone(timedelta(hours=3))))
        == "1900-01-01T22:02:03Z"
    )


@given(INSTANTS)
def test_an_instant_to_the_microsecond_is_isoformat_in_utc(value: datetime) -> None:
    written = timestamp_micros(value)
    assert written == value.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")
    assert instant(written, "at") == value


def test_an_instant_to_the_microsecond_keeps_its_zeros() -> None:
    assert timestamp_micros(datetime(2027, 1, 11, 9, 0, tzinfo=UTC)) == "2027-01-11T09:00:00.000000Z"
    assert timestamp_micros(datetime(2027, 1, 11, 9, 0, 0, 5, tzinfo=UTC)) == "2027-01-11T09:00:00.000005Z"
