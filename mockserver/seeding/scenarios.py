"""Named scenarios: a seeded world plus a few arranged facts, from ``fixtures/scenarios/*.yaml``.

A scenario file is data: a description and a list of steps, each naming the
API it applies to and one of the arrangements below with its options. The
arrangements go through the domain's own rules (the same desks the APIs use),
relative to the sandbox clock, so a scenario stays true whenever it is loaded.
An arrangement may ask for the clock to move forward (never back), to stand
where the facts it made are interesting.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from mockserver.domain.calendar.model import Reservation
from mockserver.domain.calendar.ports import CalendarLedger
from mockserver.domain.calendar.recurrence import Frequency, RecurrenceRule
from mockserver.domain.calendar.requests import MerchantBooking
from mockserver.domain.calendar.reservations import ReservationDesk
from mockserver.domain.calendar.roster import CustomerRef
from mockserver.domain.kernel.clock import Clock
from mockserver.domain.kernel.customers import ContactDetails
from mockserver.domain.kernel.errors import CapacityExhausted, DomainError, ScenarioUnavailable
from mockserver.domain.kernel.model import Location, Provider, Service, ServiceKind
from mockserver.domain.slots.bookings import BookingDesk, NewBooking
from mockserver.domain.slots.model import TimeSlot
from mockserver.domain.slots.ports import SlotLedger

from .world import World
from .world_file import WorldFileError, read_scenario


class Sandbox(Protocol):
    """What an arrangement needs of one tenant's sandbox (storage's ``Sandbox`` is one)."""

    @property
    def api(self) -> str: ...

    @property
    def ledger(self) -> SlotLedger: ...

    @property
    def calendar(self) -> CalendarLedger: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def world(self) -> World: ...


@dataclass(frozen=True)
class Step:
    api: str
    action: str
    options: Mapping[str, Any]


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    steps: tuple[Step, ...]

    @property
    def apis(self) -> tuple[str, ...]:
        return tuple(sorted({step.api for step in self.steps}))


Arrangement = Callable[[Sandbox, Mapping[str, Any]], timedelta]

# dst-series: how far on either side of the change the series runs, and how far ahead a change
# is looked for (zones that abolished daylight saving have none, and the scenario says so).
SERIES_SPAN = timedelta(days=14)
CHANGE_HORIZON = timedelta(days=2 * 366)


def load_scenarios(*directories: Path) -> dict[str, Scenario]:
    """The scenario files of each folder (the built-in one first); a name is one file's."""
    scenarios: dict[str, Scenario] = {}
    where: dict[str, Path] = {}
    problems: list[str] = []
    for directory in directories:
        if not directory.is_dir():
            problems.append(f"{directory}: no such folder of scenario files")
            continue
        for path in sorted(directory.glob("*.yaml")):
            try:
                raw = read_scenario(path)
            except WorldFileError as error:
                problems += error.problems
                continue
            if path.stem in where:
                problems.append(
                    f"{path}: scenario {path.stem!r} is already {where[path.stem]}; rename the file"
                )
                continue
            steps = tuple(Step(s["api"], s["action"], s.get("options", {})) for s in raw["steps"])
            scenarios[path.stem] = Scenario(path.stem, str(raw["description"]).strip(), steps)
            where[path.stem] = path
    if problems:
        raise WorldFileError(problems)
    return scenarios


class Scenarios:
    """The scenarios a server offers; called as the store's arranger for one tenant."""

    def __init__(self, scenarios: Mapping[str, Scenario]) -> None:
        self.by_name = dict(scenarios)

    def __call__(self, sandbox: Sandbox, name: str) -> timedelta:
        """Arranges the scenario's steps for the sandbox's API; how far the clock should move."""
        advance = timedelta(0)
        for step in self.by_name[name].steps:
            if step.api == sandbox.api:
                advance = max(advance, ARRANGEMENTS[step.action](sandbox, step.options))
        return advance


# Arrangements


def fill_day(sandbox: Sandbox, options: Mapping[str, Any]) -> timedelta:
    """Every time slot of the first day at least ``days_ahead`` from now that has slots (a
    closed day has nothing to fill) is booked to capacity."""
    first = sandbox.clock.now().date() + timedelta(days=int(options.get("days_ahead", 7)))
    for day in (first + timedelta(days=n) for n in range(7)):
        slots = [slot for slot in sandbox.world.time_slots if slot.occurs_on(day)]
        if slots:
            for slot in slots:
                _fill(sandbox, slot, day)
            return timedelta(0)
    raise ScenarioUnavailable("fully-booked-day: the world has no time slot on any day of the week")


def fill_class(sandbox: Sandbox, options: Mapping[str, Any]) -> timedelta:
    """The first class occurrence at least ``days_ahead`` from now is booked to capacity."""
    first = sandbox.clock.now().date() + timedelta(days=int(options.get("days_ahead", 2)))
    classes = {s.id for s in sandbox.world.services if s.kind is ServiceKind.CLASS}
    slots = [slot for slot in sandbox.world.time_slots if slot.service_id in classes]
    if not slots:
        raise ScenarioUnavailable("class-at-capacity: the world has no class with time slots")
    day, slot = min(
        ((_next_on(slot, first), slot) for slot in slots), key=lambda pair: (pair[0], pair[1].start_time)
    )
    _fill(sandbox, slot, day)
    return timedelta(0)


def deadline_pair(sandbox: Sandbox, options: Mapping[str, Any]) -> timedelta:
    """One customer holds two bookings a week apart; the clock moves to halfway into the
    first one's cancellation deadline, so it can no longer be cancelled and the second can."""
    service = _merchant_service(sandbox, options)
    customer = CustomerRef(uuid=sandbox.world.customers[0].uuid)
    first = _book_first(sandbox, sandbox.clock.now() + timedelta(days=2), service=service, customer=customer)
    second = _book_first(sandbox, first.starts_at + timedelta(days=7), service=service, customer=customer)
    assert second.starts_at > first.starts_at
    half_deadline = timedelta(hours=service.cancellation_deadline_hours) / 2
    return max(timedelta(0), first.starts_at - half_deadline - sandbox.clock.now())


def dst_series(sandbox: Sandbox, options: Mapping[str, Any]) -> timedelta:
    """A weekly series that spans the location's next daylight-saving change, two weeks either side.

    The series starts two weeks before the change, so a change nearer than that cannot be
    spanned from now: the following one is used instead, never a shorter series."""
    service = _merchant_service(sandbox, options)
    desk, provider = _merchant_desk(sandbox, service)
    location = _location_of(sandbox, service)
    zone = ZoneInfo(location.timezone)
    change = _first_change_with_lead(sandbox.clock.now(), zone, lead=SERIES_SPAN)
    customer = CustomerRef(uuid=sandbox.world.customers[1].uuid)
    start_from = change - SERIES_SPAN
    until = change + SERIES_SPAN
    for candidate in _working_starts(sandbox, service, start_from, days=7):
        request = MerchantBooking(
            service.id,
            candidate,
            (customer,),
            merchant_note="scenario: a weekly series across a daylight-saving change",
            recurrence=RecurrenceRule(Frequency.WEEKLY, until=until),
        )
        try:
            desk.book_as_merchant(provider, request)
            return timedelta(0)
        except DomainError:
            continue
    raise ScenarioUnavailable(
        "dst-series: no weekly series across the daylight-saving change fits the seeded shifts"
    )


ARRANGEMENTS: dict[str, Arrangement] = {
    "fill_day": fill_day,
    "fill_class": fill_class,
    "deadline_pair": deadline_pair,
    "dst_series": dst_series,
}


# Helpers


def _fill(sandbox: Sandbox, slot: TimeSlot, day: date) -> None:
    """Books every place of the occurrence, or refuses: a scenario never leaves a place free."""
    desk = BookingDesk(sandbox.ledger, sandbox.clock)
    for n in range(slot.max_bookings):
        contact = ContactDetails(
            f"Scenario Guest {n + 1}", f"guest{n + 1}.slot{slot.id}@scenario.example", None
        )
        try:
            desk.create(NewBooking(day, slot.id, contact, message="booked by a scenario"))
        except CapacityExhausted:
            return  # seeded bookings already hold the remaining places
        except DomainError as refused:
            raise ScenarioUnavailable(
                f"cannot fill time slot {slot.id} on {day.isoformat()}: {refused}"
            ) from refused


def _next_on(slot: TimeSlot, first: date) -> date:
    return first + timedelta(days=(slot.weekday - first.weekday()) % 7)


def _merchant_service(sandbox: Sandbox, options: Mapping[str, Any]) -> Service:
    wanted = ServiceKind(options.get("service_kind", "appointment"))
    service = next(
        (s for s in sandbox.world.services if s.kind is wanted and s.cancellation_deadline_hours), None
    )
    if service is None:
        raise ScenarioUnavailable(f"the world has no {wanted} service with a cancellation deadline")
    return service


def _merchant_desk(sandbox: Sandbox, service: Service) -> tuple[ReservationDesk, Provider]:
    provider = next(p for p in sandbox.world.providers if p.id == service.provider_id)
    return ReservationDesk(sandbox.ledger, sandbox.calendar, sandbox.clock), provider


def _location_of(sandbox: Sandbox, service: Service) -> Location:
    return next(loc for loc in sandbox.world.locations if loc.id == service.location_id)


def _working_starts(sandbox: Sandbox, service: Service, start: datetime, days: int) -> Iterator[datetime]:
    """Whole and half hours from 08:00 to 19:30 local, day by day, from ``start`` on."""
    zone = ZoneInfo(_location_of(sandbox, service).timezone)
    first_day = start.astimezone(zone).date()
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        for minutes in range(8 * 60, 20 * 60, 30):
            candidate = datetime.combine(day, time(minutes // 60, minutes % 60), zone)
            if candidate > start:
                yield candidate


def _book_first(sandbox: Sandbox, start: datetime, *, service: Service, customer: CustomerRef) -> Reservation:
    """The customer's appointment at the first time from ``start`` that the domain accepts."""
    desk, provider = _merchant_desk(sandbox, service)
    for candidate in _working_starts(sandbox, service, start - timedelta(minutes=1), days=14):
        try:
            return desk.book_as_merchant(provider, MerchantBooking(service.id, candidate, (customer,)))[0]
        except DomainError:
            continue
    raise ScenarioUnavailable(
        f"no free working hour for {service.name} in the two weeks from {start.isoformat()}"
    )


def _first_change_with_lead(now: datetime, zone: ZoneInfo, *, lead: timedelta) -> datetime:
    """The zone's first offset change at least ``lead`` after ``now`` (as the local midnight that
    starts its day), looking two years ahead; a zone without one refuses the scenario."""
    horizon = now + CHANGE_HORIZON
    day = now.astimezone(zone).date()
    previous = datetime.combine(day, time(12), zone).utcoffset()
    while (day := day + timedelta(days=1)) <= horizon.date():
        noon = datetime.combine(day, time(12), zone)
        if noon.utcoffset() == previous:
            continue
        previous = noon.utcoffset()
        change = datetime.combine(day, time(0), zone)
        if change - lead > now:
            return change
    raise ScenarioUnavailable(
        f"dst-series: the time zone {zone.key} has no daylight-saving change between "
        f"{(now + lead).date().isoformat()} and {horizon.date().isoformat()}, so no series can span one"
    )
