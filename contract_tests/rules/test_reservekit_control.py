"""ReserveKit rules a deployment can be checked on only through a booking-sandbox's control API.

The document promises a 429 "rate limit exceeded" but names no limit, so no number of
requests is known to reach it: the sandbox is told one (a ``rate_limit`` fault). It
promises webhook notifications but names no events, and endpoints are registered in the
vendor's dashboard, not its API: the sandbox registers one through its control API, and its
events (the vendor's webhooks guide: ``bookings.create``, ``bookings.update``,
``bookings.delete``, as ``{"event_type", "bookings": […], "timestamp"}``) reach a receiver
the kit runs beside itself. Elsewhere these are skipped.
"""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import urlsplit

import pytest

from contract_tests.kit.client import Api, ok
from contract_tests.kit.controls import RUN_BESIDE
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy
from contract_tests.rules.reservekit_slots import Slots
from mockserver.integration.webhook_receiver import Delivery, Receiver, receiving, undelivered

EVENTS = ["bookings.create", "bookings.update", "bookings.delete"]


def test_rate_limit_an_over_limit_create_is_429_and_books_nothing(run: Run, slots: Slots, tidy: Tidy) -> None:
    run.controls.require("needs a fault rule")
    # The create over the limit asks for a place of its own: a target whose slots each take one
    # booking still shows whether the refused create took it.
    (slot, day), (other, other_day) = slots.places(2)
    token = run.control_token()
    limit = {"api": "reservekit-v1", "method": "POST", "path": "/v1/bookings", "kind": "rate_limit"}
    fault = run.controls.add_fault(token, {**limit, "limit": 1, "window_seconds": 3600})
    tidy.later(lambda: run.controls.remove_fault(token, fault))

    slots.booked(slot, day)
    before = slots.available(other, other_day)
    over = slots.book(other, other_day)
    assert over.status_code == 429, f"the create over the limit answered {over.status_code}: {over.text}"
    assert over.json().get("error") == "rate limit exceeded", over.text
    assert int(over.headers.get("Retry-After", "0")) > 0, "a 429 without Retry-After says not when to retry"
    assert over.headers.get("X-RateLimit-Remaining") == "0", "the vendor's guide: a 429 shows none remaining"
    assert slots.available(other, other_day) == before, "the refused create took a place"


def _event(receiver: Receiver, secret: str, kind: str, shown: dict[str, Any]) -> dict[str, Any]:
    """The event of type ``kind`` about the booking as ``shown`` (its id and status), once it came."""

    def wanted(delivery: Delivery) -> bool:
        body = delivery.json()
        about = (body.get("bookings") or [{}])[0]
        same = (about.get("id"), about.get("status")) == (shown["id"], shown["status"])
        return bool(body.get("event_type") == kind and same)

    delivery = receiver.wait_for(wanted)
    assert delivery is not None, f"no {kind} event for booking {shown['id']} ({shown['status']}) within 15 s"
    assert delivery.verify(secret), f"the {kind} event's Sandbox-Signature does not verify"
    body = delivery.json()
    assert isinstance(body.get("timestamp"), str), body
    return body["bookings"][0]  # type: ignore[no-any-return]


def test_webhooks_each_change_of_a_booking_is_notified_as_the_api_shows_it(
    run: Run, api: Api, slots: Slots, tidy: Tidy
) -> None:
    run.controls.require("needs a webhook endpoint")
    if urlsplit(run.target.base_url).hostname not in ("127.0.0.1", "localhost", "::1"):
        pytest.skip("needs the sandbox to reach the kit's webhook receiver: run the kit beside the sandbox")
    token = run.control_token()
    with receiving() as receiver:
        endpoint = run.controls.add_webhook(token, receiver.url, EVENTS)
        tidy.later(lambda: run.controls.remove_webhook(token, endpoint["id"]))
        # A sandbox at localhost may still be in a container, whose 127.0.0.1 is its own: no
        # verdict on its webhooks where they cannot reach the kit.
        if why := undelivered(run.controls.test_webhook(token, endpoint["id"]), receiver):
            pytest.skip(f"{why}: {RUN_BESIDE}")
        events = functools.partial(_event, receiver, endpoint["secret"])
        slot, day = slots.free(at_least=1)
        booking = slots.booked(slot, day)
        path = f"/v1/bookings/{booking['id']}"
        assert events("bookings.create", booking) == booking

        confirmed = ok(api.patch(path, json={"status": "confirmed"}))["data"]
        assert events("bookings.update", confirmed) == confirmed

        cancelled = ok(api.patch(path, json={"status": "cancelled", "cancel_reason": "contract kit"}))["data"]
        assert events("bookings.update", cancelled) == cancelled

        assert api.delete(path).status_code in (200, 204)
        assert events("bookings.delete", cancelled) == cancelled
