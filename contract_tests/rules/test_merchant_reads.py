"""The merchant API's rules on what a new booking reads as: the headers of its 201 name it, and
its price's formatted figure says its amount."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from contract_tests.kit.attribution import rule
from contract_tests.kit.client import ok
from contract_tests.rules.merchant_shop import Merchant, instant, stamp


def test_created_the_201s_headers_name_the_booking_and_its_price_reads_as_its_amount(shop: Merchant) -> None:
    for starts in shop.starts(6):
        made = shop.book(shop.customer, starts, shop.appointment.id)
        if made.status_code == 201:
            break
        assert made.status_code == 409, made.text
    else:
        pytest.skip("no free working hour in the weeks looked at")
    with rule("MR-CREATED-READABLE"):
        booking_id = made.headers.get("X-Booking-Id", "")
        assert booking_id.isdigit(), f"the 201 names no booking in X-Booking-Id: {dict(made.headers)}"
        view = ok(shop.customer.get(f"/bookings/customer/{booking_id}"))
        assert stamp(instant(view["from_date"])) == stamp(starts), (
            f"X-Booking-Id {booking_id} reads as {view}"
        )
        location = urljoin(made.url, made.headers.get("Location", ""))
        assert location.startswith(shop.customer.base_url + "/"), f"Location {location} is outside the API"
        at = shop.customer.get(location.removeprefix(shop.customer.base_url))
        assert at.status_code == 200, f"GET of the 201's Location {location}: {at.status_code} {at.text}"
        assert at.json() == view, "the Location reads otherwise than X-Booking-Id"
    with rule("MR-PRICE-FORMATTED"):
        price = view["price"]
        assert says_amount(price["formatted"], price["amount"]), (
            f"{price['formatted']!r} does not say {price['amount']} minor units of {price['currency']}"
        )


def says_amount(formatted: str, amount: int) -> bool:
    """Whether a formatted price shows ``amount`` minor units: its digits, separators and symbol
    aside, are the amount's (``€25.00``, ``25,00 EUR``), or a whole amount's major units (``€25``)."""
    digits = re.sub(r"\D", "", formatted).lstrip("0")
    return digits in (str(amount).lstrip("0"), str(amount // 100).lstrip("0") if amount % 100 == 0 else None)
