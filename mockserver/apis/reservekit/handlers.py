"""ReserveKit's operations: translate the wire to the domain and back, nothing more.

Connexion resolves each ``operationId`` in the spec to the method of the same
name on one ``ReserveKitHandlers`` per app. ``user`` is the bearer key that
``auth.bearer_info`` accepted; each key opens its own sandbox.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol

from mockserver.domain.kernel.errors import DomainError
from mockserver.domain.kernel.model import Service
from mockserver.domain.slots.bookings import BookingById, BookingDesk
from mockserver.domain.slots.catalogue import Catalogue
from mockserver.storage.tenancy.sandboxes import Sandbox, SandboxStore

from . import wire
from .vocabulary import API_NAME, CREATE_FIELDS, CREATED, DELETED, UPDATED

Reply = tuple[dict[str, Any], int]


class EventSink(Protocol):
    """Where booking events go (the sandbox's webhooks); published after the change commits."""

    def publish(self, sandbox_hash: str, event: str, data: Mapping[str, Any]) -> None: ...


class ReserveKitHandlers:
    def __init__(self, store: SandboxStore, events: EventSink) -> None:
        self._store = store
        self._events = events

    # bookings

    def create_booking(self, user: str, body: dict[str, Any], service_id: int | None = None) -> Reply:
        try:
            request = wire.new_booking(body, service_id)
        except DomainError as error:
            raise error.renamed(CREATE_FIELDS) from None
        with self._store.open(API_NAME, user, write=True, ahead=(request,)) as sandbox:
            desk = BookingDesk(sandbox.ledger, sandbox.clock)
            try:
                booking = desk.create(request)
            except DomainError as error:
                raise error.renamed(CREATE_FIELDS) from None
            owner = desk.owner(booking)
        shown = wire.booking(booking, owner, wire.account_id(sandbox.sandbox_hash))
        self._events.publish(sandbox.sandbox_hash, CREATED, {"bookings": [shown]})
        return {"data": shown}, 201

    def list_bookings(self, user: str, service_id: int, page: int, page_size: int) -> Reply:
        with self._store.open(API_NAME, user, write=False) as sandbox:
            desk = BookingDesk(sandbox.ledger, sandbox.clock)
            listing = desk.list_for_service(service_id, page, page_size)
            owners = desk.owners(listing.items)
        account = wire.account_id(sandbox.sandbox_hash)
        bookings = [wire.booking(b, owners[b.customer_id], account) for b in listing.items]
        data = {
            "bookings": bookings,
            "pagination": wire.pagination(page, page_size, listing.total_count),
        }
        return {"data": data}, 200

    def get_booking(self, user: str, booking_id: int) -> Reply:
        with self._store.open(API_NAME, user, write=False) as sandbox:
            desk = BookingDesk(sandbox.ledger, sandbox.clock)
            booking = desk.get(booking_id)
            owner = desk.owner(booking)
        return {"data": wire.booking(booking, owner, wire.account_id(sandbox.sandbox_hash))}, 200

    def update_booking(self, user: str, booking_id: int, body: dict[str, Any]) -> Reply:
        with self._store.open(API_NAME, user, write=True, ahead=(BookingById(booking_id),)) as sandbox:
            desk = BookingDesk(sandbox.ledger, sandbox.clock)
            booking = desk.update(booking_id, wire.booking_changes(body))
            owner = desk.owner(booking)
        shown = wire.booking(booking, owner, wire.account_id(sandbox.sandbox_hash))
        self._events.publish(sandbox.sandbox_hash, UPDATED, {"bookings": [shown]})
        return {"data": shown}, 200

    def delete_booking(self, user: str, booking_id: int) -> Reply:
        with self._store.open(API_NAME, user, write=True, ahead=(BookingById(booking_id),)) as sandbox:
            desk = BookingDesk(sandbox.ledger, sandbox.clock)
            booking = desk.delete(booking_id)
            shown = wire.booking(booking, desk.owner(booking), wire.account_id(sandbox.sandbox_hash))
        self._events.publish(sandbox.sandbox_hash, DELETED, {"bookings": [shown]})
        return {"data": "ok"}, 200

    # booking customers

    def get_booking_customer(self, user: str, booking_id: int) -> Reply:
        with self._store.open(API_NAME, user, write=False) as sandbox:
            owner = BookingDesk(sandbox.ledger, sandbox.clock).customer_of(booking_id)
        return {"data": wire.customer(owner)}, 200

    def update_booking_customer(self, user: str, booking_id: int, body: dict[str, Any]) -> Reply:
        with self._store.open(API_NAME, user, write=True, ahead=(BookingById(booking_id),)) as sandbox:
            desk = BookingDesk(sandbox.ledger, sandbox.clock)
            owner = desk.update_customer(booking_id, wire.contact_changes(body))
        return {"data": wire.customer(owner)}, 200

    # catalogue

    def list_services(self, user: str, page: int = 1, page_size: int = 10) -> Reply:
        with self._store.open(API_NAME, user, write=False) as sandbox:
            catalogue = Catalogue(sandbox.ledger)
            services, total = catalogue.services(page, page_size)
            shown = [self._service(sandbox, catalogue, s) for s in services]
        return {"data": {"services": shown, "pagination": wire.pagination(page, page_size, total)}}, 200

    def get_service(self, user: str, service_id: int) -> Reply:
        with self._store.open(API_NAME, user, write=False) as sandbox:
            catalogue = Catalogue(sandbox.ledger)
            return {"data": self._service(sandbox, catalogue, catalogue.service(service_id))}, 200

    def list_time_slots(
        self,
        user: str,
        service_id: int,
        *,
        page: int = 1,
        page_size: int = 10,
        date: str | None = None,
        no_pagination: bool = False,
    ) -> Reply:
        on = _parse_date(date)
        with self._store.open(API_NAME, user, write=False) as sandbox:
            catalogue = Catalogue(sandbox.ledger)
            if no_pagination:
                slots = catalogue.every_time_slot(service_id, on)
                page, page_size, total = 1, max(1, len(slots)), len(slots)
            else:
                slots, total = catalogue.time_slots(service_id, on, page, page_size)
            since = sandbox.catalogue_since
        data = {
            "time_slots": [wire.time_slot(s.slot, since, on, s.places_left) for s in slots],
            "pagination": wire.pagination(page, page_size, total),
        }
        return {"data": data}, 200

    def list_service_time_slots(self, user: str, service_id: int) -> Reply:
        with self._store.open(API_NAME, user, write=False) as sandbox:
            slots = Catalogue(sandbox.ledger).every_time_slot(service_id)
            since = sandbox.catalogue_since
        return {"data": [wire.time_slot(s.slot, since) for s in slots]}, 200

    def get_time_slot(self, user: str, time_slot_id: int) -> Reply:
        with self._store.open(API_NAME, user, write=False) as sandbox:
            slot = Catalogue(sandbox.ledger).time_slot(time_slot_id)
            return {"data": wire.time_slot(slot, sandbox.catalogue_since)}, 200

    @staticmethod
    def _service(sandbox: Sandbox, catalogue: Catalogue, service: Service) -> dict[str, Any]:
        account = wire.account_id(sandbox.sandbox_hash)
        return wire.service(service, catalogue.time_zone(service), account, sandbox.catalogue_since)


def _parse_date(value: str | None) -> date | None:
    # The spec's format check has already accepted it as YYYY-MM-DD.
    return date.fromisoformat(value) if value is not None else None
