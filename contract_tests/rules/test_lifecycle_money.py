"""The lifecycle API's money rules: an edit recalculates the order, to the cent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from contract_tests.kit.client import ok
from contract_tests.kit.run import Run
from contract_tests.rules.lifecycle_desk import Desk, order_of
from contract_tests.rules.lifecycle_fees import minute_either_side, slot_either_side


def test_money_add_ons_are_charged_by_quantity_and_taken_off_again(desk: Desk) -> None:
    service, _, booking = desk.booked()
    extras = [a for a in service["attributes"]["addons"] if a["max_quantity"] >= 2]
    if not extras:
        pytest.skip(f"service {service['id']} offers no add-on that can be taken twice")
    extra, booking_id = extras[0], booking["data"]["id"]
    path = f"/api/v1/bookings/{booking_id}/edit-service-options"
    before = _total(booking)
    edited = ok(desk.customer.post(path, json={"addons": [{"add_on_id": extra["id"], "quantity": 2}]}))
    price = Decimal(extra["price"]["amount"])
    assert _total(edited) == before + 2 * price, (
        f"the order's total went from {before} to {_total(edited)} for two of {extra['name']!r} at {price}"
    )
    shown = [(a["add_on_id"], a["quantity"]) for a in edited["data"]["attributes"]["addons"]]
    assert shown == [(extra["id"], 2)], f"the booking shows its add-ons as {shown}"
    assert _total(desk.read(booking_id)) == _total(edited), "a read shows another total than the edit"
    removed = ok(desk.customer.post(path, json={"addons": []}))
    assert _total(removed) == before, f"without its add-ons the order totals {_total(removed)}, not {before}"


@pytest.mark.moves_clock
def test_fee_tier_boundary_a_slot_either_side_of_each_tier(desk: Desk, run: Run) -> None:
    """Each tier applies from ``hours_before`` the start: booked now, a slot either side of each
    boundary from now, each preview shows its own tier. No clock need move, so any target is
    held to it; only where no free slot lies near a boundary from now (it falls at night) does
    a booking-sandbox's clock make the time pass instead, to the minute."""
    if slot_either_side(desk, run):
        return
    run.controls.require("no free slot lies within three hours either side of a fee tier's boundary from now")
    minute_either_side(desk, run)


def _total(document: dict[str, Any]) -> Decimal:
    return Decimal(order_of(document)["total"]["amount"])
