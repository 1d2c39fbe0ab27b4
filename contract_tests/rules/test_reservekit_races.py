"""ReserveKit's rules under a race: more customers than places asking at one moment for a time
slot's last places."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from contract_tests.kit import race
from contract_tests.kit.client import Api
from contract_tests.rules.reservekit_slots import Slots, refused

# A race for a slot's last places: more customers than places, each on a connection of its own,
# all at once, in several rounds (a vendor's window between check and write is brief).
LAST_PLACES = 2
MORE_CUSTOMERS = 4
ROUNDS = 3


def test_race_the_last_places_go_to_no_more_customers_than_there_are(slots: Slots) -> None:
    for _ in range(ROUNDS):
        slot, day = slots.free(at_least=1)
        while slots.available(slot, day) > LAST_PLACES:
            slots.booked(slot, day)
        left = slots.available(slot, day)
        emails = [next(slots.emails) for _ in range(left + MORE_CUSTOMERS)]
        calls = [functools.partial(_book_as, slots, slot, day, email) for email in emails]
        answers = race.at_once([slots.api] * len(calls), calls)
        if any(answer.status_code == 429 for answer in answers):
            pytest.skip(f"the target rate-limited the race ({race.tally(answers)}): run it again later")
        what = f"time slot {slot['id']} on {day}"
        race.exactly(answers, left, what, functools.partial(refused, error="time slot is full"))
        taken = slots.taken(slot, day)
        assert taken <= int(slot["max_bookings"]), (
            f"time slot {slot['id']} holds {taken} bookings on {day}; it takes {slot['max_bookings']}"
        )


def _book_as(slots: Slots, slot: dict[str, Any], day: str, email: str, caller: Api) -> Any:
    """``slots.book`` by a caller of the race's own (its connection), tidied up as usual."""
    return Slots(caller, slots.tidy, slots.today, slots.emails, slots.window_days).book(slot, day, email)
