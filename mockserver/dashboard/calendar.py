"""The calendar's week: what one sandbox holds from Monday to Sunday on each API it is used on.

Every API keeps its own tenant, so each has its own lane. Slot APIs (ReserveKit, Bardge) show
each time slot's occurrence with the places left and the bookings on it; calendar APIs
(merchant, lifecycle) show reservations, group sessions with their participants, recurring
series and blocked times. Statuses are in each API's own words, and a Bardge visit shows
what time has done to it (``settled_status``), as that API does. Everything is read through
the domain's ports in one read-only transaction per API; nothing here writes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mockserver.apis.lifecycle.vocabulary import STATUS_WORDS as LIFECYCLE_WORDS
from mockserver.apis.merchant.vocabulary import STATUS_TO_WIRE as MERCHANT_WORDS
from mockserver.apis.reservekit.vocabulary import STATUS_TO_WIRE as RESERVEKIT_WORDS
from mockserver.domain.calendar.events import MerchantCalendar
from mockserver.domain.kernel.model import BookingStatus, Customer, Service
from mockserver.domain.reseller.session import settled_status
from mockserver.domain.slots.catalogue import Catalogue
from mockserver.domain.slots.model import Booking, TimeSlot
from mockserver.storage.tenancy.sandboxes import Sandbox

SLOT_APIS = ("reservekit-v1", "bardge-v3")
CALENDAR_WORDS: dict[str, dict[BookingStatus, str]] = {
    "merchant": MERCHANT_WORDS,
    "lifecycle": LIFECYCLE_WORDS,
}
# The seeded catalogue is small (a few services a provider); this bounds a hostile import.
CATALOGUE_LIMIT = 500


@dataclass(frozen=True)
class Person:
    name: str
    status: str | None = None


@dataclass(frozen=True)
class Entry:
    """One thing on the calendar, with what the dashboard's detail view needs to find it again."""

    api: str
    kind: str
    """``slot`` (an occurrence of a time slot), ``appointment``, ``session`` (a group) or ``blocked``."""
    ref: str
    """The entry's id in its lane, for the ``entry`` fragment: ``slot-3-2027-01-06``, ``reservation-12``…"""
    title: str
    starts_at: datetime
    ends_at: datetime
    zone: str
    status: str | None = None
    places_left: int | None = None
    places: int | None = None
    people: tuple[Person, ...] = ()
    series: int | None = None
    notes: tuple[str, ...] = ()

    @property
    def booked(self) -> bool:
        """Whether it holds a booking: a reservation, or a time slot someone has booked."""
        return self.kind in ("appointment", "session") or bool(self.people)

    @property
    def starts_utc(self) -> str:
        return self.starts_at.astimezone(UTC).isoformat()

    @property
    def local_day(self) -> date:
        return self.starts_at.astimezone(ZoneInfo(self.zone)).date()

    def local(self, at: datetime) -> str:
        return at.astimezone(ZoneInfo(self.zone)).strftime("%H:%M")


@dataclass(frozen=True)
class Day:
    day: date
    entries: tuple[Entry, ...]

    @property
    def taken(self) -> tuple[Entry, ...]:
        """Everything but the time slots nobody has booked yet (the calendar folds those away)."""
        return tuple(e for e in self.entries if e.kind != "slot" or e.people)

    def open_after(self, now: datetime) -> tuple[Entry, ...]:
        """The unbooked time slots still ahead: a day gone by offers nothing."""
        return tuple(e for e in self.entries if e.kind == "slot" and not e.people and e.starts_at > now)


@dataclass(frozen=True)
class Lane:
    api: str
    days: tuple[Day, ...]


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def next_start(sandbox: Sandbox, now: datetime) -> datetime | None:
    """When the tenant's next booking that holds a place starts, if one lies ahead."""
    if sandbox.api in SLOT_APIS:
        services, _ = sandbox.ledger.list_services(0, CATALOGUE_LIMIT)  # their zones are not needed
        slots = [slot.id for service in services for slot in _slots_of(sandbox, service)]
        return sandbox.ledger.next_booked_start(slots, now)
    found = [
        sandbox.calendar.next_reserved_start(provider.id, now) for provider in sandbox.calendar.providers()
    ]
    return min((start for start in found if start is not None), default=None)


def lane(sandbox: Sandbox, monday: date) -> Lane:
    """The week from ``monday`` of one API's tenant."""
    sunday = monday + timedelta(days=6)
    if sandbox.api in SLOT_APIS:
        entries = _slot_entries(sandbox, monday, sunday)
    else:
        entries = _calendar_entries(sandbox, monday, sunday)
    by_day: dict[date, list[Entry]] = defaultdict(list)
    for entry in entries:
        if monday <= entry.local_day <= sunday:
            by_day[entry.local_day].append(entry)
    days = tuple(
        Day(day, tuple(sorted(by_day[day], key=lambda e: (e.starts_at, e.title, e.ref))))
        for day in (monday + timedelta(days=n) for n in range(7))
    )
    return Lane(sandbox.api, days)


def _services(sandbox: Sandbox) -> tuple[list[Service], dict[int, str]]:
    """The catalogue's services and each one's time zone (its location's, as the APIs read it)."""
    catalogue = Catalogue(sandbox.ledger)
    services, _ = sandbox.ledger.list_services(0, CATALOGUE_LIMIT)
    return services, {service.id: catalogue.time_zone(service) for service in services}


def _slots_of(sandbox: Sandbox, service: Service) -> list[TimeSlot]:
    return sandbox.ledger.list_time_slots(service.id, None, 0, CATALOGUE_LIMIT)[0]


def _slot_entries(sandbox: Sandbox, monday: date, sunday: date) -> list[Entry]:
    ledger = sandbox.ledger
    services, zones = _services(sandbox)
    slots = [(slot, service) for service in services for slot in _slots_of(sandbox, service)]
    bookings = ledger.bookings_on([slot.id for slot, _ in slots], monday, sunday)
    customers = ledger.customers_by_id({b.customer_id for b in bookings})
    statuses = _slot_statuses(sandbox, bookings)
    on_occurrence = defaultdict(list)
    for booking in bookings:
        on_occurrence[(booking.time_slot_id, booking.date)].append(booking)
    entries = []
    for slot, service in slots:
        zone = ZoneInfo(zones[service.id])
        for offset in range(7):
            day = monday + timedelta(days=offset)
            if not slot.occurs_on(day):
                continue
            here = on_occurrence[(slot.id, day)]
            holding = [b for b in here if b.status.holds_a_place]
            starts_at, ends_at = slot.instants_on(day, zone)
            entries.append(
                Entry(
                    api=sandbox.api,
                    kind="slot",
                    ref=f"slot-{slot.id}-{day.isoformat()}",
                    title=service.name,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    zone=zones[service.id],
                    places_left=max(slot.max_bookings - len(holding), 0),
                    places=slot.max_bookings,
                    people=tuple(Person(_name(customers.get(b.customer_id)), statuses[b.id]) for b in here),
                    notes=tuple(b.message for b in here if b.message),
                )
            )
    return entries


def _slot_statuses(sandbox: Sandbox, bookings: list[Booking]) -> dict[int, str]:
    """Each booking's status as its API words it: ReserveKit's words, or the state time has
    settled a Bardge visit in."""
    if sandbox.api != "bardge-v3":
        return {b.id: RESERVEKIT_WORDS.get(b.status, b.status.value) for b in bookings}
    visits = {v.booking_id: v for v in sandbox.reseller.visits_of_bookings([b.id for b in bookings])}
    now = sandbox.clock.now()
    # A place no reseller booked (taken at the provider's desk) has no Bardge status at all.
    return {b.id: settled_status(visits[b.id], b, now).value if b.id in visits else OUTSIDE for b in bookings}


OUTSIDE = "booked at the provider"


def _calendar_entries(sandbox: Sandbox, monday: date, sunday: date) -> list[Entry]:
    words = CALENDAR_WORDS.get(sandbox.api, {})
    services, zones = _services(sandbox)
    provider_zone = {s.provider_id: zones[s.id] for s in services}
    # A day either side: entries are placed on their location's day, whatever its offset.
    start = datetime.combine(monday - timedelta(days=1), time(), UTC)
    end = datetime.combine(sunday + timedelta(days=2), time(), UTC)
    calendar = MerchantCalendar(sandbox.ledger, sandbox.calendar)
    entries = []
    for provider in sandbox.calendar.providers():
        view = calendar.between(provider, start, end)
        for item in view.entries:
            reservation, service = item.reservation, item.service
            group = service.is_group
            entries.append(
                Entry(
                    api=sandbox.api,
                    kind="session" if group else "appointment",
                    ref=f"reservation-{reservation.id}",
                    title=service.name,
                    starts_at=reservation.starts_at,
                    ends_at=reservation.ends_at,
                    zone=zones.get(service.id, "UTC"),
                    status=words.get(reservation.status, reservation.status.value),
                    places_left=max(service.max_participants - len(item.attendees), 0) if group else None,
                    places=service.max_participants if group else None,
                    people=tuple(
                        Person(_name(a.customer), words.get(a.place.status, a.place.status.value))
                        for a in item.attendees
                    ),
                    series=reservation.series_id,
                    notes=tuple(n for n in (reservation.customer_note, reservation.merchant_note) if n),
                )
            )
        for block in view.blocked:
            entries.append(
                Entry(
                    api=sandbox.api,
                    kind="blocked",
                    ref=f"blocked-{block.id}-{block.starts_at.astimezone(UTC).date().isoformat()}",
                    title=block.name,
                    starts_at=block.starts_at,
                    ends_at=block.ends_at,
                    zone=provider_zone.get(provider.id, "UTC"),
                    notes=("all day",) if block.all_day else (),
                )
            )
    return entries


def _name(customer: Customer | None) -> str:
    if customer is None:
        return "unknown customer"
    return customer.name or customer.email or customer.phone or customer.uuid
