"""``DELETE /_sandbox/sandbox``: a key used once and thrown away (a pytest plugin's test) gives
its room on the server back; a shared server filled with them refused every new key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import API_KEY, OTHER_KEY, START, ApiClient, Control

HOLD = {"holder": "contract kit run 1", "seconds": 60}


def test_forgetting_a_sandbox_deletes_all_of_it_and_its_key_starts_anew(control: Any, api: ApiClient) -> None:
    ours, theirs = control(API_KEY), control(OTHER_KEY)
    booked = api.book(slot_id=1)
    assert booked.status_code == 201, booked.text
    booking = booked.json()["data"]["id"]
    other = ApiClient(api.http, OTHER_KEY).book(slot_id=1)
    assert other.status_code == 201, other.text
    ours.ok("POST", "/faults", json={"kind": "error", "status": 503, "path": "/nowhere"})
    ours.ok("POST", "/webhooks", json={"url": "http://127.0.0.1:9/hooks", "events": ["bookings.create"]})
    ours.advance("2h")
    assert ours.ok("GET", "/journal/count")["count"] > 0
    assert ours.ok("GET", "/coverage")["rows"]

    assert ours.request("DELETE", "/sandbox").status_code == 204
    assert ours.ok("GET", "/journal/count")["count"] == 0, "the control API is not journaled"
    assert ours.ok("GET", "/coverage")["rows"] == []
    assert ours.ok("GET", "/faults") == {"faults": []}
    assert ours.ok("GET", "/webhooks") == {"webhooks": []}
    assert ours.ok("GET", "/clock")["now"] == START.isoformat()
    assert api.get(f"/bookings/{booking}").status_code == 404, "the seeded world again, without it"
    assert ours.request("DELETE", "/sandbox").status_code == 204, "nothing left to forget is no fault"
    # Another key's sandbox is its own.
    assert theirs.ok("GET", "/journal/count")["count"] > 0
    assert ApiClient(api.http, OTHER_KEY).get(f"/bookings/{other.json()['data']['id']}").status_code == 200


def test_a_sandbox_a_run_holds_is_not_forgotten(control: Any, api: ApiClient) -> None:
    ours = control(API_KEY)
    booked = api.book(slot_id=1)
    assert booked.status_code == 201, booked.text
    taken = ours.ok("PUT", "/lease", json=HOLD)
    refused = ours.request("DELETE", "/sandbox")
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "leased"
    assert (
        refused.json()["detail"]
        == f"held by {HOLD['holder']} until {taken['until']}: forget it once given back"
    )
    assert api.get(f"/bookings/{booked.json()['data']['id']}").status_code == 200
    assert ours.request("DELETE", "/lease", params={"holder": HOLD["holder"]}).status_code == 204
    assert ours.request("DELETE", "/sandbox").status_code == 204


@pytest.mark.sqlite_only("the cap's count is one query on either database (tests/http/test_sandbox_limit.py)")
def test_a_forgotten_sandbox_gives_its_room_to_a_new_key(tmp_path: Path) -> None:
    settings = Settings.load(
        {"db": str(tmp_path / "s.db"), "start_at": START, "max_sandboxes": 2}, environ={}
    )
    with TestClient(create_app(settings)) as client:
        for number in range(6):  # a suite's tests, one key each, each forgotten when done
            test = Control(client, f"sk_rsv_pytest_test_{number:04}")
            assert test.ok("GET", "/sandbox")["seed"] == 42
            assert test.request("DELETE", "/sandbox").status_code == 204
        kept = [Control(client, f"sk_rsv_kept_{number:04}") for number in range(2)]
        for each in kept:
            each.ok("GET", "/sandbox")
        full = Control(client, "sk_rsv_one_too_many").request("GET", "/sandbox")
        assert full.status_code == 503
        assert "forget one (DELETE /_sandbox/sandbox)" in full.json()["detail"]
