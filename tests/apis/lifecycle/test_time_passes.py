"""Advancing the sandbox clock through the control API closes check-in windows and moves fee tiers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from .conftest import DEEP_TISSUE, Seeded, instant


def test_advancing_past_the_check_in_window_expires_an_accepted_booking(
    as_customer: Any, seeded: Seeded, control: Any
) -> None:
    customer = as_customer(1)
    booking = customer.book_instantly(seeded.service_uuid(DEEP_TISSUE))["data"]
    closes = instant(booking["attributes"]["check_in_until"])
    ctl = control(customer.token)

    ctl.set_clock(closes - timedelta(minutes=1))
    assert customer.booking(booking["id"])["data"]["attributes"]["status"] == "accepted"
    ctl.advance("2m")
    assert customer.booking(booking["id"])["data"]["attributes"]["status"] == "expired"


def test_advancing_the_clock_moves_the_booking_into_the_next_fee_tier(
    as_customer: Any, seeded: Seeded, control: Any
) -> None:
    customer = as_customer(2)
    booking = customer.book_instantly(seeded.service_uuid(DEEP_TISSUE))["data"]
    start = instant(booking["attributes"]["start_date"])
    ctl = control(customer.token)

    def tier() -> tuple[str, str]:
        preview = customer.get(f"/bookings/{booking['id']}/cancellation-preview")
        assert preview.status_code == 200, preview.text
        terms = preview.json()["data"]["attributes"]
        return terms["fee_amount"]["amount"], terms["deadline"]

    ctl.set_clock(start - timedelta(hours=100))
    assert tier()[0] == "0.00"
    ctl.advance("30h")  # now 70 h before the start: inside the 72 h free period's end
    fee, deadline = tier()
    assert fee == "42.50"
    assert instant(deadline) == start - timedelta(hours=24)
