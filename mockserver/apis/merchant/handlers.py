"""The merchant API's operations: translate the wire to the domain and back, nothing more.

Connexion resolves each ``operationId`` to the method of the same name; ``user``
is the bearer token ``auth.bearer_info`` accepted. The token names the sandbox
and the caller; ``_acting_as`` resolves both inside the request's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from connexion import request
from starlette.responses import Response

from mockserver.apis.instants import instant
from mockserver.domain.calendar.events import MerchantCalendar, Principals
from mockserver.domain.calendar.requests import MerchantBooking
from mockserver.domain.calendar.reservations import ReservationDesk
from mockserver.domain.calendar.roster import CustomerRef
from mockserver.domain.kernel.errors import AccessDenied, DomainError, FieldProblem, InvalidInput
from mockserver.domain.kernel.model import Customer, Provider
from mockserver.http.operations.replies import empty_response
from mockserver.storage.tenancy.sandboxes import Sandbox, SandboxStore

from . import wire
from .vocabulary import (
    API_NAME,
    CUSTOMER_CREATE_FIELDS,
    MERCHANT_CREATE_FIELDS,
    UPDATE_FIELDS,
    credentials,
)

Reply = tuple[Any, ...] | Response
# Success bodies are JSON and errors problem+json, so Connexion must be told which.
JSON = {"Content-Type": "application/json"}


class MerchantHandlers:
    def __init__(self, store: SandboxStore) -> None:
        self._store = store

    # customers

    def create_booking_by_customer(self, user: str, body: dict[str, Any]) -> Reply:
        with self._acting_as(user, "customer", write=True) as (sandbox, customer):
            try:
                booking = wire.customer_booking(body)
                reservation = _desk(sandbox).book_as_customer(customer, booking)
            except DomainError as error:
                raise error.renamed(CUSTOMER_CREATE_FIELDS) from None
        return empty_response(201, _created(reservation.id))

    def get_booking_by_customer(self, user: str, booking_id: int) -> Reply:
        with self._acting_as(user, "customer", write=False) as (sandbox, customer):
            view = _desk(sandbox).view_as_customer(customer, booking_id)
        return wire.customer_booking_view(view), 200, JSON

    def cancel_booking_by_customer(self, user: str, booking_id: int, body: dict[str, Any]) -> Reply:
        if body["booking_id"] != booking_id:
            raise InvalidInput(
                "booking_id in the body differs from the path",
                problems=(FieldProblem("booking_id", f"must be {booking_id}"),),
            )
        with self._acting_as(user, "customer", write=True) as (sandbox, customer):
            _desk(sandbox).cancel_as_customer(customer, booking_id, body["merchant_name"])
        return empty_response(200)

    # merchants

    def create_booking_by_merchant(self, user: str, body: dict[str, Any]) -> Reply:
        # Read before the transaction, so a PostgreSQL write can send the reads it names with
        # its locks; a refusal still waits for the caller's checks (401, 403 come first).
        try:
            booking, refused = wire.merchant_booking(body), None
        except DomainError as error:
            booking, refused = None, error.renamed(MERCHANT_CREATE_FIELDS)
        with self._acting_as(user, "merchant", write=True, booking=booking) as (sandbox, merchant):
            if booking is None:
                assert refused is not None
                raise refused
            try:
                created = _desk(sandbox).book_as_merchant(merchant, booking)
            except DomainError as error:
                raise error.renamed(MERCHANT_CREATE_FIELDS) from None
        return empty_response(201, _created(created[0].id))

    def update_booking_by_merchant(self, user: str, booking_id: int, body: dict[str, Any]) -> Reply:
        with self._acting_as(user, "merchant", write=True) as (sandbox, merchant):
            try:
                _desk(sandbox).reschedule(
                    merchant,
                    booking_id,
                    body["merchant_note"],
                    instant(body["from_date"], "starts_at"),
                    instant(body["to_date"], "ends_at"),
                )
            except DomainError as error:
                raise error.renamed(UPDATE_FIELDS) from None
        return empty_response(200)

    def cancel_booking_by_merchant(self, user: str, booking_id: int, body: dict[str, Any]) -> Reply:
        with self._acting_as(user, "merchant", write=True) as (sandbox, merchant):
            _desk(sandbox).cancel_as_merchant(merchant, booking_id, body["cancellation_reason"])
        return empty_response(200)

    def get_calendar_events(self, user: str, start: str, end: str) -> Reply:
        since, until = instant(start, "start"), instant(end, "end")
        with self._acting_as(user, "merchant", write=False) as (sandbox, merchant):
            view = MerchantCalendar(sandbox.ledger, sandbox.calendar).between(merchant, since, until)
        body = {
            "bookings": [wire.calendar_booking(entry) for entry in view.entries],
            "blocked_times": [wire.blocked_time(block) for block in view.blocked],
        }
        return body, 200, JSON

    @contextmanager
    def _acting_as(
        self, user: str, role: str, *, write: bool, booking: MerchantBooking | None = None
    ) -> Iterator[tuple[Sandbox, Any]]:
        """The token's sandbox and caller; 401 if the caller is unknown there, 403 if the wrong
        role. The caller a customer's token names, and ``booking``, the create the block makes,
        are named to the store ahead (``SandboxStore.open``)."""
        token = credentials(user)
        assert token is not None, "bearer_info admits well-formed tokens only"
        # The customer named ahead is the one looked up: one spelling of their uuid for both.
        subject = token.subject.lower() if token.role == "customer" else None
        ahead: list[CustomerRef | MerchantBooking] = [] if subject is None else [CustomerRef(uuid=subject)]
        if booking is not None:
            ahead.append(booking)
        with self._store.open(API_NAME, token.sandbox_key, write=write, ahead=ahead) as sandbox:
            principals = Principals(sandbox.ledger, sandbox.calendar)
            caller: Provider | Customer = (
                principals.merchant(token.subject) if subject is None else principals.customer(subject)
            )
            if token.role != role:
                raise AccessDenied(f"this operation needs a {role} token")
            yield sandbox, caller


def _desk(sandbox: Sandbox) -> ReservationDesk:
    return ReservationDesk(sandbox.ledger, sandbox.calendar, sandbox.clock)


def _created(booking_id: int) -> dict[str, str]:
    # Where the booking can be read: the customer's operation, whoever created it (the
    # merchant's own path takes only PATCH and DELETE).
    collection = request.url.path.rsplit("/", 1)[0]
    return {"Location": f"{collection}/customer/{booking_id}", "X-Booking-Id": str(booking_id)}
