"""Instants and days on the wire, shared by the APIs that take RFC 3339 values."""

from __future__ import annotations

from datetime import UTC, date, datetime

from mockserver.domain.kernel.errors import FieldProblem, InvalidInput

# Instants outside these years are input mistakes, and near datetime's limits
# adding a duration would overflow.
EARLIEST_YEAR, LATEST_YEAR = 1900, 2999


def timestamp(value: datetime) -> str:
    """An instant as RFC 3339 UTC to the second, e.g. ``2026-04-16T08:00:00Z``."""
    # Formatted by hand: half of ``isoformat(timespec="seconds")``'s time (which parses its
    # keyword and asks the zone its offset), a third of ``strftime``'s; a week's calendar
    # writes fourteen. Years are four digits (``EARLIEST_YEAR`` to ``LATEST_YEAR``).
    utc = value.astimezone(UTC)
    return _SECONDS % (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second)


def timestamp_micros(value: datetime) -> str:
    """An instant as RFC 3339 UTC to the microsecond, e.g. ``2026-04-16T08:00:00.000000Z``
    (formatted by hand, as ``timestamp``: a page of ten bookings writes twenty)."""
    utc = value.astimezone(UTC)
    return _MICROS % (utc.year, utc.month, utc.day, utc.hour, utc.minute, utc.second, utc.microsecond)


_SECONDS = "%04d-%02d-%02dT%02d:%02d:%02dZ"
_MICROS = "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ"


def instant(value: str, field: str) -> datetime:
    """An RFC 3339 instant (the spec has checked its form) as aware UTC."""
    parsed = datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    _check_year(parsed.year, field)
    return parsed.astimezone(UTC)


def day(value: str, field: str) -> date:
    """A calendar day (the spec has checked its form) in the years instants may use."""
    parsed = date.fromisoformat(value)
    _check_year(parsed.year, field)
    return parsed


def _check_year(year: int, field: str) -> None:
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise InvalidInput(
            f"{field} is out of range",
            problems=(FieldProblem(field, f"use a year from {EARLIEST_YEAR} to {LATEST_YEAR}"),),
        )
