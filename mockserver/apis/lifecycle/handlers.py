"""The lifecycle API's operations: translate the wire to the domain and back, nothing more.

Connexion resolves each ``operationId`` to the method of the same name; ``user``
is the bearer token ``auth.bearer_info`` accepted. The token names the sandbox
and the caller (a customer, or a terminal that may only look bookings up by
number with their hash); ``_caller`` resolves both inside the request's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from mockserver.apis import instants
from mockserver.apis.instants import instant
from mockserver.domain.calendar.events import Principals
from mockserver.domain.calendar.roster import CustomerRef
from mockserver.domain.kernel.errors import AccessDenied, DomainError, NotFound
from mockserver.domain.kernel.model import Customer, Service
from mockserver.domain.kernel.ports import ServicesPage
from mockserver.domain.lifecycle.booking_lifecycle import BookingLifecycle
from mockserver.domain.lifecycle.cases import BookingCases
from mockserver.domain.lifecycle.folios import BookingByUuid
from mockserver.domain.lifecycle.instant import InstantBooking
from mockserver.domain.lifecycle.personalization import Personalization
from mockserver.domain.lifecycle.rebooking import BookingEditor
from mockserver.domain.lifecycle.scheduling import open_slots
from mockserver.storage.tenancy.sandboxes import Sandbox, SandboxStore

from . import wire
from .vocabulary import API_NAME, FIELD_NAMES, MEDIA_TYPE, credentials

Reply = tuple[Any, ...]
JSON_API = {"Content-Type": MEDIA_TYPE}
SCOPES = {None: None, "booking": False, "series": True}


class LifecycleHandlers:
    def __init__(self, store: SandboxStore) -> None:
        self._store = store

    # bookings

    def get_booking_by_number(self, user: str, number: str, hash_: str | None = None) -> Reply:
        with self._caller(user, write=False, terminal_ok=True) as (cases, customer):
            view = BookingLifecycle(cases).by_number(customer, number, hash_)
        return _ok(wire.booking_document(view))

    def get_booking(self, user: str, booking_id: str) -> Reply:
        with self._caller(user, write=False, booking=booking_id) as (cases, customer):
            view = BookingLifecycle(cases).view(_known(customer), booking_id)
        return _ok(wire.booking_document(view))

    def preview_cancellation(self, user: str, booking_id: str, scope: str | None = None) -> Reply:
        with self._caller(user, write=False, booking=booking_id) as (cases, customer):
            preview = BookingLifecycle(cases).preview(_known(customer), booking_id, SCOPES[scope])
        return _ok(wire.preview_document(preview, preview.booking.order.currency))

    def cancel_booking(self, user: str, booking_id: str, scope: str | None = None) -> Reply:
        with self._caller(user, write=True, booking=booking_id) as (cases, customer):
            view = BookingLifecycle(cases).cancel(_known(customer), booking_id, SCOPES[scope])
        return _ok(wire.booking_document(view))

    def accept_invite(self, user: str, booking_id: str) -> Reply:
        with self._caller(user, write=True, booking=booking_id) as (cases, customer):
            view = BookingLifecycle(cases).accept_invite(_known(customer), booking_id)
        return _ok(wire.booking_document(view))

    def reject_invite(self, user: str, booking_id: str) -> Reply:
        with self._caller(user, write=True, booking=booking_id) as (cases, customer):
            view = BookingLifecycle(cases).reject_invite(_known(customer), booking_id)
        return _ok(wire.booking_document(view))

    def personalize_booking(self, user: str, booking_id: str, body: dict[str, Any]) -> Reply:
        answers = {key: value for key, value in body.items() if key != "email"}
        with self._caller(user, write=True, booking=booking_id) as (cases, customer):
            view = Personalization(cases).submit(_known(customer), booking_id, answers, body.get("email"))
        return _ok(wire.booking_document(view))

    def edit_participants(self, user: str, booking_id: str, body: dict[str, Any]) -> Reply:
        with self._caller(user, write=True, booking=booking_id) as (cases, customer):
            view = BookingEditor(cases).edit_participants(_known(customer), booking_id, wire.guests(body))
        return _ok(wire.booking_document(view))

    def edit_service_options(self, user: str, booking_id: str, body: dict[str, Any]) -> Reply:
        with self._caller(user, write=True, booking=booking_id) as (cases, customer):
            editor = BookingEditor(cases)
            view = editor.edit_service_options(_known(customer), booking_id, wire.add_on_requests(body))
        return _ok(wire.booking_document(view))

    def edit_booking_base_data(self, user: str, booking_id: str, body: dict[str, Any]) -> Reply:
        starts_at = instant(body["start_date"], "start_date")
        ends_at = instant(body["end_date"], "end_date")
        with self._caller(user, write=True, booking=booking_id) as (cases, customer):
            try:
                view = BookingEditor(cases).edit_base_data(
                    _known(customer), booking_id, starts_at, ends_at, body.get("resource_id")
                )
            except DomainError as error:
                raise error.renamed(FIELD_NAMES) from None
        return _ok(wire.booking_document(view))

    def cancel_edit_booking(self, user: str, booking_id: str) -> Reply:
        with self._caller(user, write=True, booking=booking_id) as (cases, customer):
            view = BookingEditor(cases).cancel_edit(_known(customer), booking_id)
        return _ok(wire.booking_document(view))

    def create_instant_booking(self, user: str, body: dict[str, Any]) -> Reply:
        request = wire.instant_request(body)
        with self._caller(user, write=True) as (cases, customer):
            view = InstantBooking(cases).book(_known(customer), request)
        document = wire.booking_document(view)
        return document, 201, {**JSON_API, "Location": document["data"]["links"]["self"]}

    # services

    def list_services(self, user: str) -> Reply:
        page = ServicesPage(0, 100)
        with self._caller(user, write=False, terminal_ok=True, services=page) as (cases, _):
            services, _total = cases.books.list_services(page.offset, page.limit)
            data = [_service_resource(cases, service) for service in services]
        return _ok({"data": data, "meta": {"count": len(data)}})

    def get_service(self, user: str, service_id: str) -> Reply:
        with self._caller(user, write=False, terminal_ok=True) as (cases, _):
            resource = _service_resource(cases, _service(cases, service_id))
        return _ok({"data": resource})

    def get_service_custom_form(self, user: str, service_id: str) -> Reply:
        with self._caller(user, write=False, terminal_ok=True) as (cases, _):
            service = _service(cases, service_id)
            document = wire.custom_form_document(service, cases.books.form_of(service.id))
        return _ok(document)

    def get_service_availability(self, user: str, service_id: str, date: str) -> Reply:
        day = instants.day(date, "date")
        with self._caller(user, write=False, terminal_ok=True) as (cases, _):
            service = _service(cases, service_id)
            document = wire.availability_document(service, open_slots(cases, service, day))
        return _ok(document)

    @contextmanager
    def _caller(
        self,
        user: str,
        *,
        write: bool,
        terminal_ok: bool = False,
        booking: str | None = None,
        services: ServicesPage | None = None,
    ) -> Iterator[tuple[BookingCases, Customer | None]]:
        """The token's sandbox and customer (None for a terminal); 401 if the customer is unknown.
        The customer the token names, ``booking``, the uuid of the booking the block works on,
        and ``services``, the page it lists, are known before its transaction: they are named
        to the store ahead."""
        token = credentials(user)
        assert token is not None, "bearer_info admits well-formed tokens only"
        if token.role == "terminal" and not terminal_ok:
            raise AccessDenied("unauthorized: a terminal may only look bookings up by number")
        # The customer named ahead is the one looked up: one spelling of their uuid for both.
        subject = token.subject.lower() if token.role == "customer" else None
        ahead: list[CustomerRef | BookingByUuid | ServicesPage] = (
            [] if subject is None else [CustomerRef(uuid=subject)]
        )
        if booking is not None:
            ahead.append(BookingByUuid(uuid=booking.lower()))
        if services is not None:
            ahead.append(services)
        with self._store.open(API_NAME, token.sandbox_key, write=write, ahead=ahead) as sandbox:
            customer = (
                None if subject is None else Principals(sandbox.ledger, sandbox.calendar).customer(subject)
            )
            yield _cases(sandbox), customer


def _cases(sandbox: Sandbox) -> BookingCases:
    return BookingCases(sandbox.ledger, sandbox.calendar, sandbox.lifecycle, sandbox.clock)


def _known(customer: Customer | None) -> Customer:
    assert customer is not None, "terminal tokens are refused before a customer operation runs"
    return customer


def _service(cases: BookingCases, service_uuid: str) -> Service:
    service = cases.books.service_by_uuid(service_uuid.lower())
    if service is None:
        raise NotFound("service", service_uuid)
    return service


def _service_resource(cases: BookingCases, service: Service) -> dict[str, Any]:
    terms = cases.books.terms_of(service.id)
    assert terms is not None, "every seeded service has terms"
    return wire.service_resource(service, terms, cases.books.add_ons_of(service.id))


def _ok(document: dict[str, Any]) -> Reply:
    return document, 200, JSON_API
