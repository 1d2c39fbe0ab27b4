"""Booking rules: capacity, duplicates, the status machine, dates and revisions.

``BookingDesk`` works on one tenant's ``SlotLedger`` inside one transaction; it
either applies a whole change or raises a ``DomainError`` and changes nothing
(the caller rolls the transaction back).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mockserver.domain.kernel.clock import Clock, next_revision_time
from mockserver.domain.kernel.customers import ContactDetails, CustomerBook
from mockserver.domain.kernel.errors import (
    AlreadyCancelled,
    CapacityExhausted,
    DuplicateBooking,
    FieldProblem,
    InvalidInput,
    InvalidTransition,
    NotFound,
    SlotUnavailable,
)
from mockserver.domain.kernel.model import BookingStatus, Customer, Location, Service
from mockserver.domain.slots.model import Page

from .model import Booking, TimeSlot
from .ports import SlotLedger

# Which status changes a client may ask for; completion is time's job, not a client's.
ALLOWED_TRANSITIONS: dict[BookingStatus, frozenset[BookingStatus]] = {
    BookingStatus.PENDING: frozenset({BookingStatus.CONFIRMED, BookingStatus.CANCELLED}),
    BookingStatus.CONFIRMED: frozenset({BookingStatus.CANCELLED}),
    BookingStatus.CANCELLED: frozenset(),
    BookingStatus.COMPLETED: frozenset(),
}


@dataclass(frozen=True)
class BookingById:
    """A booking named by the id a request's path gives."""

    booking_id: int


@dataclass(frozen=True)
class NewBooking:
    day: date
    time_slot_id: int
    contact: ContactDetails
    service_id: int | None = None
    message: str | None = None


@dataclass(frozen=True)
class BookingChanges:
    """A partial update; ``None`` means "leave as it is"."""

    day: date | None = None
    status: BookingStatus | None = None
    cancel_reason: str | None = None
    message: str | None = None


@dataclass(frozen=True)
class Occurrence:
    """One dated instance of a weekly time slot, with its instants in UTC."""

    slot: TimeSlot
    service: Service
    day: date
    starts_at: datetime
    ends_at: datetime


class BookingDesk:
    def __init__(self, ledger: SlotLedger, clock: Clock) -> None:
        self._ledger = ledger
        self._clock = clock
        self._customers = CustomerBook(ledger, clock)

    # reading

    def get(self, booking_id: int) -> Booking:
        booking = self._ledger.get_booking(booking_id)
        if booking is None:
            raise NotFound("booking", booking_id)
        return booking

    def list_for_service(self, service_id: int, page: int, page_size: int) -> Page:
        if self._ledger.get_service(service_id) is None:
            raise NotFound("service", service_id)
        items, total = self._ledger.list_bookings(service_id, (page - 1) * page_size, page_size)
        return Page(tuple(items), page, page_size, total)

    def owners(self, bookings: tuple[Booking, ...] | list[Booking]) -> dict[int, Customer]:
        """The customers of these bookings, by id, fetched together."""
        return self._ledger.customers_by_id({booking.customer_id for booking in bookings})

    def owner(self, booking: Booking) -> Customer:
        """The customer of a booking already in hand, without reading the booking again."""
        return self._customers.get(booking.customer_id)

    def customer_of(self, booking_id: int) -> Customer:
        return self.owner(self.get(booking_id))

    # writing

    def create(self, request: NewBooking) -> Booking:
        slot = self._ledger.get_time_slot(request.time_slot_id)
        if slot is None:
            raise NotFound("time slot", request.time_slot_id)
        if request.service_id is not None and request.service_id != slot.service_id:
            raise InvalidInput(
                "time slot does not belong to service",
                problems=(FieldProblem("time_slot_id", f"not a slot of service {request.service_id}"),),
            )
        occurrence = bookable_occurrence(self._ledger, self._clock, slot, request.day)
        customer = self._customers.find_or_register(request.contact)
        self._ensure_place_for(customer.id, occurrence, moving=None)

        now = self._clock.now()
        booking = Booking(
            id=self._ledger.allocate_id("booking"),
            service_id=slot.service_id,
            time_slot_id=slot.id,
            customer_id=customer.id,
            date=request.day,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            status=BookingStatus.PENDING,
            cancel_reason=None,
            message=request.message,
            created_at=now,
            updated_at=now,
        )
        self._ledger.insert_booking(booking)
        return booking

    def update(self, booking_id: int, changes: BookingChanges) -> Booking:
        booking = self.get(booking_id)
        self._refuse_a_closed_change(booking, changes)
        target_status = changes.status or booking.status
        self._check_cancel_reason(booking, changes, target_status)

        fields: dict[str, Any] = {}
        if changes.status is not None and changes.status != booking.status:
            if changes.status not in ALLOWED_TRANSITIONS[booking.status]:
                raise InvalidTransition(booking.status.value, changes.status.value)
            fields["status"] = changes.status
            if changes.status is BookingStatus.CANCELLED:
                fields["cancel_reason"] = changes.cancel_reason

        if changes.day is not None and changes.day != booking.date:
            if not target_status.holds_a_place:
                raise InvalidInput(
                    "cannot move a booking that is being cancelled",
                    problems=(FieldProblem("date", "drop date or status"),),
                )
            occurrence = self._move_target(booking, changes.day)
            fields.update(date=changes.day, starts_at=occurrence.starts_at, ends_at=occurrence.ends_at)

        if changes.message is not None and changes.message != booking.message:
            fields["message"] = changes.message

        if not fields:
            return booking
        fields["updated_at"] = next_revision_time(self._clock, booking.updated_at)
        self._ledger.update_booking(booking_id, fields)
        return replace(booking, **fields)

    def delete(self, booking_id: int) -> Booking:
        """Deletes the booking; returns it as it was (the answer and the event show it)."""
        booking = self.get(booking_id)
        self._ledger.delete_booking(booking_id)
        return booking

    def update_customer(self, booking_id: int, contact: ContactDetails) -> Customer:
        return self._customers.update(self.get(booking_id).customer_id, contact)

    # rules

    @staticmethod
    def _would_change(booking: Booking, changes: BookingChanges) -> bool:
        return (changes.day is not None and changes.day != booking.date) or (
            changes.message is not None and changes.message != booking.message
        )

    @classmethod
    def _refuse_a_closed_change(cls, booking: Booking, changes: BookingChanges) -> None:
        """A cancelled or completed booking is history, in every spelling of a change: a cancel
        again (with a reason or without), a new reason, a date or a note."""
        if ALLOWED_TRANSITIONS[booking.status]:
            return
        if booking.status is BookingStatus.CANCELLED and (
            changes.status is BookingStatus.CANCELLED or changes.cancel_reason is not None
        ):
            raise AlreadyCancelled("booking is already cancelled")
        if changes.status is not None and changes.status != booking.status:
            raise InvalidTransition(booking.status.value, changes.status.value)
        if changes.cancel_reason is not None or cls._would_change(booking, changes):
            raise InvalidTransition(booking.status.value, "modified")

    @staticmethod
    def _check_cancel_reason(booking: Booking, changes: BookingChanges, target: BookingStatus) -> None:
        cancelling = target is BookingStatus.CANCELLED and booking.status is not target
        if cancelling and not (changes.cancel_reason or "").strip():
            raise InvalidInput(
                "cancel_reason is required when status is cancelled",
                problems=(FieldProblem("cancel_reason", "required when cancelling"),),
            )
        if changes.cancel_reason is not None and not cancelling:
            raise InvalidInput(
                "cancel_reason is only accepted together with status cancelled",
                problems=(FieldProblem("cancel_reason", "send status: cancelled with it"),),
            )

    def _move_target(self, booking: Booking, day: date) -> Occurrence:
        slot = self._ledger.get_time_slot(booking.time_slot_id)
        if slot is None:  # the catalogue is read-only; a dangling slot is a storage fault
            raise NotFound("time slot", booking.time_slot_id)
        occurrence = bookable_occurrence(self._ledger, self._clock, slot, day)
        self._ensure_place_for(booking.customer_id, occurrence, moving=booking.id)
        return occurrence

    def _ensure_place_for(self, customer_id: int, occurrence: Occurrence, moving: int | None) -> None:
        slot = occurrence.slot
        places = self._ledger.places_at(slot.id, occurrence.day, customer_id, excluding=moving)
        if places.held_by_customer:
            raise DuplicateBooking("duplicate booking")
        if places.taken >= slot.max_bookings:
            raise CapacityExhausted("time slot is full")


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def bookable_occurrence(
    ledger: SlotLedger, clock: Clock, slot: TimeSlot, day: date, field: str = "date"
) -> Occurrence:
    """The slot's occurrence on ``day``, if it can still be booked: right weekday, future, in the window."""
    service = ledger.get_service(slot.service_id)
    location = ledger.get_location(service.location_id) if service else None
    if service is None or location is None:
        raise NotFound("service", slot.service_id)
    return occurrence_of(slot, service, location, day, now=clock.now(), field=field)


def occurrence_of(
    slot: TimeSlot, service: Service, location: Location, day: date, *, now: datetime, field: str = "date"
) -> Occurrence:
    """``bookable_occurrence`` for a caller that already holds the slot's service and location."""
    if not slot.occurs_on(day):
        raise SlotUnavailable(
            f"time slot {slot.id} is only available on {_WEEKDAYS[slot.weekday]}",
            problems=(FieldProblem(field, f"{day.isoformat()} is a {_WEEKDAYS[day.weekday()]}"),),
        )
    zone = ZoneInfo(location.timezone)
    starts_at, ends_at = slot.instants_on(day, zone)
    if starts_at <= now:
        raise SlotUnavailable(
            "time slot has already started",
            problems=(FieldProblem(field, "choose a future date"),),
        )
    last_day = now.astimezone(zone).date() + timedelta(days=service.booking_window_days)
    if day > last_day:
        raise SlotUnavailable(
            f"date is beyond the {service.booking_window_days}-day booking window",
            problems=(FieldProblem(field, f"latest bookable date is {last_day.isoformat()}"),),
        )
    return Occurrence(slot, service, day, starts_at, ends_at)
