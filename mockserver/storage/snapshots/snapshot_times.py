"""When things happen in an imported state document: the time checks of ``snapshot_checks``.

Every location's time zone must be one this server's zone database has (each occurrence at
the location is read in it: an unknown name was accepted, then a create there was a 500).
Nothing ends before it starts (a booking, a time slot, opening hours, a shift), but a slot
booking, whose instants a DST change can run backwards; a slot booking lies where its time
slot puts it on its date instead, as the domain reads a slot (``TimeSlot``): its slot's
service, its slot's weekday, its slot's instants in its location's zone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from mockserver.domain.kernel.errors import FieldProblem
from mockserver.domain.kernel.model import is_time_zone
from mockserver.domain.slots.model import TimeSlot
from mockserver.storage.kernel.stored_times import to_db_time

Tables = Mapping[str, list[dict[str, Any]]]


def time_problems(api: str, tables: Tables) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    zones = _zones(api, tables, problems)
    return problems + _backwards(api, tables) + _off_their_slots(api, tables, zones)


def _zones(api: str, tables: Tables, problems: list[FieldProblem]) -> dict[Any, tzinfo]:
    """Each location's zone by its id; a name the zone database lacks is a problem (as in a world
    file): every occurrence at the location is read in its zone, and a create there was a 500."""
    zones: dict[Any, tzinfo] = {}
    for index, location in enumerate(tables.get("locations", [])):
        if is_time_zone(name := location.get("timezone")):
            zones[location.get("id")] = ZoneInfo(name)  # type: ignore[arg-type]
        else:
            problems.append(
                FieldProblem(
                    f"apis.{api}.locations[{index}].timezone", "not an IANA time zone, e.g. America/New_York"
                )
            )
    return zones


_TIMES_OF_DAY = {
    "time_slots": ("start_time", "end_time"),
    "opening_hours": ("opens", "closes"),
    "staff_shifts": ("starts", "ends"),
}
"""Each table's times of a day, the first before the second: a world file's hours and shifts
are refused otherwise, and nothing the APIs write crosses midnight (a slot ending before it
starts was imported, and served, its booking ending before it began)."""


def _backwards(api: str, tables: Tables) -> list[FieldProblem]:
    # A slot booking's instants are its slot's on its date (below), which a DST change can make
    # run backwards in UTC (02:30 to 03:15 on a spring-forward day): the domain stores those.
    instants = [
        FieldProblem(f"apis.{api}.{name}[{index}].ends_at", "must be after starts_at")
        for name, rows in tables.items()
        for index, row in enumerate(rows)
        if isinstance(starts := row.get("starts_at"), datetime)
        and isinstance(ends := row.get("ends_at"), datetime)
        and ends <= starts
        and "time_slot_id" not in row
    ]
    return instants + [
        FieldProblem(f"apis.{api}.{name}[{index}].{last}", f"must be after {first}")
        for name, (first, last) in _TIMES_OF_DAY.items()
        for index, row in enumerate(tables.get(name, []))
        if isinstance(opens := row.get(first), time)
        and isinstance(closes := row.get(last), time)
        and closes <= opens
    ]


def _off_their_slots(api: str, tables: Tables, zones: Mapping[Any, tzinfo]) -> list[FieldProblem]:
    """Slot bookings whose service, weekday or instants are not their time slot's on their date,
    as the domain reads a slot (``TimeSlot``): capacity counts a booking by its slot and date,
    and the rules that ask when it starts read its instants."""
    slots = {row.get("id"): row for row in tables.get("time_slots", [])}
    services = {row.get("id"): row for row in tables.get("services", [])}
    problems = []
    for index, booking in enumerate(tables.get("bookings", [])):
        slot, day = _slot(slots.get(booking.get("time_slot_id"))), booking.get("date")
        service = services.get(booking.get("service_id"))
        zone = zones.get(service.get("location_id")) if service is not None else None
        if slot is None or zone is None or not isinstance(day, date):
            continue  # a missing row, zone or value is named above
        where = f"apis.{api}.bookings[{index}]"
        if slot.service_id != booking.get("service_id"):
            problems.append(
                FieldProblem(f"{where}.time_slot_id", f"time slot {slot.id} is service {slot.service_id}'s")
            )
            continue
        if not slot.occurs_on(day):
            problems.append(
                FieldProblem(f"{where}.date", f"time slot {slot.id} is not on {day.strftime('%A')}s")
            )
            continue
        starts, ends = (to_db_time(instant) for instant in slot.instants_on(day, zone))
        if (booking.get("starts_at"), booking.get("ends_at")) != (starts, ends):
            span = f"{starts.isoformat()}Z to {ends.isoformat()}Z"
            problems.append(
                FieldProblem(f"{where}.starts_at", f"time slot {slot.id} on {day} runs {span} (UTC)")
            )
    return problems


def _slot(row: Mapping[str, Any] | None) -> TimeSlot | None:
    if (
        row is None
        or not isinstance(row.get("start_time"), time)
        or not isinstance(row.get("end_time"), time)
    ):
        return None
    return TimeSlot(
        id=row["id"],
        service_id=row["service_id"],
        staff_id=row.get("staff_id"),
        weekday=row["weekday"],
        start_time=row["start_time"],
        end_time=row["end_time"],
        max_bookings=row["max_bookings"],
    )
