"""``serve --vendor-only`` answers what the vendors document and nothing of the sandbox's own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START

KEY = "sk_rsv_vendor_only_01"
MERCHANT = "merchant.rodriguez-figueroa-and-sanchez.vendor_only_01"


def _server(tmp_path: Path, vendor_only: bool) -> TestClient:
    settings = {"db": str(tmp_path / f"{vendor_only}.db"), "start_at": START, "vendor_only": vendor_only}
    return TestClient(create_app(Settings.load(settings, environ={})))


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """A vendor-only server, and a default one beside it: the same requests, the sandbox's answers."""
    with _server(tmp_path, True) as vendor, _server(tmp_path, False) as sandbox:
        yield vendor, sandbox


def test_the_control_api_is_gone_but_health_and_target_data(servers: tuple[TestClient, TestClient]) -> None:
    vendor, sandbox = servers
    auth = {"Authorization": f"Bearer {KEY}"}
    assert vendor.get("/_sandbox/health").json() == {"status": "ok"}
    assert sandbox.get("/_sandbox/health").json()["service"] == "booking-sandbox"
    assert vendor.get("/_sandbox/target-data", headers=auth).status_code == 200
    for method, path in (
        ("GET", "/_sandbox/clock"),
        ("POST", "/_sandbox/clock/advance"),
        ("GET", "/_sandbox/state"),
        ("POST", "/_sandbox/faults"),
        ("GET", "/_sandbox/journal"),
        ("GET", "/_sandbox/dashboard/"),
        ("POST", "/_sandbox/reset"),
    ):
        gone = vendor.request(method, path, headers=auth, json={})
        assert gone.status_code == 404, (method, path, gone.text)
        assert sandbox.request(method, path, headers=auth, json={}).status_code != 404, (method, path)


def test_time_slots_lose_what_the_sandbox_infers(servers: tuple[TestClient, TestClient]) -> None:
    vendor, sandbox = servers
    query = {"service_id": 1, "date": "2027-01-13", "page_size": 100}
    auth = {"Authorization": f"Bearer {KEY}"}
    shown = vendor.get("/reservekit/v1/time-slots", params=query, headers=auth)
    listed = sandbox.get("/reservekit/v1/time-slots", params=query, headers=auth)
    inferred = listed.json()["data"]["time_slots"]
    assert {"date", "available_bookings"} <= set(inferred[0])
    slots = shown.json()["data"]["time_slots"]
    assert len(slots) == len(inferred)
    assert all("date" not in slot and "available_bookings" not in slot for slot in slots)
    assert {key for slot in slots for key in slot} == {key for slot in inferred for key in slot} - {
        "date",
        "available_bookings",
    }
    assert int(shown.headers["content-length"]) == len(shown.content)


def test_error_bodies_keep_the_vendors_words_only(servers: tuple[TestClient, TestClient]) -> None:
    vendor, sandbox = servers
    auth = {"Authorization": f"Bearer {KEY}"}
    # Time slot 19 is a Wednesday's; 2027-01-14 is a Thursday.
    body = {"date": "2027-01-14", "time_slot_id": 19, "customer_email": "kit@example.com"}
    refused = vendor.post("/reservekit/v1/bookings", json=body, headers=auth)
    assert refused.status_code == 400
    assert refused.json() == {"data": None, "error": "time slot 19 is only available on Wednesday"}
    assert "details" in sandbox.post("/reservekit/v1/bookings", json=body, headers=auth).json()
    merchant = {"Authorization": f"Bearer {MERCHANT}"}
    missing = vendor.get("/merchant/bookings/customer/999999", headers=merchant)
    assert missing.status_code in (403, 404), missing.text
    assert set(missing.json()["error"]) == {"message"}
    assert "code" in sandbox.get("/merchant/bookings/customer/999999", headers=merchant).json()["error"]


def test_a_miss_outside_every_api_points_where_a_vendor_only_server_lists_paths(
    servers: tuple[TestClient, TestClient],
) -> None:
    """A vendor-only server's miss said "GET / lists them", and its ``GET /`` was the same 404."""
    vendor, sandbox = servers
    for server, front in ((vendor, 404), (sandbox, 200)):
        assert server.get("/").status_code == front
    missed = vendor.get("/nope").json()["detail"]
    assert "GET /" not in missed
    assert missed.endswith("(each lists its paths at its ui/)")
    assert vendor.get("/reservekit/ui/").status_code == 200  # where the miss points
    assert sandbox.get("/nope").json()["detail"].endswith("(GET / lists them, with their docs)")
