"""A merchant's appointment time filled with walk-ins, until every employee who could serve it
is taken: the document's "time slot already booked", for the merchant scenarios that need one."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

import pytest

from contract_tests.kit.client import Api
from contract_tests.rules.merchant_shop import Merchant, stamp

# The hours tried, in turn, for a time filled with walk-ins.
WALK_IN_HOURS = (11, 12, 13, 14, 15, 16, 10, 9)


def fill_a_time(
    shop: Merchant, weeks_ahead: int, avoid: datetime | None = None, open_to: Api | None = None
) -> tuple[datetime, list[int]]:
    """The merchant books walk-ins at the first of ``WALK_IN_HOURS`` on ``shop.days(weeks_ahead)``
    (but ``avoid``) it can book at all, until every employee who could serve it is taken (the
    document's "time slot already booked"): that time and the walk-ins' booking ids. A time the
    target's own bookings fill already is passed over: the kit must know which bookings hold it.
    ``open_to``: only a time that caller could book first (its booking cancelled again), so
    that what fills it there is the walk-ins, wherever the vendor seated them."""
    for day in shop.days(weeks_ahead):
        for hour in shop.open_hours(day, WALK_IN_HOURS, shop.appointment.duration_minutes):
            starts = shop.at(day, hour)
            if starts == avoid or (open_to is not None and not _open(shop, open_to, starts)):
                continue
            if walk_ins := fill_time(shop, starts):
                return starts, walk_ins
    pytest.skip(f"no working hour in {weeks_ahead} weeks where the merchant could book a walk-in")


def _open(shop: Merchant, caller: Api, starts: datetime) -> bool:
    """Whether ``caller`` can book the appointment at ``starts``: booked, then cancelled again."""
    booking = shop.free(caller, iter([starts]), shop.appointment.id)
    if booking is None:
        return False
    cancelled = shop.cancel(caller, booking)
    assert cancelled.status_code == 200, cancelled.text
    return True


def fill_time(shop: Merchant, starts: datetime) -> list[int]:
    """Walk-ins at ``starts`` until the merchant is refused: their booking ids (none where the
    time was full already)."""
    walk_ins: list[int] = []
    for n in range(25):
        body = {
            "service_id": shop.appointment.id,
            "timestamp": stamp(starts),
            "customers": [{"first_name": f"Walk{n}", "last_name": "Kit"}],
            "is_recurring": False,
        }
        made = shop.merchant.post("/bookings/merchant", json=body)
        if made.status_code == 409:
            return walk_ins
        assert made.status_code == 201, made.text
        walk_ins.append(int(made.headers["X-Booking-Id"]))
        shop.tidy.later(functools.partial(drop, shop, walk_ins[-1]))
    pytest.fail("25 bookings of one appointment time were all accepted")


def drop(shop: Merchant, booking: int) -> Any:
    return shop.merchant.delete(f"/bookings/merchant/{booking}", json={"cancellation_reason": ""})
