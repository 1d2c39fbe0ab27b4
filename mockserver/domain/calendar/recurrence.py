"""Recurring series: RFC 5545 rules expanded by python-dateutil, in local wall time.

A weekly class at 18:00 stays at 18:00 on the studio's wall clock when daylight
saving time begins or ends, so the rule is expanded on naive local times and
each occurrence is then placed in the location's zone. That is what RFC 5545
specifies for a DTSTART with a TZID.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Literal
from zoneinfo import ZoneInfo

from dateutil import rrule

from mockserver.domain.kernel.errors import FieldProblem, InvalidInput

# A series is materialised booking by booking; past this it is a mistake, not a schedule.
MAX_OCCURRENCES = 500


class Frequency(enum.StrEnum):
    DAILY = "DAILY"
    WEEKLY = "WEEKLY"
    MONTHLY = "MONTHLY"
    YEARLY = "YEARLY"


_RRULE_FREQUENCY: dict[Frequency, Literal[0, 1, 2, 3, 4, 5, 6]] = {
    Frequency.DAILY: rrule.DAILY,
    Frequency.WEEKLY: rrule.WEEKLY,
    Frequency.MONTHLY: rrule.MONTHLY,
    Frequency.YEARLY: rrule.YEARLY,
}


@dataclass(frozen=True)
class RecurrenceRule:
    frequency: Frequency
    until: datetime
    interval: int = 1
    weekdays: tuple[int, ...] = ()
    """Weekdays as numbers, Monday 0; empty means the first occurrence's own weekday."""


def occurrences(rule: RecurrenceRule, first: datetime, zone: ZoneInfo) -> list[datetime]:
    """Every start of the series, in UTC, from ``first`` until ``rule.until`` inclusive."""
    if rule.interval < 1:
        raise InvalidInput(
            "recurrence interval must be at least 1",
            problems=(FieldProblem("recurrence_rule.interval", "use 1 or more"),),
        )
    start_local = first.astimezone(zone).replace(tzinfo=None)
    until_local = rule.until.astimezone(zone).replace(tzinfo=None)
    if until_local < start_local:
        raise InvalidInput(
            "recurrence ends before it starts",
            problems=(FieldProblem("recurrence_rule.until", "must not be before the first booking"),),
        )
    expansion = rrule.rrule(
        _RRULE_FREQUENCY[rule.frequency],
        dtstart=start_local,
        interval=rule.interval,
        byweekday=[rrule.weekdays[day] for day in rule.weekdays] or None,
        until=until_local,
    )
    starts = list(islice(expansion, MAX_OCCURRENCES + 1))
    if len(starts) > MAX_OCCURRENCES:
        raise InvalidInput(
            f"a recurring series may have at most {MAX_OCCURRENCES} occurrences",
            problems=(FieldProblem("recurrence_rule.until", "choose an earlier end"),),
        )
    if not starts:
        raise InvalidInput(
            "the recurrence rule yields no occurrence",
            problems=(FieldProblem("recurrence_rule", "no date matches before until"),),
        )
    return [local.replace(tzinfo=zone).astimezone(UTC) for local in starts]
