"""How the kit books a merchant's free starts (``Merchant.first_free_ones``): the bookings one
at a time from the first start would make, without asking a full start twice.

The real-ids finder made its bookings one at a time, each from the first candidate start: every
start already full was asked again (72 refusals a run of a fresh sandbox). A target here is a
table of starts and the places each has left, as a shop of one or several employees has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract_tests.rules.merchant_shop import Merchant, stamp

FIRST = datetime(2027, 1, 11, 9, tzinfo=UTC)


class Shop:
    """A target's ``POST /bookings/customer``: a start with a place left books (201), else 409."""

    def __init__(self, places: list[int]) -> None:
        self.left = {stamp(FIRST + timedelta(hours=n)): count for n, count in enumerate(places)}
        self.asked: list[str] = []

    def starts(self) -> Iterator[datetime]:
        return (FIRST + timedelta(hours=n) for n in range(len(self.left)))

    def post(self, path: str, json: dict[str, Any]) -> Any:
        at = json["timeStamp"]
        self.asked.append(at)
        if self.left[at] == 0:
            return SimpleNamespace(status_code=409, text="slot already booked", headers={})
        self.left[at] -= 1
        return SimpleNamespace(status_code=201, text="", headers={"X-Booking-Id": str(len(self.asked))})


def merchant() -> Merchant:
    shop = Merchant.__new__(Merchant)
    shop.slug, shop.location_id = "shop", 1
    shop.tidy = SimpleNamespace(later=lambda undo, what: None)  # type: ignore[assignment]
    return shop


def booked(target: Shop, count: int) -> list[str]:
    """The starts of ``count`` bookings made together; a skip, where the places suffice, fails."""
    try:
        made = merchant().first_free_ones(target, target.starts(), 1, count)  # type: ignore[arg-type]
    except pytest.skip.Exception as skipped:
        pytest.fail(f"skipped with {sum(target.left.values())} places left: {skipped}")
    return [target.asked[booking - 1] for booking in made]


def one_by_one(target: Shop, count: int) -> list[str]:
    """The starts of ``count`` bookings each made from the first start, as the finder made them."""
    made = [merchant().first_free(target, target.starts(), 1) for _ in range(count)]  # type: ignore[arg-type]
    return [target.asked[booking - 1] for booking in made]


def test_nine_bookings_ask_each_full_start_once() -> None:
    target = Shop([1] * 12)
    assert booked(target, 9) == [stamp(FIRST + timedelta(hours=n)) for n in range(9)]
    # Each start once booked and once refused (the ninth booked last); one at a time, 45 asks.
    assert len(target.asked) == 17


def test_a_start_of_several_employees_is_booked_until_it_is_full() -> None:
    second, third = (stamp(FIRST + timedelta(hours=n)) for n in (1, 2))
    assert booked(Shop([0, 2, 1]), 3) == [second, second, third]


def test_too_few_places_skip_saying_so() -> None:
    target = Shop([1, 0, 1])
    with pytest.raises(pytest.skip.Exception, match="no free working hour among the candidate starts"):
        merchant().first_free_ones(target, target.starts(), 1, 3)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(places=st.lists(st.integers(0, 3), min_size=1, max_size=12), count=st.integers(1, 9))
def test_the_bookings_are_those_one_at_a_time_would_make_with_fewer_asks(
    places: list[int], count: int
) -> None:
    together, apart = Shop(places), Shop(places)
    if sum(places) < count:
        return
    assert booked(together, count) == one_by_one(apart, count)
    assert len(together.asked) <= len(apart.asked)
