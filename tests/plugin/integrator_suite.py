"""An integrator's test file, as docs/pytest.md shows it: run by tests/plugin/test_plugin.py
in a pytest of its own, with only the installed plugin's fixtures."""

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

MONDAY = "2027-01-11"  # the ini starts every sandbox frozen on Wednesday 2027-01-06


def book(sandbox, email):
    body = {"date": MONDAY, "time_slot_id": 99, "customer_email": email}
    return httpx.post(
        sandbox.url("reservekit") + "/v1/bookings?service_id=3", json=body, headers=sandbox.headers()
    )


def test_a_booking_is_journaled_signed_and_delivered(sandbox, webhook_receiver, tmp_path):
    secret = sandbox.webhooks.add(webhook_receiver.url)["secret"]
    assert book(sandbox, "ada@example.com").status_code == 201
    assert sandbox.journal.count(method="POST", status=201) == 1
    delivery = webhook_receiver.wait_for(lambda d: d.json()["event_type"] == "bookings.create")
    assert delivery is not None
    assert delivery.verify(secret)
    assert not delivery.verify("not-the-secret")
    har = json.loads(sandbox.journal.har(tmp_path / "run.har", kind="request").read_text())
    assert [e["request"]["method"] for e in har["log"]["entries"]] == ["POST"]


def test_each_test_has_its_own_sandbox_and_faults_fire(sandbox):
    assert sandbox.journal.count() == 0
    sandbox.faults.add("error", status=503, path="/v1/bookings", method="POST", count=1)
    assert book(sandbox, "bea@example.com").status_code == 503
    assert book(sandbox, "bea@example.com").status_code == 201
    entries = sandbox.journal.entries(method="POST")
    assert [e["status"] for e in entries] == [201, 503]
    assert sandbox.journal.count(status="5xx", path="/v1/bookings") == 1
    # A filter takes one value: two are refused, where the last alone was counted.
    with pytest.raises(Exception, match="'status' is given 2 times"):
        sandbox.journal.count(status=["5xx", "2xx"])


def test_the_clock_moves_only_when_told(sandbox):
    start = datetime(2027, 1, 6, 15, 0, tzinfo=UTC)
    assert sandbox.clock.now() == start
    assert sandbox.clock.advance("2h") == start + timedelta(hours=2)
    assert sandbox.clock.advance(timedelta(minutes=30)) == start + timedelta(hours=2, minutes=30)
    # A month to its microsecond: its seconds were once written "2.592e+06s", which no duration is.
    month = timedelta(days=30, microseconds=1500)
    assert sandbox.clock.advance(month) == start + timedelta(hours=2, minutes=30) + month
    sandbox.reset()
    assert sandbox.clock.now() == start
    merchant = sandbox.world["providers"][0]["slug"]
    assert sandbox.tokens["merchant"] == sandbox.token("merchant", merchant)
    for role, token in sandbox.tokens.items():
        assert sandbox.headers(role) == {"Authorization": f"Bearer {token}"}
    # sandbox.url takes "reservekit-v1" as well; the tokens are by role, and say so.
    with pytest.raises(KeyError, match=r"no role 'reservekit-v1' in sandbox.tokens, which names its roles: "):
        sandbox.tokens["reservekit-v1"]
    answer = httpx.get(
        sandbox.url("merchant") + "/bookings/calendar/events",
        params={"start": "2027-01-11T00:00:00Z", "end": "2027-01-12T00:00:00Z"},
        headers={"Authorization": f"Bearer {sandbox.tokens['merchant']}"},
    )
    assert answer.status_code == 200, answer.text
    # The ini serves two APIs only: the server has no lifecycle, nor will the plugin hand out its URL.
    other = httpx.get(
        sandbox.server.url + "/lifecycle/api/v1/services", headers=sandbox.headers("customer", "x")
    )
    assert other.status_code == 404


def test_an_api_the_session_does_not_serve_is_said_at_the_line_that_asks(sandbox):
    with pytest.raises(ValueError, match=r"^lifecycle is not served") as refused:
        sandbox.url("lifecycle")
    assert str(refused.value) == (
        "lifecycle is not served by this session's server (booking_sandbox_apis in your ini): "
        "it serves reservekit-v1, merchant"
    )
