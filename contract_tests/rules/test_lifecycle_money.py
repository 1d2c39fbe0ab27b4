"""The lifecycle API's money rules: an edit recalculates the order, to the cent."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from contract_tests.kit.client import ok
from contract_tests.rules.lifecycle_desk import Desk, order_of


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


def _total(document: dict[str, Any]) -> Decimal:
    return Decimal(order_of(document)["total"]["amount"])
