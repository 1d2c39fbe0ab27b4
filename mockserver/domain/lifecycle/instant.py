"""Instant booking: create, pay and confirm a booking in one request.

Only services whose terms allow it; the customer's booking is confirmed at
once, with the caller as its only participant and the order paid in full.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mockserver.domain.calendar.model import Participant, Reservation
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput, NotEditable
from mockserver.domain.kernel.model import BookingStatus, Customer
from mockserver.domain.lifecycle.scheduling import check_bookable, check_range, free_resource, resource_of

from .cases import BookingCases, BookingView
from .folios import BookingFolio, booking_number
from .orders import opened_order, price_lines
from .ports import StoredBooking


@dataclass(frozen=True)
class InstantRequest:
    service_uuid: str
    starts_at: datetime
    ends_at: datetime
    resource_uuid: str | None


class InstantBooking:
    def __init__(self, cases: BookingCases) -> None:
        self._cases = cases

    def book(self, caller: Customer, request: InstantRequest) -> BookingView:
        cases, books = self._cases, self._cases.books
        service = books.service_by_uuid(request.service_uuid.lower())
        if service is None:
            raise InvalidInput("service not found", problems=(FieldProblem("service_id", "no such service"),))
        terms = books.terms_of(service.id)
        if terms is None or not terms.can_instant_book:
            raise NotEditable("instant booking is not available for this service")
        check_range(cases, service, request.starts_at, request.ends_at)
        staff_id = (
            resource_of(cases, service, request.resource_uuid).id
            if request.resource_uuid is not None
            else free_resource(cases, service, request.starts_at, request.ends_at).id
        )
        check_bookable(cases, service, staff_id, request.starts_at, request.ends_at, excluding=None)
        now = cases.clock.now()
        reservation_id = cases.ledger.allocate_id("reservation")
        reservation = Reservation.booked(
            reservation_id,
            service,
            location_id=service.location_id,
            staff_id=staff_id,
            starts_at=request.starts_at,
            ends_at=request.ends_at,
            now=now,
        )
        cases.calendar.insert_reservation(reservation)
        place = Participant(
            cases.ledger.allocate_id("participant"),
            reservation_id,
            caller.id,
            BookingStatus.CONFIRMED,
            now,
            None,
        )
        cases.calendar.insert_participant(place)
        ids = cases.ledger.ids
        folio = BookingFolio(
            reservation_id,
            ids.uuid("reservation", reservation_id),
            booking_number(reservation_id),
            ids.hex("reservation_hash", reservation_id, 8),
            caller.id,
        )
        books.insert_folio(folio)
        minutes = int((request.ends_at - request.starts_at).total_seconds() // 60)
        opened = opened_order(
            reservation_id, service.currency, price_lines(service, minutes, 1, {}), now, paid=True
        )
        books.insert_order(opened.order)
        books.save_order_change(opened)
        return cases.view(
            cases.made(StoredBooking(folio, reservation, opened.order), [(place, caller)]), caller
        )
