"""Recurring series: what RFC 5545 (as dateutil implements it) gives, on the wall clock."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil import rrule

from mockserver.domain.calendar.recurrence import Frequency, RecurrenceRule, occurrences
from mockserver.domain.kernel.errors import InvalidInput

NEW_YORK = ZoneInfo("America/New_York")
MO, WE, FR = 0, 2, 4


def test_weekly_mo_we_fr_across_the_spring_dst_change_keeps_the_local_hour() -> None:
    # 2027-03-14 is when New York moves from EST (-5) to EDT (-4).
    first = datetime(2027, 3, 1, 18, 0, tzinfo=NEW_YORK)
    until = datetime(2027, 3, 26, 18, 0, tzinfo=NEW_YORK)
    rule = RecurrenceRule(Frequency.WEEKLY, until=until, weekdays=(MO, WE, FR))

    starts = occurrences(rule, first.astimezone(UTC), NEW_YORK)

    expected = rrule.rrule(rrule.WEEKLY, byweekday=(rrule.MO, rrule.WE, rrule.FR), dtstart=first, until=until)
    assert starts == [moment.astimezone(UTC) for moment in expected]
    assert len(starts) == 12
    assert {s.astimezone(NEW_YORK).hour for s in starts} == {18}
    assert starts[0].hour == 23  # 18:00 EST
    assert starts[-1].hour == 22  # 18:00 EDT


def test_the_first_instant_counts_only_when_the_rule_matches_it() -> None:
    sunday = datetime(2027, 3, 14, 9, 0, tzinfo=NEW_YORK)
    rule = RecurrenceRule(
        Frequency.WEEKLY, until=datetime(2027, 3, 20, 9, 0, tzinfo=NEW_YORK), weekdays=(MO, WE, FR)
    )
    starts = occurrences(rule, sunday.astimezone(UTC), NEW_YORK)
    assert [s.astimezone(NEW_YORK).day for s in starts] == [15, 17, 19]


def test_interval_and_until_are_inclusive() -> None:
    first = datetime(2027, 1, 5, 10, 0, tzinfo=NEW_YORK)
    rule = RecurrenceRule(Frequency.WEEKLY, until=datetime(2027, 2, 2, 10, 0, tzinfo=NEW_YORK), interval=2)
    assert [s.astimezone(NEW_YORK).day for s in occurrences(rule, first.astimezone(UTC), NEW_YORK)] == [
        5,
        19,
        2,
    ]


def test_monthly_on_the_same_day() -> None:
    first = datetime(2027, 1, 31, 10, 0, tzinfo=NEW_YORK)
    rule = RecurrenceRule(Frequency.MONTHLY, until=datetime(2027, 5, 31, 10, 0, tzinfo=NEW_YORK))
    # RFC 5545 skips months without a 31st rather than moving the date.
    months = [s.astimezone(NEW_YORK).month for s in occurrences(rule, first.astimezone(UTC), NEW_YORK)]
    assert months == [1, 3, 5]


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (RecurrenceRule(Frequency.DAILY, until=datetime(2027, 1, 1, tzinfo=UTC)), "ends before it starts"),
        (RecurrenceRule(Frequency.DAILY, until=datetime(2030, 1, 1, tzinfo=UTC)), "at most 500"),
        (RecurrenceRule(Frequency.DAILY, until=datetime(2027, 2, 1, tzinfo=UTC), interval=0), "at least 1"),
        (
            RecurrenceRule(Frequency.WEEKLY, until=datetime(2027, 2, 5, 10, 0, tzinfo=UTC), weekdays=(6,)),
            "no occurrence",
        ),
    ],
)
def test_unusable_rules_are_invalid_input(rule: RecurrenceRule, message: str) -> None:
    first = datetime(2027, 2, 1, 15, 0, tzinfo=UTC)  # a Monday, 10:00 in New York
    with pytest.raises(InvalidInput, match=message):
        occurrences(rule, first, NEW_YORK)
