"""The schema checks' moves of a merchant's booking: only times that booking moved to."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, cast

import pytest

from contract_tests.rules.merchant_moves import moves_of
from contract_tests.rules.merchant_shop import Merchant, stamp

WAS = datetime(2027, 1, 12, 9, tzinfo=UTC)
HOUR = timedelta(hours=1)


@dataclass
class Employee:
    """A merchant who keeps a booking's employee on a move: free at ``free`` (and where it is)."""

    free: set[datetime]
    sent: list[str] = field(default_factory=list)
    back_refused: bool = False

    def patch(self, path: str, json: dict[str, str]) -> Any:
        starts = datetime.fromisoformat(json["from_date"].replace("Z", "+00:00"))
        self.sent.append(json["from_date"])
        allowed = starts in self.free or (starts == WAS and not self.back_refused)
        return SimpleNamespace(status_code=200 if allowed else 409, text="time slot already booked")


def shop(employee: Employee) -> Merchant:
    fake = SimpleNamespace(
        merchant=employee, appointment=SimpleNamespace(duration_minutes=60), starts_of=lambda booking: WAS
    )
    return cast(Merchant, fake)


def test_only_times_the_booking_moved_to_are_kept_and_it_moves_back_after_each() -> None:
    # Times freed for some employee: the booking's own is busy at the first (seed 45's case).
    taken, free = WAS + 2 * HOUR, [WAS + 3 * HOUR, WAS + 5 * HOUR, WAS + 6 * HOUR]
    employee = Employee(free=set(free))
    moves = moves_of(shop(employee), 7, [taken, free[0], WAS, free[1], free[2]], wanted=2)
    assert moves == [{"from_date": stamp(at), "to_date": stamp(at + HOUR)} for at in free[:2]]
    # Refused, tried, moved back; its own time never asked; none past the two wanted.
    assert employee.sent == [stamp(taken), stamp(free[0]), stamp(WAS), stamp(free[1]), stamp(WAS)]


def test_a_booking_that_cannot_move_back_stops_the_finder() -> None:
    employee = Employee(free={WAS + HOUR}, back_refused=True)
    with pytest.raises(AssertionError, match="moving booking 7 back: 409"):
        moves_of(shop(employee), 7, [WAS + HOUR], wanted=1)
