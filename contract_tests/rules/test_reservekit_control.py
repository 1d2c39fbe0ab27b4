"""ReserveKit rules a deployment can be checked on only through a booking-sandbox's control API.

The document promises a 429 "rate limit exceeded" but names no limit, so no number of
requests is known to reach it: the sandbox is told one (a ``rate_limit`` fault). It
promises webhook notifications but names no events: the sandbox's are
``booking.created``, ``booking.updated``, ``booking.cancelled`` and ``booking.deleted``,
delivered to a receiver the kit runs beside itself. Elsewhere these are skipped.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
from typing import Any
from urllib.parse import urlsplit

import pytest

from contract_tests.kit.client import Api, ok
from contract_tests.kit.receiver import Delivery, Receiver, receiving
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy
from contract_tests.rules.reservekit_slots import Slots

EVENTS = ["booking.created", "booking.updated", "booking.cancelled", "booking.deleted"]


def test_rate_limit_an_over_limit_create_is_429_and_books_nothing(run: Run, slots: Slots, tidy: Tidy) -> None:
    slot, day = slots.free(at_least=3)
    before = slots.available(slot, day)
    token = run.control_token()
    limit = {"api": "reservekit-v1", "method": "POST", "path": "/v1/bookings", "kind": "rate_limit"}
    fault = run.controls.add_fault(token, {**limit, "limit": 1, "window_seconds": 3600})
    tidy.later(lambda: run.controls.remove_fault(token, fault))

    slots.booked(slot, day)
    over = slots.book(slot, day)
    assert over.status_code == 429, f"the create over the limit answered {over.status_code}: {over.text}"
    assert over.json().get("error") == "rate limit exceeded", over.text
    assert int(over.headers.get("Retry-After", "0")) > 0, "a 429 without Retry-After says not when to retry"
    assert slots.available(slot, day) == before - 1, "the refused create took a place"


def _signed(delivery: Delivery, secret: str) -> bool:
    parts = dict(part.split("=", 1) for part in delivery.headers.get("sandbox-signature", "").split(","))
    expected = hmac.new(secret.encode(), f"{parts.get('t')}.".encode() + delivery.body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts.get("v1", ""))


def _event(receiver: Receiver, secret: str, kind: str, booking_id: int) -> dict[str, Any]:
    def wanted(delivery: Delivery) -> bool:
        body = delivery.json()
        shown = body.get("data", {}).get("booking", {})
        return bool(body.get("type") == kind and shown.get("id") == booking_id)

    delivery = receiver.wait_for(wanted)
    assert delivery is not None, f"no {kind} event for booking {booking_id} arrived within 15 s"
    assert _signed(delivery, secret), f"the {kind} event's Sandbox-Signature does not verify"
    return delivery.json()["data"]["booking"]  # type: ignore[no-any-return]


def test_webhooks_each_change_of_a_booking_is_notified_as_the_api_shows_it(
    run: Run, api: Api, slots: Slots, tidy: Tidy
) -> None:
    if urlsplit(run.target.base_url).hostname not in ("127.0.0.1", "localhost", "::1"):
        pytest.skip("needs the sandbox to reach the kit's webhook receiver: run the kit beside the sandbox")
    token = run.control_token()
    with receiving() as receiver:
        endpoint = run.controls.add_webhook(token, receiver.url, EVENTS)
        tidy.later(lambda: run.controls.remove_webhook(token, endpoint["id"]))
        events = functools.partial(_event, receiver, endpoint["secret"])
        slot, day = slots.free(at_least=1)
        booking = slots.booked(slot, day)
        path = f"/v1/bookings/{booking['id']}"
        assert events("booking.created", booking["id"]) == booking

        updated = ok(api.patch(path, json={"message": "contract kit was here"}))["data"]
        assert events("booking.updated", booking["id"]) == updated

        cancelled = ok(api.patch(path, json={"status": "cancelled", "cancel_reason": "contract kit"}))["data"]
        assert events("booking.cancelled", booking["id"]) == cancelled

        assert api.delete(path).status_code in (200, 204)
        assert events("booking.deleted", booking["id"]) == cancelled
