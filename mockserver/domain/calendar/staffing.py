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
        team = self._calendar.staff_at_location(location.id)
        working = [member for member in team if self.works(member.id, location, starts_at, ends_at)]
        if not working:
            raise SlotUnavailable("no employee works at this time")
        for member in working:
            if self._is_free(member.id, starts_at, ends_at):
                return member
        raise SlotUnavailable("time slot already booked")

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
        if self._calendar.is_blocked(staff_id, starts_at, ends_at):
            raise SlotUnavailable("the employee's time is blocked")
        if self._calendar.is_booked(staff_id, starts_at, ends_at, excluding=excluding):
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
        return not (
            self._calendar.is_blocked(staff_id, starts_at, ends_at)
            or self._calendar.is_booked(staff_id, starts_at, ends_at)
        )
