"""Merchants' calendars in the seeded world: shifts, blocked times, reservations.

Dated entries are seeded as "the ``weeks_ahead``-th <weekday> after the sandbox
was created" so they are reproducible from the seed and still in the future
whenever a sandbox is made. Entries are placed so that none overlaps another of
the same staff member, and each fits inside that member's shift: the seeded
calendar obeys the same rules the API enforces.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from faker import Faker

from mockserver.domain.calendar.model import StaffMember, StaffShift
from mockserver.domain.kernel.model import BookingStatus, OpeningHours, Service

from .templates import BlockTemplate, CalendarTemplate, HoursTemplate

GRID_MINUTES = 30
ATTEMPTS = 40


@dataclass(frozen=True)
class SeedBlockedTime:
    id: int
    provider_id: int
    staff_id: int
    name: str
    weekday: int
    weeks_ahead: int
    starts: time | None
    """``None`` for an all-day block."""
    minutes: int
    icon: str
    blocked_type_id: int


@dataclass(frozen=True)
class SeedReservation:
    id: int
    service_id: int
    staff_id: int
    weekday: int
    weeks_ahead: int
    starts: time
    customer_ids: tuple[int, ...]
    customer_note: str
    merchant_note: str
    status: BookingStatus = BookingStatus.CONFIRMED
    series_id: int | None = None
    invited_ids: tuple[int, ...] = ()
    """Guests asked to join who have not answered yet (hold a place, not yet confirmed)."""


def _minutes(value: time) -> int:
    return value.hour * 60 + value.minute


class CalendarSeeder:
    def __init__(self, template: CalendarTemplate, fake: Faker) -> None:
        self.template = template
        self.fake = fake
        self.shifts: list[StaffShift] = []
        self.blocked: list[SeedBlockedTime] = []
        self.reservations: list[SeedReservation] = []
        # (staff, weekday, week) -> taken [start, end) minute ranges
        self._taken: dict[tuple[int, int, int], list[tuple[int, int]]] = {}

    def add_shifts(
        self, member: StaffMember, hours: list[OpeningHours], own: tuple[HoursTemplate, ...] | None = None
    ) -> None:
        """The member's shifts: ``own`` hours where the world file names them, else the
        location's ``hours`` but for drawn days off (drawn either way, so naming one member's
        hours never moves what the seed gives the rest)."""
        weekdays = sorted({h.weekday for h in hours})
        days_off = set(self.fake.random.sample(weekdays, self.template.staff_days_off))
        shifts = (
            [(weekday, h.opens, h.closes) for h in own for weekday in h.weekdays]
            if own is not None
            else [(h.weekday, h.opens, h.closes) for h in hours if h.weekday not in days_off]
        )
        for weekday, opens, closes in shifts:
            self.shifts.append(StaffShift(len(self.shifts) + 1, member.id, weekday, opens, closes))

    def add_blocks(self, member: StaffMember) -> None:
        for template in self.template.blocked_times:
            for _ in range(template.per_staff):
                self._place_block(member, template)

    def add_reservations(self, service: Service, team: list[StaffMember], customer_ids: list[int]) -> None:
        count = (
            self.template.sessions_per_group_service
            if service.is_group
            else self.template.appointments_per_service
        )
        for _ in range(count):
            member = self.fake.random_element(team)
            spot = self.free_spot(member.id, service.duration_minutes)
            if spot is None:
                continue
            weekday, week, start = spot
            # No more places than the world has customers to take them.
            seats = min(service.max_participants, self.template.max_seeded_participants, len(customer_ids))
            size = self.fake.random_int(1, seats) if service.is_group else 1
            self.reservations.append(
                SeedReservation(
                    id=len(self.reservations) + 1,
                    service_id=service.id,
                    staff_id=member.id,
                    weekday=weekday,
                    weeks_ahead=week,
                    starts=time(start // 60, start % 60),
                    customer_ids=tuple(sorted(self.fake.random.sample(customer_ids, size))),
                    customer_note=self.fake.sentence(nb_words=5),
                    merchant_note=self.fake.sentence(nb_words=5),
                )
            )

    def add_reservation(
        self,
        service: Service,
        member: StaffMember,
        *,
        weekday: int,
        week: int,
        start: int,
        customer_ids: tuple[int, ...],
        status: BookingStatus,
        series_id: int | None,
        invited_ids: tuple[int, ...],
    ) -> SeedReservation:
        """A reservation at a spot already claimed with ``free_spot``."""
        reservation = SeedReservation(
            id=len(self.reservations) + 1,
            service_id=service.id,
            staff_id=member.id,
            weekday=weekday,
            weeks_ahead=week,
            starts=time(start // 60, start % 60),
            customer_ids=customer_ids,
            customer_note=self.fake.sentence(nb_words=5),
            merchant_note=self.fake.sentence(nb_words=5),
            status=status,
            series_id=series_id,
            invited_ids=invited_ids,
        )
        self.reservations.append(reservation)
        return reservation

    def _place_block(self, member: StaffMember, template: BlockTemplate) -> None:
        for _ in range(ATTEMPTS):
            weekday, week = self._working_day(member.id)
            if template.starts is None:
                start, end = 0, 24 * 60
            else:
                start = _minutes(template.starts)
                end = start + template.minutes
            if self._claim(member.id, weekday, week, start, end):
                self.blocked.append(
                    SeedBlockedTime(
                        id=len(self.blocked) + 1,
                        provider_id=member.provider_id,
                        staff_id=member.id,
                        name=template.name,
                        weekday=weekday,
                        weeks_ahead=week,
                        starts=template.starts,
                        minutes=template.minutes,
                        icon=template.icon,
                        blocked_type_id=template.type_id,
                    )
                )
                return

    def free_spot(
        self, staff_id: int, duration: int, weeks: tuple[int, ...] | None = None
    ) -> tuple[int, int, int] | None:
        """A free (weekday, week, start minute) for the staff member, claimed in every one of ``weeks``.

        Without ``weeks`` one seeded week is picked; a negative week lies before the anchor.
        """
        for _ in range(ATTEMPTS):
            weekday, week = self._working_day(staff_id)
            shift = next(s for s in self.shifts if s.staff_id == staff_id and s.weekday == weekday)
            first, last = _minutes(shift.starts), _minutes(shift.ends) - duration
            if last < first:
                continue
            start = first + GRID_MINUTES * self.fake.random_int(0, (last - first) // GRID_MINUTES)
            chosen = weeks if weeks is not None else (week,)
            if all(self._free(staff_id, weekday, w, start, start + duration) for w in chosen):
                for w in chosen:
                    self._claim(staff_id, weekday, w, start, start + duration)
                return weekday, chosen[0], start
        return None

    def _free(self, staff_id: int, weekday: int, week: int, start: int, end: int) -> bool:
        taken = self._taken.get((staff_id, weekday, week), [])
        return not any(start < other_end and other_start < end for other_start, other_end in taken)

    def _working_day(self, staff_id: int) -> tuple[int, int]:
        weekdays = [s.weekday for s in self.shifts if s.staff_id == staff_id]
        return self.fake.random_element(weekdays), self.fake.random_int(0, self.template.weeks - 1)

    def _claim(self, staff_id: int, weekday: int, week: int, start: int, end: int) -> bool:
        if not self._free(staff_id, weekday, week, start, end):
            return False
        self._taken.setdefault((staff_id, weekday, week), []).append((start, end))
        return True
