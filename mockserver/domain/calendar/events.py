"""A merchant's calendar view, and who a merchant API caller is.

The calendar shows the active reservations and the blocked times overlapping a
range, each reservation with its service and participants, read in three
indexed queries whatever the range holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mockserver.domain.kernel.errors import FieldProblem, InvalidInput, NotAuthenticated
from mockserver.domain.kernel.model import Customer, Provider, Service
from mockserver.domain.kernel.ports import Ledger

from .model import BlockedTime, Participant, Reservation
from .ports import CalendarLedger

MAX_RANGE = timedelta(days=366)


@dataclass(frozen=True)
class Attendee:
    """One active place in a reservation, and who holds it."""

    place: Participant
    customer: Customer


@dataclass(frozen=True)
class CalendarEntry:
    reservation: Reservation
    service: Service
    attendees: tuple[Attendee, ...]

    @property
    def participants(self) -> tuple[Customer, ...]:
        return tuple(attendee.customer for attendee in self.attendees)


@dataclass(frozen=True)
class CalendarView:
    entries: tuple[CalendarEntry, ...]
    blocked: tuple[BlockedTime, ...]


class MerchantCalendar:
    def __init__(self, ledger: Ledger, calendar: CalendarLedger) -> None:
        self._ledger = ledger
        self._calendar = calendar

    def between(self, provider: Provider, start: datetime, end: datetime) -> CalendarView:
        if end <= start:
            raise InvalidInput("end must be after start", problems=(FieldProblem("end", "after start"),))
        if end - start > MAX_RANGE:
            raise InvalidInput(
                "a calendar range spans at most 366 days",
                problems=(FieldProblem("end", "within 366 days of start"),),
            )
        reservations, blocked = self._calendar.taken_between(provider.id, start, end)
        by_reservation: dict[int, list[Attendee]] = {}
        for place, customer in self._calendar.attendees([r.id for r in reservations]):
            by_reservation.setdefault(place.reservation_id, []).append(Attendee(place, customer))
        services: dict[int, Service] = {}
        entries = []
        for reservation in reservations:
            if reservation.service_id not in services:
                found = self._ledger.get_service(reservation.service_id)
                assert found is not None, "a reservation's service is never deleted"
                services[reservation.service_id] = found
            entries.append(
                CalendarEntry(
                    reservation,
                    services[reservation.service_id],
                    tuple(by_reservation.get(reservation.id, ())),
                )
            )
        return CalendarView(tuple(entries), tuple(blocked))


class Principals:
    """Resolves the merchant or customer a credential names, in one sandbox."""

    def __init__(self, ledger: Ledger, calendar: CalendarLedger) -> None:
        self._ledger = ledger
        self._calendar = calendar

    def merchant(self, slug: str) -> Provider:
        provider = self._calendar.provider_by_slug(slug)
        if provider is None:
            raise NotAuthenticated(f"no merchant {slug!r} in this sandbox")
        return provider

    def customer(self, customer_uuid: str) -> Customer:
        customer = self._ledger.find_customer_by_uuid(customer_uuid)
        if customer is None:
            raise NotAuthenticated(f"no customer {customer_uuid} in this sandbox")
        return customer
