"""Reseller bookings ("visits"): spa and class flows, each initiated then confirmed.

Initiating takes a place on a slot occurrence (spa: a service's slot from the
provider's availability; class: a class instance) and holds it for ``HOLD``;
confirming pays for it (``payment``) and keeps it. Cancelling releases the
place for good; rescheduling closes the visit and books the same service at
another time in one step. The two flows share the core's slot capacity rules
but are never mixed: a class instance cannot be booked as a spa slot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from mockserver.domain.kernel.errors import (
    AlreadyCancelled,
    CapacityExhausted,
    DuplicateBooking,
    Expired,
    FieldProblem,
    InvalidInput,
    NotCancelable,
    NotEditable,
    NotFound,
    SlotUnavailable,
)
from mockserver.domain.kernel.model import BookingStatus, Provider
from mockserver.domain.slots.bookings import Occurrence, bookable_occurrence
from mockserver.domain.slots.model import Booking

from .coverage import assess
from .model import Client, Coverage, Flow, Visit, VisitStatus, VisitView
from .payment import Payment, PaymentChoice
from .session import ResellerSession

HOLD = timedelta(minutes=15)
FIELD = {Flow.SPA: "slot_id", Flow.CLASS: "class_instance_id"}
ENTITY = {Flow.SPA: "slot", Flow.CLASS: "class instance"}


@dataclass(frozen=True)
class SlotRef:
    """One dated occurrence of a weekly time slot: a spa slot or a class instance."""

    time_slot_id: int
    day: date


@dataclass(frozen=True)
class Initiated:
    view: VisitView
    coverage: Coverage


class VisitDesk:
    def __init__(self, session: ResellerSession) -> None:
        self._s = session

    def view(self, public_id: str) -> VisitView:
        return self._s.visit(public_id, write=False)

    def initiate(
        self, flow: Flow, client: Client, provider_id: int, ref: SlotRef, service_uuid: str | None = None
    ) -> Initiated:
        provider = self._s.provider(provider_id)
        occurrence = self._occurrence(flow, provider, ref, service_uuid)
        now = self._s.now()
        booking = self._take_place(flow, client, occurrence, BookingStatus.HELD)
        visit_id = self._s.ledger.allocate_id("visit")
        visit = Visit(
            id=visit_id,
            public_id=f"bkg_{self._s.core.ids.hex('visit', visit_id)}",
            booking_id=booking.id,
            reseller_id=self._s.reseller.id,
            client_id=client.id,
            flow=flow,
            status=VisitStatus.INITIATED,
            payment_method=None,
            credits_charged=0,
            copay_purchase_id=None,
            hold_expires_at=now + HOLD,
            rescheduled_from=None,
            rescheduled_to=None,
            created_at=now,
            updated_at=now,
        )
        self._s.ledger.insert_visit(visit)
        view = VisitView(visit, booking, occurrence.service, provider, client)
        return Initiated(view, self.coverage(view))

    def coverage(self, view: VisitView) -> Coverage:
        issued = self._s.ledger.pass_of_client(view.client.id)
        return assess(self._s.programme, view, issued)

    def confirm(self, flow: Flow, public_id: str, choice: PaymentChoice) -> VisitView:
        view = self._s.visit(public_id, write=True)
        if view.visit.flow is not flow:
            raise InvalidInput(
                f"{public_id} is a {view.visit.flow.value} booking; confirm it through its own flow",
                problems=(FieldProblem("booking_id", f"not a {flow.value} booking"),),
            )
        status = view.visit.status
        if status is VisitStatus.EXPIRED:
            raise Expired("the booking's hold has expired; initiate a new booking")
        if status is not VisitStatus.INITIATED:
            raise NotEditable(f"only an initiated booking can be confirmed (it is {status.value})")
        charge = Payment(self._s).charge(view, self.coverage(view), choice)
        return self._s.move(
            view,
            VisitStatus.CONFIRMED,
            payment_method=charge.method,
            credits_charged=charge.credits,
            copay_purchase_id=charge.copay_purchase_id,
            hold_expires_at=None,
        )

    def cancel(self, public_id: str) -> VisitView:
        view = self._s.visit(public_id, write=True)
        status = view.visit.status
        if status is VisitStatus.CANCELLED:
            raise AlreadyCancelled("the booking is already cancelled; cancellation is irreversible")
        if status not in (VisitStatus.INITIATED, VisitStatus.CONFIRMED):
            raise NotCancelable(f"a {status.value} booking cannot be cancelled")
        refund = Payment(self._s).refund(view)
        cancelled = self._s.move(view, VisitStatus.CANCELLED, hold_expires_at=None)
        return replace(cancelled, refund=refund)

    def reschedule(self, public_id: str, target: Callable[[Flow], SlotRef]) -> VisitView:
        """Move the visit to ``target(flow)``: the caller names a time the way the visit's flow does."""
        view = self._s.visit(public_id, write=True)
        flow, visit = view.visit.flow, view.visit
        if visit.status is not VisitStatus.CONFIRMED:
            raise NotEditable(f"only a confirmed booking can be rescheduled (it is {visit.status.value})")
        ref = target(flow)
        if (ref.time_slot_id, ref.day) == (view.booking.time_slot_id, view.booking.date):
            raise InvalidInput(
                "the booking is already at that time",
                problems=(FieldProblem(FIELD[flow], "choose another time"),),
            )
        occurrence = self._occurrence(flow, view.provider, ref, view.service.uuid)
        booking = self._take_place(flow, view.client, occurrence, BookingStatus.CONFIRMED)
        now = self._s.now()
        moved_id = self._s.ledger.allocate_id("visit")
        moved = replace(
            visit,
            id=moved_id,
            public_id=f"bkg_{self._s.core.ids.hex('visit', moved_id)}",
            booking_id=booking.id,
            rescheduled_from=visit.public_id,
            rescheduled_to=None,
            created_at=now,
            updated_at=now,
        )
        self._s.ledger.insert_visit(moved)
        self._s.move(view, VisitStatus.RESCHEDULED, rescheduled_to=moved.public_id)
        return replace(view, visit=moved, booking=booking)

    def for_client(
        self, client: Client, starting_after: str | None, status: VisitStatus | None, limit: int
    ) -> tuple[list[VisitView], bool]:
        """A page of the client's visits, newest first, and whether more follow."""
        before_id = None
        if starting_after is not None:
            cursor = self._s.ledger.visit(starting_after)
            if cursor is None or cursor.client_id != client.id:
                raise InvalidInput(
                    "starting_after is not a booking of this client",
                    problems=(FieldProblem("starting_after", "unknown cursor"),),
                )
            before_id = cursor.id
        # A stored status may be behind the clock (confirmed, but already over), so
        # fetch every stored status that settles into the one asked for, then settle.
        stored = None if status is None else _SETTLES_FROM[status]
        views: list[VisitView] = []
        while len(views) <= limit:
            batch = self._s.ledger.visits_of_client(client.id, before_id, stored, limit + 1)
            views += [
                v
                for v in (self._s.view_of(x, write=False) for x in batch)
                if status in (None, v.visit.status)
            ]
            if len(batch) <= limit:
                break
            before_id = batch[-1].id
        return views[:limit], len(views) > limit

    # rules

    def _occurrence(
        self, flow: Flow, provider: Provider, ref: SlotRef, service_uuid: str | None
    ) -> Occurrence:
        field = FIELD[flow]
        slot = self._s.core.get_time_slot(ref.time_slot_id)
        service = self._s.core.get_service(slot.service_id) if slot else None
        if slot is None or service is None or not flow.offers(service):
            raise NotFound(ENTITY[flow], ref.time_slot_id)
        if service.provider_id != provider.id:
            raise InvalidInput(
                f"the {ENTITY[flow]} is not at provider {provider.id}",
                problems=(FieldProblem(field, f"belongs to provider {service.provider_id}"),),
            )
        if service_uuid is not None and service.uuid != service_uuid.lower():
            raise InvalidInput(
                "the slot is not a slot of that service",
                problems=(FieldProblem(field, f"is a slot of service {service.uuid}"),),
            )
        return bookable_occurrence(self._s.core, self._s.clock, slot, ref.day, field)

    def _take_place(
        self, flow: Flow, client: Client, occurrence: Occurrence, status: BookingStatus
    ) -> Booking:
        slot, now = occurrence.slot, self._s.now()
        places = self._s.ledger.places_at(slot.id, occurrence.day, now, client.id)
        if places.held_by_customer:
            raise DuplicateBooking("the client already has a booking at that time")
        if places.taken >= slot.max_bookings:
            if flow is Flow.CLASS:
                raise CapacityExhausted("the class is full")
            raise SlotUnavailable("the slot is no longer available")
        booking = Booking(
            id=self._s.core.allocate_id("booking"),
            service_id=slot.service_id,
            time_slot_id=slot.id,
            customer_id=client.id,
            date=occurrence.day,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            status=status,
            cancel_reason=None,
            message=None,
            created_at=now,
            updated_at=now,
        )
        self._s.core.insert_booking(booking)
        return booking


_SETTLES_FROM = {
    VisitStatus.INITIATED: frozenset({VisitStatus.INITIATED}),
    VisitStatus.CONFIRMED: frozenset({VisitStatus.CONFIRMED}),
    VisitStatus.EXPIRED: frozenset({VisitStatus.INITIATED, VisitStatus.EXPIRED}),
    VisitStatus.COMPLETED: frozenset({VisitStatus.CONFIRMED, VisitStatus.COMPLETED}),
    VisitStatus.CANCELLED: frozenset({VisitStatus.CANCELLED}),
    VisitStatus.RESCHEDULED: frozenset({VisitStatus.RESCHEDULED}),
}
