"""Stored times: naive UTC in every backend (which all compare it correctly), aware UTC in
the domain."""

from __future__ import annotations

from datetime import UTC, datetime

_combine = datetime.combine


# Both ways go through ``combine``, which takes the zone by position: a fifth of the time of
# ``replace(tzinfo=...)``, which parses its keyword (0.16 against 0.74 us). A merchant's week
# converts some forty times.


def to_db_time(value: datetime) -> datetime:
    utc = value.astimezone(UTC)
    return _combine(utc, utc.time())  # ``time()`` leaves the zone behind


def from_db_time(value: datetime) -> datetime:
    return _combine(value, value.time(), UTC)


def as_stored(value: datetime) -> datetime:
    """``value`` as a read of it stored gives it back (aware UTC, whatever zone it came in)."""
    return from_db_time(to_db_time(value))
