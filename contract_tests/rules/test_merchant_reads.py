"""The merchant API's rules on what a booking reads as: the headers of its 201 name it, its
price's formatted figure says its amount, a merchant's move shows wherever it is read, and a
merchant's booking holds every customer it names."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import pytest

from contract_tests.kit.attribution import rule
from contract_tests.kit.client import ok
from contract_tests.rules.merchant_shop import Merchant, instant, stamp
from mockserver.rule_engine.prices import says_amount


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
        assert says_amount(price["formatted"], price["amount"], price["currency"]), (
            f"{price['formatted']!r} does not say {price['amount']} minor units of {price['currency']}"
        )


def test_moved_a_merchants_move_reads_back_through_the_customer_and_the_calendar(shop: Merchant) -> None:
    booking = shop.first_free(shop.customer, shop.starts(6), shop.appointment.id)
    was = shop.starts_of(booking)
    length = timedelta(minutes=shop.appointment.duration_minutes)
    note = "moved by the contract kit"
    for starts in (s for s in shop.starts(5) if shop.day_of(s) != shop.day_of(was)):
        body = {"merchant_note": note, "from_date": stamp(starts), "to_date": stamp(starts + length)}
        moved = shop.merchant.patch(f"/bookings/merchant/{booking}", json=body)
        if moved.status_code == 200:
            break
        assert moved.status_code == 409, f"a move to {stamp(starts)}: {moved.status_code} {moved.text}"
    else:
        pytest.skip("no free working hour on another day to move the booking to")
    with rule("MR-UPDATE-READ-BACK"):
        view = ok(shop.customer.get(f"/bookings/customer/{booking}"))
        shown = (instant(view["from_date"]), instant(view["to_date"]))
        assert shown == (starts, starts + length), (
            f"moved to {stamp(starts)}, the customer reads {view['from_date']} to {view['to_date']}"
        )
        entry = _calendar_entry(shop, starts, booking)
        assert entry is not None, f"the calendar of {shop.day_of(starts)} does not show the moved booking"
        assert instant(entry["from_date"]) == starts, f"the calendar shows it at {entry['from_date']}"
        assert entry.get("merchant_note", note) == note, f"the calendar's note: {entry['merchant_note']!r}"
        assert _calendar_entry(shop, was, booking) is None, "the calendar still shows it where it was"


def _calendar_entry(shop: Merchant, on: datetime, booking: int) -> dict[str, Any] | None:
    """The booking as the merchant's calendar of ``on``'s day shows it, if it does."""
    day = shop.day_of(on)
    window = {"start": stamp(shop.at(day, 0)), "end": stamp(shop.at(day, 23))}
    events = ok(shop.merchant.get("/bookings/calendar/events", params=window))
    return next((entry for entry in events["bookings"] if entry["id"] == booking), None)


def test_named_a_merchants_group_booking_holds_every_customer_it_names(shop: Merchant) -> None:
    ids = shop.run.data.of("merchant").get("customer_ids") or {}
    if not {"customer", "other_customer"} <= set(ids):
        pytest.skip("needs target data merchant.customer_ids naming customer and other_customer")
    if shop.group.max_participants < 3:
        pytest.skip("needs a group service of at least three places")
    # Two existing customers by id (their other fields are then optional, and ignored), one new.
    named = [{"id": ids["customer"]}, {"id": ids["other_customer"]}]
    _, session = shop.open_group(6, guests=1, named=named)
    with rule("MR-MERCHANT-CUSTOMERS"):
        for caller, who in ((shop.customer, "customer"), (shop.other_customer, "other_customer")):
            seen = caller.get(f"/bookings/customer/{session}")
            assert seen.status_code == 200, (
                f"{who}, named by id, cannot read the booking: {seen.status_code} {seen.text}"
            )
            shown = seen.json().get("current_participants")
            if shown is not None:  # optional: a vendor may leave it out
                assert shown == 3, f"the booking names three customers; current_participants says {shown}"


def test_blocked_the_calendar_shows_each_blocked_time_the_vendor_names(shop: Merchant) -> None:
    """The calendar holds "all bookings and blocked times": each blocked time the target data
    names ahead is read over a range around it, and must be there, the same instants (in any
    offset), the same employee and id where the data gives them."""
    (named,) = shop.run.data.need("merchant", "blocked_times")
    ahead = [block for block in named if instant(block["to_date"]) > shop.run.now()][:3]
    if not ahead:
        pytest.skip(
            "needs target data merchant.blocked_times that end ahead of now (those named have passed)"
        )
    for block in ahead:
        starts, ends = instant(block["from_date"]), instant(block["to_date"])
        window = {"start": stamp(starts - timedelta(hours=1)), "end": stamp(ends + timedelta(hours=1))}
        shown = ok(shop.merchant.get("/bookings/calendar/events", params=window))["blocked_times"]
        found = [
            entry
            for entry in shown
            if (instant(entry["from_date"]), instant(entry["to_date"])) == (starts, ends)
            and all(entry.get(name) == block[name] for name in ("id", "employee_id") if name in block)
        ]
        assert found, (
            f"the calendar from {window['start']} to {window['end']} does not show the blocked time "
            f"{block}: its blocked times there are {shown}"
        )
