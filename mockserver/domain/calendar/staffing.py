"""Who can take a booking at a given time: shifts, blocked times and other bookings.

A time range is workable for a staff member when one of their weekly shifts
covers it on the location's wall clock, none of their blocked times overlaps
it, and none of their active reservations does.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from mockserver.domain.kernel.errors import SlotUnavailable
from mockserver.domain.kernel.model import Location

from .model import StaffMember
from .ports import CalendarLedger


class Staffing:
    def __init__(self, calendar: CalendarLedger) -> None:
        self._calendar = calendar

    def free_member(self, location: Location, starts_at: datetime, ends_at: datetime) -> StaffMember:
        """The first staff member at the location (by id) free for the whole range."""
        return self.free_member_at([location], starts_at, ends_at)[1]

    def free_member_at(
        self, locations: list[Location], starts_at: datetime, ends_at: datetime
    ) -> tuple[Location, StaffMember]:
        """The first of ``locations`` with a staff member free for the whole range, and that
        member (the first by id); "already booked" where someone works then but nobody is free."""
        anyone_works = False
        for location in locations:
            team = self._calendar.staff_at_location(location.id)
            working = [member for member in team if self.works(member.id, location, starts_at, ends_at)]
            anyone_works = anyone_works or bool(working)
            for member in working:
                if self._is_free(member.id, starts_at, ends_at):
                    return location, member
        raise SlotUnavailable(
            "time slot already booked" if anyone_works else "no employee works at this time"
        )

    def walk_in_seats(self, provider_id: int, home: Location) -> list[Location]:
        """Where a merchant's appointment may be seated, in turn: it names no location. The
        merchant's other locations first, its service's own (``home``) last, kept for the
        customers who book it there. (A default world's merchant has one; ``--vary`` gives a
        second.) A group is held where its service is offered."""
        others = [found for found in self._calendar.locations_of(provider_id) if found.id != home.id]
        return [*others, home]

    def check_member(
        self,
        staff_id: int,
        location: Location,
        starts_at: datetime,
        ends_at: datetime,
        excluding: int,
    ) -> None:
        """Refuse the range unless this staff member could take it (ignoring ``excluding``)."""
        if not self.works(staff_id, location, starts_at, ends_at):
            raise SlotUnavailable("the employee does not work at this time")
        found = self._calendar.overlaps(staff_id, starts_at, ends_at, excluding=excluding)
        if found.blocked:
            raise SlotUnavailable("the employee's time is blocked")
        if found.booked:
            raise SlotUnavailable("time slot already booked")

    def works(self, staff_id: int, location: Location, starts_at: datetime, ends_at: datetime) -> bool:
        zone = ZoneInfo(location.timezone)
        local_start, local_end = starts_at.astimezone(zone), ends_at.astimezone(zone)
        if local_start.date() != local_end.date():
            return False  # no shift runs past midnight
        return any(
            shift.starts <= local_start.time() and local_end.time() <= shift.ends
            for shift in self._calendar.shifts_on(staff_id, local_start.weekday())
        )

    def _is_free(self, staff_id: int, starts_at: datetime, ends_at: datetime) -> bool:
        return not self._calendar.overlaps(staff_id, starts_at, ends_at).busy
