"""Whether a customer may book a service on a resource for a time range.

The range must start in the future and inside the service's booking window,
last a whole number of 5-minute steps up to a day, and fit the resource's
shift, blocked times and other bookings (``Staffing``). Every refusal of the
time itself is a ``SlotUnavailable``; a malformed range is ``InvalidInput``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mockserver.domain.calendar.model import StaffMember
from mockserver.domain.calendar.staffing import Staffing
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput, SlotUnavailable
from mockserver.domain.kernel.model import Service

from .cases import BookingCases

STEP = timedelta(minutes=5)
LONGEST = timedelta(hours=12)


def check_bookable(
    cases: BookingCases,
    service: Service,
    staff_id: int,
    starts_at: datetime,
    ends_at: datetime,
    *,
    excluding: int | None,
) -> None:
    check_range(cases, service, starts_at, ends_at)
    check_staff(cases, service, staff_id, starts_at, ends_at, excluding=excluding)


def check_staff(
    cases: BookingCases,
    service: Service,
    staff_id: int,
    starts_at: datetime,
    ends_at: datetime,
    *,
    excluding: int | None,
) -> None:
    """Refuse the range unless the resource works then, unblocked and unbooked (``excluding`` aside)."""
    location = cases.ledger.get_location(service.location_id)
    assert location is not None, "a service's location always exists"
    with _worded():
        Staffing(cases.calendar).check_member(
            staff_id, location, starts_at, ends_at, excluding=excluding or 0
        )


def free_resource(
    cases: BookingCases, service: Service, starts_at: datetime, ends_at: datetime
) -> StaffMember:
    """The first resource at the service's location free for the whole range."""
    location = cases.ledger.get_location(service.location_id)
    assert location is not None, "a service's location always exists"
    with _worded():
        return Staffing(cases.calendar).free_member(location, starts_at, ends_at)


def resource_of(cases: BookingCases, service: Service, resource_uuid: str) -> StaffMember:
    """The resource with this id, if it works at the service's location."""
    member = cases.books.staff_by_uuid(resource_uuid.lower())
    if member is None or member.location_id != service.location_id:
        raise InvalidInput(
            "resource not found at this service's location",
            problems=(FieldProblem("resource_id", "not a resource of this service"),),
        )
    return member


@contextmanager
def _worded() -> Iterator[None]:
    """Staffing's refusals in the document's words: 422 "slot unavailable"."""
    try:
        yield
    except SlotUnavailable as error:
        raise SlotUnavailable(f"slot unavailable: {error.message}") from None


def check_range(cases: BookingCases, service: Service, starts_at: datetime, ends_at: datetime) -> None:
    """Refuse a malformed range, or one in the past or beyond the booking window."""
    length = ends_at - starts_at
    if length <= timedelta(0):
        raise InvalidInput(
            "end_date must be after start_date", problems=(FieldProblem("end_date", "after start_date"),)
        )
    if length > LONGEST or length % STEP:
        raise InvalidInput(
            "a booking lasts a whole number of 5-minute steps, at most 12 hours",
            problems=(FieldProblem("end_date", "5-minute steps, at most 12 hours after start_date"),),
        )
    now = cases.clock.now()
    if starts_at <= now:
        raise SlotUnavailable("slot unavailable: the start is in the past")
    if starts_at > now + timedelta(days=service.booking_window_days):
        raise SlotUnavailable(f"slot unavailable: bookable at most {service.booking_window_days} days ahead")


@dataclass(frozen=True)
class OpenSlot:
    staff: StaffMember
    starts_at: datetime
    ends_at: datetime


GRID = timedelta(minutes=30)


def open_slots(cases: BookingCases, service: Service, day: date) -> list[OpenSlot]:
    """Every bookable start on the service's location's ``day`` (local), per resource, on a 30-minute grid.

    Reads the day's shifts, blocks and bookings once (three indexed queries per
    resource at most), then works in memory.
    """
    location = cases.ledger.get_location(service.location_id)
    assert location is not None, "a service's location always exists"
    zone = ZoneInfo(location.timezone)
    day_start = datetime.combine(day, time(0), zone)
    day_end = datetime.combine(day + timedelta(days=1), time(0), zone)
    now = cases.clock.now()
    window_end = now + timedelta(days=service.booking_window_days)
    length = timedelta(minutes=service.duration_minutes)
    busy: dict[int, list[tuple[datetime, datetime]]] = {}
    reservations, blocks = cases.calendar.taken_between(service.provider_id, day_start, day_end)
    for reservation in reservations:
        busy.setdefault(reservation.staff_id, []).append((reservation.starts_at, reservation.ends_at))
    for block in blocks:
        busy.setdefault(block.staff_id, []).append((block.starts_at, block.ends_at))
    slots: list[OpenSlot] = []
    for member in cases.calendar.staff_at_location(location.id):
        taken = busy.get(member.id, [])
        for shift in cases.calendar.shifts_on(member.id, day.weekday()):
            # In UTC, so that a length is real time even on a daylight-saving day.
            start = datetime.combine(day, shift.starts, zone).astimezone(UTC)
            shift_end = datetime.combine(day, shift.ends, zone).astimezone(UTC)
            while start + length <= shift_end:
                end = start + length
                free = all(not (start < other_end and other_start < end) for other_start, other_end in taken)
                if free and now < start <= window_end:
                    slots.append(OpenSlot(member, start, end))
                start += GRID
    slots.sort(key=lambda slot: (slot.starts_at, slot.staff.id))
    return slots
