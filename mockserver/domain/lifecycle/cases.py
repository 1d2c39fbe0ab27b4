"""Loading a customer's booking with everything its rules need, and who may do what with it.

A ``BookingCase`` is one booking read in full: folio, reservation, service and
terms, current participants (with their customers) and order. Loading settles time first: a confirmed
booking whose check-in window has closed on the sandbox clock is expired, and
is stored so in write transactions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from mockserver.domain.calendar.model import Participant, Reservation, StaffMember
from mockserver.domain.calendar.ports import CalendarLedger
from mockserver.domain.kernel.clock import Clock, next_revision_time
from mockserver.domain.kernel.errors import AccessDenied, NotFound
from mockserver.domain.kernel.model import BookingStatus, Customer, Service
from mockserver.domain.kernel.ports import Ledger

from .folios import BookingFolio
from .orders import Order, OrderEntry, PriceLine, price_lines, total_of
from .ports import LifecycleLedger, StoredBooking
from .terms import AddOn, ServiceTerms


@dataclass(frozen=True)
class BookingCase:
    folio: BookingFolio
    reservation: Reservation
    service: Service
    terms: ServiceTerms
    participants: tuple[Participant, ...]
    """Those holding a place: confirmed, and invited who have not answered."""
    order: Order
    holders: Mapping[int, Customer]
    """The participants' customers by id, read with them."""

    def participation_of(self, customer_id: int) -> Participant | None:
        return next((p for p in self.participants if p.customer_id == customer_id), None)

    def status_for(self, customer: Customer | None) -> BookingStatus:
        """The booking's status, or "invited" for an invitee who has not answered."""
        mine = self.participation_of(customer.id) if customer else None
        if mine is not None and mine.status is BookingStatus.INVITED:
            return BookingStatus.INVITED
        return self.reservation.status


@dataclass(frozen=True)
class BookingView:
    case: BookingCase
    status: BookingStatus
    owner: Customer
    people: dict[int, Customer]
    resource: StaffMember
    entries: tuple[OrderEntry, ...]
    add_ons: tuple[tuple[AddOn, int], ...]
    """The chosen add-ons with their quantities."""
    edit_in_progress: bool
    series: tuple[BookingFolio, ...] = ()
    """Every occurrence's folio, by start, when the booking is part of a recurring series."""


class BookingCases:
    def __init__(
        self, ledger: Ledger, calendar: CalendarLedger, books: LifecycleLedger, clock: Clock
    ) -> None:
        self.ledger = ledger
        self.calendar = calendar
        self.books = books
        self.clock = clock

    def load(self, folio: BookingFolio, *, settle: bool) -> BookingCase:
        stored = StoredBooking(folio, self.calendar.get_reservation(folio.id), self.books.get_order(folio.id))
        return self._case(stored, settle=settle)

    def made(self, stored: StoredBooking, attendees: list[tuple[Participant, Customer]]) -> BookingCase:
        """The case of a booking this transaction has just written, as it wrote it: read back,
        it would be the same records, at a statement each (a round trip each on PostgreSQL)."""
        return self._case(stored, settle=False, attendees=attendees)

    def _case(
        self,
        stored: StoredBooking,
        *,
        settle: bool,
        attendees: list[tuple[Participant, Customer]] | None = None,
    ) -> BookingCase:
        folio, reservation, order = stored.folio, stored.reservation, stored.order
        service = self.ledger.get_service(reservation.service_id) if reservation else None
        terms = self.books.terms_of(service.id) if service else None
        if reservation is None or service is None or terms is None or order is None:
            raise AssertionError(f"booking {folio.uuid} is stored incompletely")
        reservation = self._settled(reservation, terms, settle=settle)
        if attendees is None:
            attendees = self.calendar.attendees([reservation.id])
        participants = tuple(place for place, _ in attendees)
        holders = {customer.id: customer for _, customer in attendees}
        return BookingCase(folio, reservation, service, terms, participants, order, holders)

    def find(self, booking_uuid: str, *, settle: bool) -> BookingCase:
        stored = self.books.booking_by_uuid(booking_uuid.lower())
        if stored is None:
            raise NotFound("booking", booking_uuid)
        return self._case(stored, settle=settle)

    def visible_to(self, customer: Customer, booking_uuid: str, *, settle: bool) -> BookingCase:
        case = self.find(booking_uuid, settle=settle)
        if case.folio.owner_id != customer.id and case.participation_of(customer.id) is None:
            raise AccessDenied("unauthorized: not the booking owner or a participant")
        return case

    def managed_by(self, customer: Customer, booking_uuid: str) -> BookingCase:
        """The booking, if the caller owns it or takes part with the right to edit it."""
        case = self.visible_to(customer, booking_uuid, settle=True)
        self.require_manager(case, customer)
        return case

    @staticmethod
    def require_manager(case: BookingCase, customer: Customer) -> None:
        """Refuse unless the customer owns the booking or takes part in it with the right to edit."""
        if case.folio.owner_id == customer.id:
            return
        mine = case.participation_of(customer.id)
        if mine is None or mine.status is not BookingStatus.CONFIRMED or not mine.can_edit:
            raise AccessDenied(
                "unauthorized: only the booking owner or a participant who can edit may do this"
            )

    def view(self, case: BookingCase, caller: Customer | None) -> BookingView:
        # The owner is read only where it holds no place (it usually does).
        people = {**case.holders, **self.ledger.customers_by_id({case.folio.owner_id} - case.holders.keys())}
        resource = self.books.get_staff(case.reservation.staff_id)
        assert resource is not None, "a reservation's staff member always exists"
        series: tuple[BookingFolio, ...] = ()
        if case.reservation.series_id is not None:
            members = self.books.series_members(case.reservation.series_id)
            folios = self.books.folios_by_id([m.id for m in members])
            series = tuple(folios[m.id] for m in members if m.id in folios)
        offered = {a.id: a for a in self.books.add_ons_of(case.service.id)} if case.folio.add_ons else {}
        return BookingView(
            case,
            case.status_for(caller),
            people[case.folio.owner_id],
            people,
            resource,
            tuple(self.books.entries_of(case.order.id)),
            tuple((offered[c.add_on_id], c.quantity) for c in case.folio.add_ons if c.add_on_id in offered),
            case.folio.open_edit(self.clock.now()) is not None,
            series,
        )

    def touch(self, case: BookingCase) -> None:
        """A change to the booking made elsewhere than its reservation row (a participant, an
        add-on, an answer): its ``updated_at`` moves all the same, as any change's does."""
        stamped = next_revision_time(self.clock, case.reservation.updated_at)
        self.calendar.update_reservation(case.reservation.id, {"updated_at": stamped})

    def reload(self, case: BookingCase) -> BookingCase:
        """The same booking read again, after a change."""
        return self.find(case.folio.uuid, settle=False)

    def price_lines(self, case: BookingCase) -> tuple[PriceLine, ...]:
        """What the booking costs as it stands now."""
        offered = {a.id: a for a in self.books.add_ons_of(case.service.id)}
        minutes = int((case.reservation.ends_at - case.reservation.starts_at).total_seconds() // 60)
        chosen = {offered[c.add_on_id]: c.quantity for c in case.folio.add_ons if c.add_on_id in offered}
        return price_lines(case.service, minutes, max(1, len(case.participants)), chosen)

    def total_of(self, case: BookingCase) -> int:
        return total_of(self.price_lines(case))

    def _settled(self, reservation: Reservation, terms: ServiceTerms, *, settle: bool) -> Reservation:
        if reservation.status is not BookingStatus.CONFIRMED:
            return reservation
        closes = terms.check_in_closes(reservation.starts_at)
        if self.clock.now() <= closes:
            return reservation
        expired = replace(
            reservation, status=BookingStatus.EXPIRED, updated_at=max(closes, reservation.updated_at)
        )
        if settle:
            self.calendar.update_reservation(
                reservation.id, {"status": expired.status, "updated_at": expired.updated_at}
            )
        return expired
