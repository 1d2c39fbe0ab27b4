"""Instant booking: create, pay and confirm a booking in one request.

Only services whose terms allow it; the customer's booking is confirmed at
once, with the caller as its only participant and the order paid in full.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

from .cases import BookingCases, BookingView
from .errors import FieldProblem, InvalidInput, NotEditable, SlotUnavailable
from .folios import BookingFolio, booking_number
from .model import BookingStatus, Customer, Participant, Reservation
from .orders import opened_order, price_lines
from .scheduling import check_bookable, check_range
from .staffing import Staffing


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
        staff_id = self._resource(service.location_id, request)
        check_bookable(cases, service, staff_id, request.starts_at, request.ends_at, excluding=None)
        now = cases.clock.now()
        reservation_id = cases.ledger.allocate_id("reservation")
        cases.calendar.insert_reservation(
            Reservation(
                id=reservation_id,
                provider_id=service.provider_id,
                service_id=service.id,
                location_id=service.location_id,
                staff_id=staff_id,
                starts_at=request.starts_at,
                ends_at=request.ends_at,
                status=BookingStatus.CONFIRMED,
                customer_note=None,
                merchant_note=None,
                series_id=None,
                cancelled_by_merchant_on=None,
                cancellation_reason=None,
                created_at=now,
                updated_at=now,
            )
        )
        cases.calendar.insert_participant(
            Participant(
                cases.ledger.allocate_id("participant"),
                reservation_id,
                caller.id,
                BookingStatus.CONFIRMED,
                now,
                None,
            )
        )
        folio = BookingFolio(
            reservation_id, str(uuid.uuid4()), booking_number(reservation_id), secrets.token_hex(8), caller.id
        )
        books.insert_folio(folio)
        minutes = int((request.ends_at - request.starts_at).total_seconds() // 60)
        opened = opened_order(
            reservation_id, service.currency, price_lines(service, minutes, 1, {}), now, paid=True
        )
        books.insert_order(opened.order)
        books.save_order_change(opened)
        return cases.view(cases.find(folio.uuid, settle=False), caller)

    def _resource(self, location_id: int, request: InstantRequest) -> int:
        if request.resource_uuid is not None:
            member = self._cases.books.staff_by_uuid(request.resource_uuid.lower())
            if member is None or member.location_id != location_id:
                raise InvalidInput(
                    "resource not found at this service's location",
                    problems=(FieldProblem("resource_id", "not a resource of this service"),),
                )
            return member.id
        location = self._cases.ledger.get_location(location_id)
        assert location is not None, "a service's location always exists"
        try:
            return Staffing(self._cases.calendar).free_member(location, request.starts_at, request.ends_at).id
        except SlotUnavailable as error:
            raise SlotUnavailable(f"slot unavailable: {error.message}") from None
