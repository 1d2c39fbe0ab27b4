"""One reseller's view of its sandbox: the ledgers, the programme, the clock, and who may see what.

Every desk of the programme starts from a ``ResellerSession``. It loads clients
and visits on the reseller's behalf (another reseller's are refused) and
settles what time has done to a visit: an initiated hold that ran out has
expired, and a confirmed visit whose time has passed is completed. Reads show
the settled state; writes store it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from mockserver.domain.kernel.clock import Clock, next_revision_time
from mockserver.domain.kernel.errors import AccessDenied, NotFound
from mockserver.domain.kernel.model import BookingStatus, Provider
from mockserver.domain.reseller.catalogue import Programme, Reseller
from mockserver.domain.reseller.model import Client, Visit, VisitStatus, VisitView
from mockserver.domain.slots.model import Booking
from mockserver.domain.slots.ports import SlotLedger

from .ports import ResellerLedger

# Core booking status of each visit status: only initiated and confirmed visits hold a place.
CORE_STATUS = {
    VisitStatus.INITIATED: BookingStatus.HELD,
    VisitStatus.CONFIRMED: BookingStatus.CONFIRMED,
    VisitStatus.CANCELLED: BookingStatus.CANCELLED,
    VisitStatus.COMPLETED: BookingStatus.COMPLETED,
    VisitStatus.RESCHEDULED: BookingStatus.CANCELLED,
    VisitStatus.EXPIRED: BookingStatus.EXPIRED,
}


@dataclass(frozen=True)
class ResellerSession:
    core: SlotLedger
    ledger: ResellerLedger
    programme: Programme
    clock: Clock
    reseller: Reseller

    def now(self) -> datetime:
        return self.clock.now()

    # clients

    def client(self, client_uuid: str) -> Client:
        client = self.ledger.client_by_uuid(client_uuid.lower())
        if client is None:
            raise NotFound("client", client_uuid)
        return self.own_client(client)

    def own_client(self, client: Client) -> Client:
        if client.reseller_id != self.reseller.id:
            raise AccessDenied("the client belongs to another reseller")
        return client

    def provider(self, provider_id: int) -> Provider:
        provider = next((p for p in self.ledger.providers() if p.id == provider_id), None)
        if provider is None:
            raise NotFound("provider", provider_id)
        return provider

    # visits

    def visit(self, public_id: str, *, write: bool) -> VisitView:
        visit = self.ledger.visit(public_id)
        if visit is None:
            raise NotFound("booking", public_id)
        if visit.reseller_id != self.reseller.id:
            raise AccessDenied("the booking belongs to another reseller")
        return self.view_of(visit, write=write)

    def view_of(self, visit: Visit, *, write: bool) -> VisitView:
        booking = self.core.get_booking(visit.booking_id)
        assert booking is not None, "every visit holds a core booking"
        service = self.core.get_service(booking.service_id)
        assert service is not None, "the catalogue is read-only"
        client = self.ledger.client(visit.client_id)
        assert client is not None, "clients are never deleted"
        view = VisitView(visit, booking, service, self.provider(service.provider_id), client)
        settled = self._settled_status(visit, booking)
        if settled is visit.status:
            return view
        if write:
            return self.move(view, settled)
        return replace(view, visit=replace(visit, status=settled))

    def move(self, view: VisitView, status: VisitStatus, **fields: Any) -> VisitView:
        """Store the visit in ``status`` (with ``fields``) and its core booking in the matching state."""
        updated_at = next_revision_time(self.clock, view.visit.updated_at)
        changes = {"status": status, "updated_at": updated_at, **fields}
        self.ledger.update_visit(view.visit.id, changes)
        booking = _with_status(self.core, view.booking, CORE_STATUS[status], updated_at)
        return replace(view, visit=replace(view.visit, **changes), booking=booking)

    def _settled_status(self, visit: Visit, booking: Booking) -> VisitStatus:
        return settled_status(visit, booking, self.now())


def settled_status(visit: Visit, booking: Booking, now: datetime) -> VisitStatus:
    """What time has done to a visit by ``now``: a hold that ran out has expired, a confirmed
    visit whose time has passed is completed (the dashboard's calendar shows the same)."""
    if visit.status is VisitStatus.INITIATED and visit.hold_expires_at and visit.hold_expires_at <= now:
        return VisitStatus.EXPIRED
    if visit.status is VisitStatus.CONFIRMED and booking.ends_at <= now:
        return VisitStatus.COMPLETED
    return visit.status


def _with_status(core: SlotLedger, booking: Booking, status: BookingStatus, updated_at: datetime) -> Booking:
    if booking.status is status:
        return booking
    core.update_booking(booking.id, {"status": status, "updated_at": updated_at})
    return replace(booking, status=status, updated_at=updated_at)
