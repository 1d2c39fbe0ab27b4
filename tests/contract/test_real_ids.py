"""Which drawn values the kit's real ids take the place of (``contract_tests/kit/real_ids.py``,
``aiming.py``): only those valid by their schema, read as a server reads them."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from contract_tests.kit.real_ids import Pool, RealIds, _Validity
from contract_tests.kit.tidy import Tidy

INTEGER = {"type": "integer", "minimum": 1}


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("7", True),
        ("0", False),  # below the minimum
        ("-7", False),
        ("²", False),  # a digit to str.isdigit(), and no number to int(): it was a crash
        ("٣", False),  # a digit int() reads, and no server's path
        ("9" * 4301, False),  # past the digits int() reads
    ],
)
def test_an_integer_drawn_as_text_is_valid_only_as_a_server_reads_it(text: str, valid: bool) -> None:
    assert _Validity({}).value(INTEGER, text) is valid


def test_forgotten_ids_are_found_again_as_they_are_then() -> None:
    """Schemathesis aims its explicit examples as the conformance module is collected, before the
    rules run; the rules' bookings then held the times the found merchant moves went to, and
    every generated move met "time slot already booked". The module forgets the pool's ids
    before its first check (``test_conformance.py``), and they are found again, as they are."""
    held = {"free": ["2026-12-29T21:00:00Z"]}
    found: list[list[str]] = []

    def finder(run: Any, tidy: Any) -> RealIds:
        found.append(list(held["free"]))
        return RealIds(
            bodies={("PATCH", "/bookings/merchant/{booking_id}"): [{"from_date": held["free"][0]}]}
        )

    run = SimpleNamespace(
        callers=SimpleNamespace(token=lambda role: "merchant.shop.vendor_key"),
        profile=SimpleNamespace(main_role="merchant"),
        traffic=SimpleNamespace(unbegun={}),
    )
    pool = Pool(run, finder, Tidy([]))
    first = pool.ids()
    assert pool.ids() is first  # once a token, whatever asks
    assert len(found) == 1
    held["free"] = ["2026-12-22T19:00:00Z"]  # the rules took 21:00
    pool.forget()
    again = pool.ids()
    assert found == [["2026-12-29T21:00:00Z"], ["2026-12-22T19:00:00Z"]]
    assert again.bodies[("PATCH", "/bookings/merchant/{booking_id}")] == [
        {"from_date": "2026-12-22T19:00:00Z"}
    ]
