"""The reseller's client against a fresh sandbox per test (fixtures from the pytest plugin)."""

from __future__ import annotations

from bardge_client import Reseller


def member_email(world: dict) -> str:
    client = world["programme"]["clients"][0]  # a fitperks member (reseller 1, issuer 1)
    return next(c["email"] for c in world["customers"] if c["id"] == client["customer_id"])


def test_a_retried_create_books_once_and_the_booking_confirms(sandbox) -> None:
    reseller = Reseller(sandbox.url("bardge"), sandbox.token("reseller", "fitperks"))
    token = reseller.client_token(1, member_email(sandbox.world))
    yoga = reseller.classes()[0]
    instance = reseller.next_instance(yoga["id"])

    first = reseller.book_class(1, instance["id"], token, idempotency_key="order-1001")
    retried = reseller.book_class(1, instance["id"], token, idempotency_key="order-1001")

    assert retried["booking_id"] == first["booking_id"]
    assert sandbox.journal.count(method="POST", path="/bardge/v3/bookings/class") == 2
    confirmed = reseller.confirm(first["booking_id"])
    assert confirmed["status"] == "confirmed"
