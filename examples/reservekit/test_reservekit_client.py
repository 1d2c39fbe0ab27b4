"""The ReserveKit client against a fresh sandbox per test (fixtures from the pytest plugin)."""

from __future__ import annotations

import pytest
from reservekit_client import BookingMirror, ReserveKit, SlotFull, verified_event

MONDAY = "2027-01-11"  # pyproject's ini starts every sandbox on Wednesday 2027-01-06
MASSAGE, ONE_PLACE_SLOT = 1, 1  # slot 1 (Mondays) takes one booking per date


def test_a_full_slot_is_an_exception_the_product_can_show(sandbox) -> None:
    client = ReserveKit(sandbox.url("reservekit"), sandbox.key)
    booked = client.book(MASSAGE, ONE_PLACE_SLOT, MONDAY, "ada@example.com")
    assert (booked.status, booked.date) == ("pending", MONDAY)
    with pytest.raises(SlotFull):
        client.book(MASSAGE, ONE_PLACE_SLOT, MONDAY, "bea@example.com")
    assert sandbox.journal.count(method="POST", status=201) == 1


def test_a_rate_limited_create_is_retried_after_retry_after(sandbox) -> None:
    waits: list[float] = []
    client = ReserveKit(sandbox.url("reservekit"), sandbox.key, sleep=waits.append)
    sandbox.faults.add(
        "rate_limit",
        api="reservekit-v1",
        method="POST",
        path="/v1/bookings",
        limit=1,
        window_seconds=3600,
        count=1,
    )
    client.book(MASSAGE, ONE_PLACE_SLOT, MONDAY, "ada@example.com")  # the one the limit allows
    booked = client.book(3, 99, MONDAY, "bea@example.com")  # refused once, then let through
    assert booked.status == "pending"
    assert len(waits) == 1
    assert waits[0] > 0
    assert sandbox.journal.count(method="POST", status=429) == 1


def test_webhooks_are_verified_and_keep_the_product_current(sandbox, webhook_receiver) -> None:
    secret = sandbox.webhooks.add(webhook_receiver.url)["secret"]
    client = ReserveKit(sandbox.url("reservekit"), sandbox.key)
    mirror = BookingMirror()
    booked = client.book(MASSAGE, ONE_PLACE_SLOT, MONDAY, "ada@example.com")
    client.cancel(booked.id, "Changed plans")
    for kind in ("bookings.create", "bookings.update"):
        delivery = webhook_receiver.wait_for(lambda d, kind=kind: d.json()["event_type"] == kind)
        assert delivery is not None, f"no {kind} event"
        # Within five minutes of this machine's clock, though the sandbox's is frozen in 2027.
        mirror.apply(verified_event(delivery.body, delivery.headers["sandbox-signature"], secret))
    assert mirror.statuses == {booked.id: "cancelled"}
    with pytest.raises(ValueError, match="signature does not match"):
        verified_event(delivery.body, delivery.headers["sandbox-signature"], "whsec_someone_else")
