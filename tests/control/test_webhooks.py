"""ReserveKit webhooks, received by a real HTTP server in the test: signed, retried, journaled."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.control.dispatcher import Dispatcher
from mockserver.control.webhooks import WebhookBook, wants
from mockserver.integration.webhook_receiver import Delivery
from mockserver.storage.control.schema import deliveries
from mockserver.storage.database.engine import create_engine
from tests.conftest import API_KEY, START, ApiClient
from tests.control.receiver import Receiver


def verify(secret: str, headers: dict[str, str], body: bytes) -> bool:
    fields = dict(part.split("=", 1) for part in headers["Sandbox-Signature"].split(","))
    expected = hmac.new(secret.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, fields["v1"])


def register(control: Any, url: str, events: list[str]) -> dict[str, Any]:
    return control(API_KEY).ok("POST", "/webhooks", json={"url": url, "events": events})  # type: ignore[no-any-return]


def test_booking_events_are_delivered_signed(api: ApiClient, control: Any, receiver: Receiver) -> None:
    endpoint = register(control, receiver.url, ["bookings.create", "bookings.update", "bookings.delete"])
    booking = api.book().json()["data"]
    api.patch(f"/bookings/{booking['id']}", json={"status": "confirmed"})
    api.patch(f"/bookings/{booking['id']}", json={"status": "cancelled", "cancel_reason": "ill"})
    api.delete(f"/bookings/{booking['id']}")

    received = receiver.wait_for(4)
    events = [json.loads(body) for _, body in received]
    # The vendor's webhooks guide: its event types, a cancel as an update, and its envelope.
    assert [e["event_type"] for e in events] == [
        "bookings.create",
        "bookings.update",
        "bookings.update",
        "bookings.delete",
    ]
    assert [e["bookings"][0]["status"] for e in events] == ["pending", "confirmed", "cancelled", "cancelled"]
    assert all(set(e) == {"event_type", "bookings", "timestamp"} for e in events)
    assert events[0]["bookings"] == [booking]
    assert events[0]["timestamp"] == START.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert all(verify(endpoint["secret"], headers, body) for headers, body in received)
    assert not verify("whsec_wrong", *received[0])
    assert received[0][0]["Sandbox-Event"] == "bookings.create"


def test_endpoints_registered_under_the_former_event_names_still_receive() -> None:
    assert wants(["booking.cancelled"], "bookings.update")
    assert wants(["booking.deleted", "bookings.create"], "bookings.create")
    assert not wants(["bookings.create"], "bookings.update")
    assert not wants(["bookings.delete"], "bookings.create")


def test_a_failed_delivery_is_retried_with_backoff_on_the_sandbox_clock(
    api: ApiClient, control: Any, receiver: Receiver
) -> None:
    endpoint = register(control, receiver.url, ["bookings.create"])
    control(API_KEY).ok("POST", "/clock/freeze")
    receiver.answers = [500, 503]
    api.book()
    receiver.wait_for(1)
    time.sleep(0.6)  # frozen clock: the retry (due 1 s later) must wait for it
    assert len(receiver.received) == 1
    control(API_KEY).advance("1s")
    receiver.wait_for(2)
    control(API_KEY).advance("2s")
    received = receiver.wait_for(3)
    assert len({headers["Sandbox-Event-Id"] for headers, _ in received}) == 1, "one event, three attempts"

    deadline = time.monotonic() + 5
    while (delivery := control(API_KEY).ok("GET", f"/webhooks/{endpoint['id']}/deliveries")["deliveries"][0])[
        "state"
    ] != "delivered" and time.monotonic() < deadline:
        time.sleep(0.05)
    assert (delivery["state"], delivery["attempts"], delivery["last_status"]) == ("delivered", 3, 200)
    attempts = control(API_KEY).ok("GET", "/journal", params={"kind": "webhook"})["entries"]
    assert [a["status"] for a in reversed(attempts)] == [500, 503, 200]
    assert attempts[0]["request"]["headers"]["Sandbox-Signature"] == "********"


def test_the_test_event_is_sent_at_once(control: Any, receiver: Receiver) -> None:
    endpoint = register(control, receiver.url, ["bookings.update"])
    delivery = control(API_KEY).ok("POST", f"/webhooks/{endpoint['id']}/test")
    assert (delivery["state"], delivery["last_status"], delivery["event"]) == ("delivered", 200, "ping")
    headers, body = receiver.wait_for(1)[0]
    assert json.loads(body)["event_type"] == "ping"
    assert verify(endpoint["secret"], headers, body)


def test_a_signature_is_dated_by_the_wall_clock_whatever_day_the_sandbox_is_on(
    control: Any, receiver: Receiver
) -> None:
    """A receiver rejects a signature older (or newer) than a few minutes by its own clock, as
    the usual verifiers do: signed at the sandbox's instant, a sandbox set to next year (as a
    suite freezes it) had every delivery refused as a replay. The body keeps the sandbox's time."""
    endpoint = register(control, receiver.url, ["bookings.create"])
    ahead = max(START, datetime.now(UTC)) + timedelta(days=400)
    control(API_KEY).set_clock(ahead)
    control(API_KEY).ok("POST", f"/webhooks/{endpoint['id']}/test")
    headers, body = receiver.wait_for(1)[0]
    assert json.loads(body)["timestamp"] == ahead.strftime("%Y-%m-%dT%H:%M:%SZ")
    signed_at = int(dict(part.split("=", 1) for part in headers["Sandbox-Signature"].split(","))["t"])
    assert abs(signed_at - time.time()) < 60, f"signed at {signed_at}, the sandbox's clock and not the wall's"
    assert Delivery("/hooks", {k.lower(): v for k, v in headers.items()}, body).verify(endpoint["secret"])


def test_a_redirect_fails_the_delivery_naming_the_url_to_register(control: Any, receiver: Receiver) -> None:
    """A receiver behind a framework that redirects to the path with a trailing slash (or to
    HTTPS) is never delivered to, since redirects are not followed: the error said only "the
    endpoint answered 308"."""
    endpoint = register(control, receiver.url, ["bookings.update"])
    receiver.answers = [308]
    receiver.sends = {"Location": "/hooks/booking/"}
    delivery = control(API_KEY).ok("POST", f"/webhooks/{endpoint['id']}/test")
    slash = receiver.url + "/"
    assert (delivery["state"], delivery["last_status"]) == ("failed", 308)
    assert (
        delivery["last_error"]
        == f"the endpoint answered 308, a redirect to {slash} (not followed: register that URL)"
    )
    assert len(receiver.wait_for(1)) == 1


def test_a_redirect_to_what_is_no_url_fails_the_delivery_saying_so(control: Any, receiver: Receiver) -> None:
    """Joining ``http://[::1/x`` to the endpoint's URL raised in the sender: the ping stayed
    "sending" for ever, and every later listing of the endpoint's deliveries was a 500."""
    endpoint = register(control, receiver.url, ["bookings.update"])
    receiver.answers = [302]
    receiver.sends = {"Location": "http://[::1/x"}
    delivery = control(API_KEY).ok("POST", f"/webhooks/{endpoint['id']}/test")
    assert (delivery["state"], delivery["last_status"]) == ("failed", 302)
    assert delivery["last_error"] == (
        "the endpoint answered 302, a redirect to http://[::1/x (not followed: register that URL)"
    )
    assert control(API_KEY).ok("GET", f"/webhooks/{endpoint['id']}/deliveries")["deliveries"] == [delivery]


def test_an_attempt_that_fails_in_the_sandbox_settles_the_delivery_failed(
    control: Any, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever raises while a delivery is sent (the sender's fault, not the endpoint's), the
    delivery is settled failed, saying so, not left claimed or "sending" for ever."""

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("a fault of the sandbox's own")

    monkeypatch.setattr("mockserver.control.delivery_attempts.post", broken)
    endpoint = register(control, receiver.url, ["bookings.update"])
    delivery = control(API_KEY).ok("POST", f"/webhooks/{endpoint['id']}/test")
    assert (delivery["state"], delivery["attempts"]) == ("failed", 1)
    assert (
        delivery["last_error"]
        == 'the sandbox failed to send it (RuntimeError("a fault of the sandbox\'s own"))'
    )


def test_a_test_event_in_flight_is_listed_pending(control: Any, receiver: Receiver) -> None:
    """Stored as "sending" while its endpoint answers, the ping was listed so, which the
    control spec does not have: a 500 for as long as a slow endpoint took to answer."""
    endpoint = register(control, receiver.url, ["bookings.update"])
    receiver.hold = threading.Event()
    pinging = threading.Thread(target=control(API_KEY).ok, args=("POST", f"/webhooks/{endpoint['id']}/test"))
    pinging.start()
    try:
        deadline = time.monotonic() + 10
        while not (
            listed := control(API_KEY).ok("GET", f"/webhooks/{endpoint['id']}/deliveries")["deliveries"]
        ):
            assert time.monotonic() < deadline, "the ping was never stored"
            time.sleep(0.01)
        assert [d["state"] for d in listed] == ["pending"]
    finally:
        receiver.hold.set()
        pinging.join()
    assert [
        d["state"] for d in control(API_KEY).ok("GET", f"/webhooks/{endpoint['id']}/deliveries")["deliveries"]
    ] == ["delivered"]


def test_a_sandbox_forgotten_while_its_test_event_is_in_flight_answers_404(
    control: Any, receiver: Receiver
) -> None:
    """The ping was sent and its sandbox forgotten before the answer was read back: a 500 (no
    delivery row was found). Its endpoint is gone: the webhook's 404."""
    endpoint = register(control, receiver.url, ["bookings.update"])
    receiver.hold = threading.Event()
    answers: list[Any] = []
    pinging = threading.Thread(
        target=lambda: answers.append(control(API_KEY).post(f"/webhooks/{endpoint['id']}/test"))
    )
    pinging.start()
    try:
        deadline = time.monotonic() + 10
        while not control(API_KEY).ok("GET", f"/webhooks/{endpoint['id']}/deliveries")["deliveries"]:
            assert time.monotonic() < deadline, "the ping was never stored"
            time.sleep(0.01)
        assert control(API_KEY).delete("/sandbox").status_code == 204
    finally:
        receiver.hold.set()
        pinging.join()
    (answer,) = answers
    assert (answer.status_code, answer.json()["code"]) == (404, "not_found"), answer.text


def test_an_unreachable_endpoint_fails_the_test_event(control: Any) -> None:
    endpoint = register(control, "http://127.0.0.1:9/nothing-listens", ["bookings.create"])
    delivery = control(API_KEY).ok("POST", f"/webhooks/{endpoint['id']}/test")
    assert delivery["state"] == "failed"
    assert delivery["last_error"]


def test_a_receiver_behind_a_private_ca_is_trusted_as_the_clients_trust_it(
    control: Any, https_receiver: tuple[Receiver, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server's sends trust the bundle ``REQUESTS_CA_BUNDLE`` names, as the kit, the proxy
    and the control commands do (the server reads it at its first HTTPS send)."""
    receiver, ca = https_receiver
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(ca))
    endpoint = register(control, receiver.url, ["bookings.update"])
    delivery = control(API_KEY).ok("POST", f"/webhooks/{endpoint['id']}/test")
    assert (delivery["state"], delivery["last_status"]) == ("delivered", 200), delivery
    headers, body = receiver.wait_for(1)[0]
    assert verify(endpoint["secret"], headers, body)


def test_a_receiver_no_trusted_ca_signed_fails_saying_how_to_trust_it(
    control: Any, https_receiver: tuple[Receiver, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    receiver, _ = https_receiver
    for name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
    endpoint = register(control, receiver.url, ["bookings.update"])
    delivery = control(API_KEY).ok("POST", f"/webhooks/{endpoint['id']}/test")
    assert delivery["state"] == "failed"
    assert "CERTIFICATE_VERIFY_FAILED" in delivery["last_error"]
    assert "REQUESTS_CA_BUNDLE" in delivery["last_error"]
    assert receiver.received == []


def test_endpoints_are_listed_and_removed(control: Any, receiver: Receiver) -> None:
    endpoint = register(control, receiver.url, ["bookings.create"])
    assert [w["id"] for w in control(API_KEY).ok("GET", "/webhooks")["webhooks"]] == [endpoint["id"]]
    assert control(API_KEY).delete(f"/webhooks/{endpoint['id']}").status_code == 204
    assert control(API_KEY).get(f"/webhooks/{endpoint['id']}").status_code == 404


def test_a_forgotten_sandboxs_endpoints_are_gone_for_its_next_creates(
    api: ApiClient, control: Any, receiver: Receiver
) -> None:
    """Every create after forgetting a sandbox that had endpoints was a 500, its booking made:
    the process still knew the endpoints, and the event's insert for none of them was one row
    of defaults (a retrying client booked twice)."""
    register(control, receiver.url, ["bookings.create"])
    assert api.book().status_code == 201  # the process now knows the sandbox's endpoints
    assert control(API_KEY).delete("/sandbox").status_code == 204
    assert [api.book(weeks_ahead=weeks).status_code for weeks in (5, 6)] == [201, 201]
    assert control(API_KEY).ok("GET", "/webhooks")["webhooks"] == []


def test_an_event_for_endpoints_gone_since_they_were_looked_at_queues_nothing(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another worker removed them between the look (taken without the write lock) and the
    write: none wants the event, and none is a create's 500 after its booking was made."""
    wanted = [{"events": ["bookings.create"]}]
    monkeypatch.setattr(WebhookBook, "_known_endpoints", lambda self, digest: wanted)
    assert api.book().status_code == 201


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"url": "ftp://example.com/x", "events": ["bookings.create"]}, 422),
        # urllib raises on an unclosed IPv6 bracket, and the registration answered 500.
        ({"url": "https://[::1/hooks", "events": ["bookings.create"]}, 422),
        ({"url": "http://[fe80::1%25eth0/x", "events": ["bookings.create"]}, 422),
        ({"url": "http://example.com/x", "events": ["booking.exploded"]}, 400),
        ({"url": "http://example.com/x", "events": []}, 400),
    ],
)
def test_bad_endpoints_are_refused(control: Any, body: dict[str, Any], status: int) -> None:
    assert control(API_KEY).post("/webhooks", json=body).status_code == status
    assert control(API_KEY).ok("GET", "/webhooks")["webhooks"] == []


@pytest.mark.parametrize("url", ["ftp://x", "x", "http:/"])
def test_a_short_url_is_refused_for_what_is_wrong_with_it_not_its_length(control: Any, url: str) -> None:
    """The schema once held a URL to 8 characters, and ``ftp://x`` was refused as "too short"
    before the outbound policy could say it needs http(s) and a host."""
    refused = control(API_KEY).post("/webhooks", json={"url": url, "events": ["bookings.create"]})
    assert refused.status_code == 422, refused.text
    assert refused.json()["invalid_params"] == [
        {"name": "url", "reason": "must be an http(s) URL with a host"}
    ]


def test_a_delivery_read_before_its_last_attempt_settled_is_not_claimed_again(database_at_head: str) -> None:
    """The dispatcher reads the due deliveries, then claims and sends each. An attempt that
    settles in between (on a sender thread, or another worker) leaves the read row stale:
    claimed from it, the delivery went again at once, early, and the attempt was counted twice."""
    engine = create_engine(database_at_head)
    d = deliveries.c
    with engine.begin() as connection:
        connection.execute(
            sa.insert(deliveries).values(
                id=1,
                sandbox_hash="h" * 64,
                webhook_id=1,
                event="bookings.create",
                event_id="e1",
                payload="{}",
                attempts=1,
                state="pending",
                next_attempt_at=START.replace(tzinfo=None),
            )
        )
    dispatcher = Dispatcher(engine, journal=None, policy=None)  # type: ignore[arg-type]
    with engine.connect() as connection:
        read = connection.execute(sa.select(deliveries)).one()
    # Meanwhile the second attempt fails and settles, due again 2 s on.
    dispatcher._attempts.settle(1, attempts=2, state="pending", due=START + timedelta(seconds=2), status=503)
    assert not dispatcher._claim(read.id, read.attempts), "claimed from a stale row"
    with engine.connect() as connection:
        fresh = connection.execute(sa.select(deliveries)).one()
    assert dispatcher._claim(fresh.id, fresh.attempts)
    assert not dispatcher._claim(fresh.id, fresh.attempts), "claimed twice"
    with engine.connect() as connection:
        assert connection.execute(sa.select(d.attempts, d.state)).one() == (2, "pending")
    engine.dispose()


def test_the_dispatcher_outlives_a_failed_round_and_a_stop_between_a_claim_and_its_send(
    database_at_head: str, said: list[logging.LogRecord]
) -> None:
    """Its thread ended at a stop that shut its senders between a claim and the send
    ("cannot schedule new futures after shutdown", a traceback at each server's stop), and at
    any failure but SQLAlchemy's: after one, no webhook of the process was sent again."""
    engine = create_engine(database_at_head)
    dispatcher = Dispatcher(engine, journal=None, policy=None, poll_seconds=0.001)  # type: ignore[arg-type]
    rounds: list[int] = []

    def due() -> int:
        rounds.append(len(rounds))
        if len(rounds) == 1:
            raise RuntimeError("a round's own fault")
        dispatcher.stop()
        return dispatcher._senders.submit(print).result()  # as a claimed send meets the stop

    dispatcher.dispatch_due = due  # type: ignore[method-assign]
    dispatcher._run()  # returns, where it raised
    assert rounds == [0, 1]
    assert [(r.levelname, r.getMessage(), r.exc_info is not None) for r in said] == [
        ("ERROR", "webhook dispatch: a round failed; the next tries again", True)
    ]
    engine.dispose()
