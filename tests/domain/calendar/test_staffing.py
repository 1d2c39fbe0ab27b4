"""Who can take a booking: shifts on the wall clock, blocked times, other bookings."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mockserver.domain.calendar.model import StaffMember, StaffOverlaps, StaffShift
from mockserver.domain.calendar.staffing import Staffing
from mockserver.domain.kernel.errors import SlotUnavailable
from mockserver.domain.kernel.model import Location

NEW_YORK = ZoneInfo("America/New_York")
STUDIO = Location(1, 1, "Studio", "1 Main St", "Town", "00000", "US", "America/New_York")
TUESDAY = 1


class Diary:
    """Just the calendar reads ``Staffing`` makes: two employees, Tuesdays 09:00-17:00."""

    def __init__(self) -> None:
        self.team = [StaffMember(n, 1, 1, f"Employee {n}", f"e{n}@example.com", "therapist") for n in (1, 2)]
        self.blocked: set[int] = set()
        self.booked: set[int] = set()

    def staff_at_location(self, location_id: int) -> list[StaffMember]:
        return self.team

    def shifts_on(self, staff_id: int, weekday: int) -> list[StaffShift]:
        return [StaffShift(staff_id, staff_id, TUESDAY, time(9), time(17))] if weekday == TUESDAY else []

    def overlaps(
        self, staff_id: int, starts_at: datetime, ends_at: datetime, excluding: Any = None
    ) -> StaffOverlaps:
        return StaffOverlaps(
            blocked=staff_id in self.blocked, booked=staff_id in self.booked and excluding != 99
        )


def local(hour: int, minute: int = 0, day: int = 12) -> datetime:
    return datetime(2027, 1, day, hour, minute, tzinfo=NEW_YORK).astimezone(UTC)  # 2027-01-12 is a Tuesday


def test_the_first_free_working_employee_takes_it() -> None:
    diary = Diary()
    staffing = Staffing(diary)  # type: ignore[arg-type]
    assert staffing.free_member(STUDIO, local(10), local(11)).id == 1
    diary.blocked.add(1)
    assert staffing.free_member(STUDIO, local(10), local(11)).id == 2
    diary.booked.add(2)
    with pytest.raises(SlotUnavailable, match="already booked"):
        staffing.free_member(STUDIO, local(10), local(11))


@pytest.mark.parametrize(
    ("starts", "ends"),
    [
        (local(8, 30), local(9, 30)),  # starts before the shift
        (local(16, 30), local(17, 30)),  # ends after it
        (local(10, day=13), local(11, day=13)),  # a Wednesday: nobody works
        (local(16), local(10, day=13)),  # runs past midnight
    ],
)
def test_outside_every_shift_nobody_works(starts: datetime, ends: datetime) -> None:
    with pytest.raises(SlotUnavailable, match="no employee works"):
        Staffing(Diary()).free_member(STUDIO, starts, ends)  # type: ignore[arg-type]


def test_shifts_are_read_on_the_locations_wall_clock() -> None:
    # 09:00 in New York is 14:00 UTC in January; a UTC reading would put it before the shift.
    assert local(9).hour == 14
    assert Staffing(Diary()).works(1, STUDIO, local(9), local(10))  # type: ignore[arg-type]


def test_checking_one_employee_names_the_reason() -> None:
    diary = Diary()
    staffing = Staffing(diary)  # type: ignore[arg-type]
    with pytest.raises(SlotUnavailable, match="does not work"):
        staffing.check_member(1, STUDIO, local(18), local(19), excluding=7)
    diary.blocked.add(1)
    with pytest.raises(SlotUnavailable, match="blocked"):
        staffing.check_member(1, STUDIO, local(10), local(11), excluding=7)
    diary.blocked.clear()
    diary.booked.add(1)
    with pytest.raises(SlotUnavailable, match="already booked"):
        staffing.check_member(1, STUDIO, local(10), local(11), excluding=7)
    staffing.check_member(1, STUDIO, local(10), local(11), excluding=99)  # its own booking is no clash


BRANCH = Location(2, 1, "Branch", "2 Side St", "Town", "00000", "US", "America/New_York")


class TwoLocations(Diary):
    """Employee 1 at the studio, employee 3 at the branch, both Tuesdays 09:00-17:00."""

    def __init__(self) -> None:
        super().__init__()
        self.team = [StaffMember(1, 1, 1, "Studio", "s@example.com", "therapist")]
        self.branch = [StaffMember(3, 1, 2, "Branch", "b@example.com", "therapist")]

    def staff_at_location(self, location_id: int) -> list[StaffMember]:
        return self.team if location_id == STUDIO.id else self.branch


def test_several_locations_the_first_with_someone_free_takes_it() -> None:
    diary = TwoLocations()
    staffing = Staffing(diary)  # type: ignore[arg-type]
    assert staffing.free_member_at([BRANCH, STUDIO], local(10), local(11)) == (BRANCH, diary.branch[0])
    diary.booked.add(3)
    assert staffing.free_member_at([BRANCH, STUDIO], local(10), local(11)) == (STUDIO, diary.team[0])
    diary.booked.add(1)
    with pytest.raises(SlotUnavailable, match="already booked"):
        staffing.free_member_at([BRANCH, STUDIO], local(10), local(11))
    # Nobody works on a Wednesday anywhere: the refusal says so, not "booked".
    with pytest.raises(SlotUnavailable, match="no employee works"):
        staffing.free_member_at([BRANCH, STUDIO], local(10, day=13), local(11, day=13))
