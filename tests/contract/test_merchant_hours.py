"""Where the kit books a merchant: hours and days read off the target data, for any today.

A property over start instants, not a list of chosen ones: whatever the date the target's clock
reads, whatever its booking window and hours, the days and hours the scenarios try lie inside
what the target data says is bookable, and none so near that a booking there could not be
cancelled again.
"""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from contract_tests.rules.merchant_shop import Merchant, ShopService

EVENINGS = [
    {"weekdays": [0, 1, 2, 3, 4], "from": "18:00", "to": "23:00"},
    {"weekdays": [5], "from": "19:00", "to": "23:30"},
]


def shop(today: date, window: int | None, deadline: int, hours: list[dict[str, object]]) -> Merchant:
    """A merchant as the scenarios see it, without a target: its clock reads ``today``."""
    merchant = Merchant.__new__(Merchant)
    merchant.zone = ZoneInfo("Europe/Berlin")
    merchant.window_days = window
    merchant.bookable = hours
    longest = max(hours, key=lambda h: int(str(h["to"])[:2]) - int(str(h["from"])[:2]))
    merchant.weekday = int(longest["weekdays"][0])  # type: ignore[index]
    merchant.appointment = ShopService(1, "appointment", 60, deadline, 1, 1, window)
    merchant.run = SimpleNamespace(today=lambda zone=None: today)  # type: ignore[assignment]
    return merchant


@settings(max_examples=300, deadline=None)
@given(
    today=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
    window=st.one_of(st.none(), st.integers(min_value=3, max_value=120)),
    deadline=st.sampled_from([0, 4, 12, 24, 48]),
    weeks=st.integers(min_value=1, max_value=6),
)
def test_the_days_tried_lie_inside_the_window_and_outside_the_deadline(
    today: date, window: int | None, deadline: int, weeks: int
) -> None:
    merchant = shop(today, window, deadline, EVENINGS)
    days = merchant.days(weeks)
    assert len(days) == len(set(days))
    weekly = {merchant.workday(n, today) for n in range(1, weeks + 1)}
    for day in days:
        assert day > today
        if window is not None:
            assert day <= today + timedelta(days=window - 1), (day, window)
        if day not in weekly:  # a day of a short window's own: open, and cancellable again
            assert day >= today + timedelta(days=2 + deadline // 24), (day, deadline)
            assert merchant.open_hours(day), day


@settings(max_examples=200, deadline=None)
@given(
    day=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
    minutes=st.sampled_from([30, 60, 90]),
)
def test_the_hours_tried_fit_inside_the_bookable_hours(day: date, minutes: int) -> None:
    merchant = shop(day, None, 24, EVENINGS)
    hours = merchant.open_hours(day, (9, 10, 18, 19), minutes)
    windows = [h for h in EVENINGS if day.weekday() in h["weekdays"]]  # type: ignore[operator]
    if not windows:
        assert hours == []
    for hour in hours:
        assert any(
            int(str(w["from"])[:2]) * 60 + int(str(w["from"])[3:]) <= hour * 60
            and hour * 60 + minutes <= int(str(w["to"])[:2]) * 60 + int(str(w["to"])[3:])
            for w in windows
        ), (hour, minutes)
    fits = merchant.open_hours(day, (), minutes)
    assert sorted(hours) == fits
    assert hours[: len(preferred := [h for h in (9, 10, 18, 19) if h in fits])] == preferred
    closed = merchant.closed_hour(day)
    assert closed is not None
    assert closed not in merchant.open_hours(day, (), 1)
