"""Merchant calendars: appointments, group sessions, recurring series, cancellations.

``ReservationDesk`` works on one tenant inside one transaction, like
``BookingDesk``: a request either applies whole (every occurrence of a series,
every participant) or raises a ``DomainError`` and the caller rolls back.
Callers are resolved first (``Principal``); every rule about who may touch what
lives here, not in an API's handlers.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from mockserver.domain.calendar.requests import CustomerBooking, MerchantBooking, ReservationView
from mockserver.domain.kernel.clock import Clock, next_revision_time
from mockserver.domain.kernel.errors import (
    AccessDenied,
    AlreadyCancelled,
    Conflict,
    DeadlinePassed,
    DuplicateBooking,
    FieldProblem,
    InvalidInput,
    NotFound,
)
from mockserver.domain.kernel.model import BookingStatus, Customer, Location, Provider, Service
from mockserver.domain.kernel.ports import Ledger

from .model import Reservation
from .ports import CalendarLedger
from .recurrence import occurrences
from .roster import Roster
from .staffing import Staffing

MAX_RESERVATION = timedelta(hours=24)


class ReservationDesk:
    def __init__(self, ledger: Ledger, calendar: CalendarLedger, clock: Clock) -> None:
        self._ledger = ledger
        self._calendar = calendar
        self._clock = clock
        self._roster = Roster(ledger, calendar, clock)
        self._staffing = Staffing(calendar)

    # customers

    def book_as_customer(self, customer: Customer, request: CustomerBooking) -> Reservation:
        provider = self._merchant(request.merchant_slug)
        service = self._service_of(provider, request.service_id)
        location = self._location_for(provider, service, request.location_id)
        if request.join_id is not None:
            return self._join(customer, service, request)
        starts_at = self._future_start(request.starts_at)
        window_end = self._clock.now() + timedelta(days=service.booking_window_days)
        if starts_at > window_end:
            raise InvalidInput(
                f"bookings open {service.booking_window_days} days ahead",
                problems=(FieldProblem("starts_at", f"latest start is {window_end.isoformat()}"),),
            )
        return self._reserve(service, location, starts_at, (customer,), customer_note=request.customer_note)

    def view_as_customer(self, customer: Customer, reservation_id: int) -> ReservationView:
        reservation = self._reservation(reservation_id)
        taken = self._calendar.latest_participation(reservation_id, customer.id)
        if taken is None:
            raise AccessDenied("this booking belongs to another customer")
        service = self._ledger.get_service(reservation.service_id)
        location = self._ledger.get_location(reservation.location_id)
        provider = self._calendar.get_provider(reservation.provider_id)
        # A reservation's catalogue rows are never deleted.
        assert service is not None
        assert location is not None
        assert provider is not None
        count = len(self._calendar.active_participants([reservation.id]))
        cancelled = reservation.status is BookingStatus.CANCELLED or taken.status is BookingStatus.CANCELLED
        return ReservationView(reservation, service, location, provider, count, taken, cancelled)

    def cancel_as_customer(self, customer: Customer, reservation_id: int, merchant_slug: str) -> None:
        view = self.view_as_customer(customer, reservation_id)
        if self._merchant(merchant_slug).id != view.provider.id:
            raise InvalidInput(
                "merchant_name is not the merchant of this booking",
                problems=(FieldProblem("merchant_name", f"this booking is with {view.provider.slug}"),),
            )
        if view.cancelled:
            raise AlreadyCancelled("booking is already cancelled")
        deadline = view.reservation.starts_at - timedelta(hours=view.service.cancellation_deadline_hours)
        if self._clock.now() > deadline:
            raise DeadlinePassed(
                f"the cancellation deadline ({view.service.cancellation_deadline_hours} hours before the "
                f"start) passed at {deadline.isoformat()}"
            )
        self._calendar.update_participants(
            [view.participation.id], {"status": BookingStatus.CANCELLED, "cancelled_at": self._clock.now()}
        )
        changes: dict[str, Any] = {}
        if not view.service.is_group:  # an appointment without its customer is no appointment
            changes["status"] = BookingStatus.CANCELLED
        self._touch(view.reservation, changes)

    # merchants

    def book_as_merchant(self, provider: Provider, request: MerchantBooking) -> list[Reservation]:
        service = self._service_of(provider, request.service_id)
        location = self._ledger.get_location(service.location_id)
        assert location is not None
        customers = self._roster.resolve(service, request.customers)
        first = self._future_start(request.starts_at)
        starts = (
            occurrences(request.recurrence, first, ZoneInfo(location.timezone))
            if request.recurrence is not None
            else [first]
        )
        series_id = self._ledger.allocate_id("series") if request.recurrence is not None else None
        seats = None if service.is_group else self._staffing.walk_in_seats(provider.id, location)
        created = []
        for starts_at in starts:
            try:
                created.append(
                    self._reserve(
                        service,
                        location,
                        starts_at,
                        customers,
                        merchant_note=request.merchant_note,
                        series_id=series_id,
                        seats=seats,
                    )
                )
            except Conflict as error:
                if series_id is None:
                    raise
                raise error.in_context(f"occurrence at {starts_at.isoformat()}") from None
        return created

    def reschedule(
        self,
        provider: Provider,
        reservation_id: int,
        merchant_note: str,
        starts_at: datetime,
        ends_at: datetime,
    ) -> Reservation:
        reservation = self._owned(provider, reservation_id)
        if reservation.status is BookingStatus.CANCELLED:
            raise AlreadyCancelled("a cancelled booking cannot be changed")
        if ends_at <= starts_at or ends_at - starts_at > MAX_RESERVATION:
            raise InvalidInput(
                "to_date must be after from_date, at most 24 hours later",
                problems=(FieldProblem("ends_at", "after the start, within 24 hours"),),
            )
        self._future_start(starts_at)
        location = self._ledger.get_location(reservation.location_id)
        assert location is not None
        self._staffing.check_member(reservation.staff_id, location, starts_at, ends_at, reservation.id)
        changes = {"starts_at": starts_at, "ends_at": ends_at, "merchant_note": merchant_note or None}
        return self._touch(reservation, changes)

    def cancel_as_merchant(self, provider: Provider, reservation_id: int, reason: str) -> Reservation:
        reservation = self._owned(provider, reservation_id)
        if reservation.status is BookingStatus.CANCELLED:
            raise AlreadyCancelled("booking is already cancelled")
        now = self._clock.now()
        places = self._calendar.active_participants([reservation.id])
        self._calendar.update_participants(
            [p.id for p in places], {"status": BookingStatus.CANCELLED, "cancelled_at": now}
        )
        changes = {
            "status": BookingStatus.CANCELLED,
            "cancelled_by_merchant_on": now,
            "cancellation_reason": reason,
        }
        return self._touch(reservation, changes)

    # shared rules

    def _join(self, customer: Customer, service: Service, request: CustomerBooking) -> Reservation:
        assert request.join_id is not None
        session = self._reservation(request.join_id)
        if session.service_id != service.id or session.location_id != request.location_id:
            raise InvalidInput(
                "the group booking is for another service or location",
                problems=(FieldProblem("booking_id", f"booking {session.id} is not of this service"),),
            )
        if not service.is_group:
            raise InvalidInput(
                "only group bookings (events, classes) can be joined",
                problems=(FieldProblem("booking_id", f"booking {session.id} is an appointment"),),
            )
        if request.starts_at != session.starts_at:
            raise InvalidInput(
                "timeStamp is not the start of the group booking",
                problems=(FieldProblem("starts_at", f"the group starts at {session.starts_at.isoformat()}"),),
            )
        if session.status is BookingStatus.CANCELLED:
            raise AlreadyCancelled("the group booking is cancelled")
        self._future_start(session.starts_at)
        taken = self._calendar.latest_participation(session.id, customer.id)
        if taken is not None and taken.status.holds_a_place:
            raise DuplicateBooking("customer is already a participant")
        seated = len(self._calendar.active_participants([session.id]))
        self._roster.seat(session, service, (customer,), seated=seated)
        return self._touch(session, {})

    def _reserve(
        self,
        service: Service,
        location: Location,
        starts_at: datetime,
        customers: tuple[Customer, ...],
        *,
        customer_note: str | None = None,
        merchant_note: str | None = None,
        series_id: int | None = None,
        seats: list[Location] | None = None,
    ) -> Reservation:
        if service.is_group:
            existing = self._calendar.group_session_at(service.id, starts_at)
            if existing is not None:
                raise Conflict(
                    f"a group booking of this service already starts then: join booking {existing.id}",
                    problems=(FieldProblem("booking_id", f"use {existing.id} to join"),),
                )
        ends_at = starts_at + timedelta(minutes=service.duration_minutes)
        location, member = self._staffing.free_member_at(seats or [location], starts_at, ends_at)
        now = self._clock.now()
        reservation = Reservation.booked(
            self._ledger.allocate_id("reservation"),
            service,
            location_id=location.id,
            staff_id=member.id,
            starts_at=starts_at,
            ends_at=ends_at,
            now=now,
            customer_note=customer_note,
            merchant_note=merchant_note or None,
            series_id=series_id,
        )
        self._calendar.insert_reservation(reservation)
        self._roster.seat(reservation, service, customers, seated=0)  # a new reservation is empty
        return reservation

    def _merchant(self, slug: str) -> Provider:
        provider = self._calendar.provider_by_slug(slug)
        if provider is None:
            raise NotFound("merchant", slug)
        return provider

    def _service_of(self, provider: Provider, service_id: int) -> Service:
        service = self._ledger.get_service(service_id)
        if service is None or service.provider_id != provider.id:
            raise NotFound("service", service_id)
        return service

    def _location_for(self, provider: Provider, service: Service, location_id: int) -> Location:
        location = self._ledger.get_location(location_id)
        if location is None or location.provider_id != provider.id:
            raise NotFound("location", location_id)
        if service.location_id != location.id:
            raise InvalidInput(
                "the service is not offered at this location",
                problems=(FieldProblem("location_id", f"book it at location {service.location_id}"),),
            )
        return location

    def _reservation(self, reservation_id: int) -> Reservation:
        reservation = self._calendar.get_reservation(reservation_id)
        if reservation is None:
            raise NotFound("booking", reservation_id)
        return reservation

    def _owned(self, provider: Provider, reservation_id: int) -> Reservation:
        reservation = self._reservation(reservation_id)
        if reservation.provider_id != provider.id:
            raise AccessDenied("this booking belongs to another merchant")
        return reservation

    def _future_start(self, starts_at: datetime) -> datetime:
        if starts_at <= self._clock.now():
            raise InvalidInput(
                "the start time has already passed",
                problems=(FieldProblem("starts_at", "choose a future time"),),
            )
        return starts_at

    def _touch(self, reservation: Reservation, changes: dict[str, Any]) -> Reservation:
        changes["updated_at"] = next_revision_time(self._clock, reservation.updated_at)
        self._calendar.update_reservation(reservation.id, changes)
        return replace(reservation, **changes)
