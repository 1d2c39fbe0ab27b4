"""The merchant API's rules under a race: customers asking at one moment for the last employee
free at a time, and for a group's last place."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

from contract_tests.kit import race
from contract_tests.rules.merchant_shop import Merchant, stamp
from contract_tests.rules.merchant_walk_ins import drop, fill_a_time

# Races for a last place: several customers at once, each on a connection of its own.
ROUNDS = 2


def test_race_the_last_employee_free_at_a_time_serves_one_customer(shop: Merchant) -> None:
    for _ in range(ROUNDS):
        starts, walk_ins = fill_a_time(shop, 6)  # each round the next time still free
        cancelled = drop(shop, walk_ins[0])  # one employee free again: one place
        assert cancelled.status_code == 200, cancelled.text
        callers = [shop.customer, shop.other_customer, shop.merchant, shop.merchant]
        calls = [
            functools.partial(_customer_books, shop, starts),
            functools.partial(_customer_books, shop, starts),
            functools.partial(_walk_in, shop, starts, "RaceA"),
            functools.partial(_walk_in, shop, starts, "RaceB"),
        ]
        answers = race.at_once(callers, calls)
        race.exactly(answers, 1, f"the employees at {stamp(starts)}", _conflict)


def test_race_the_last_place_of_a_group_goes_to_one_customer(shop: Merchant) -> None:
    for _ in range(ROUNDS):
        starts, session = shop.open_group(6, guests=shop.group.max_participants - 1)
        join = functools.partial(_customer_books, shop, starts, booking_id=session)
        answers = race.at_once([shop.customer, shop.other_customer], [join, join])
        race.exactly(answers, 1, f"group booking {session}", _conflict)
        # Read as both customers, the winner's answer kept: the same requests whoever won.
        views = [
            caller.get(f"/bookings/customer/{session}") for caller in (shop.customer, shop.other_customer)
        ]
        participants = next(view for view in views if view.status_code == 200).json()
        assert participants["current_participants"] <= participants["max_participants"], participants


def _customer_books(shop: Merchant, starts: datetime, caller: Any, **extra: Any) -> Any:
    service = shop.group.id if "booking_id" in extra else shop.appointment.id
    return shop.book(caller, starts, service, **extra)


def _walk_in(shop: Merchant, starts: datetime, name: str, caller: Any) -> Any:
    body = {
        "service_id": shop.appointment.id,
        "timestamp": stamp(starts),
        "customers": [{"first_name": name, "last_name": "Kit"}],
        "is_recurring": False,
    }
    made = caller.post("/bookings/merchant", json=body)
    if made.status_code == 201:
        shop.tidy.later(functools.partial(drop, shop, int(made.headers["X-Booking-Id"])))
    return made


def _conflict(answer: Any) -> None:
    assert answer.status_code == 409, answer.text
