"""A server with no start instant, on whatever day the wall clock says.

Every other test starts its sandboxes at a fixed instant. These run sandboxes
on the wall clock, as ``booking-sandbox serve`` does by default, and check what
must hold on any day: the scenarios arrange what they promise, and there is
availability in every coming week. ``tests/test_any_date.py`` runs this module
again under libfaketime at the awkward instants (a Sunday, DST nights, ...).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import ApiClient, Control, monday_first
from tests.control import scenario_facts as facts


@pytest.fixture(scope="module")
def http(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = Path(tmp_path_factory.mktemp("wall-clock")) / "sandbox.db"
    with TestClient(create_app(Settings.load({"db": str(db)}, environ={}))) as client:
        yield client


def _sandbox(http: TestClient, name: str) -> tuple[ApiClient, Control]:
    key = f"sk_rsv_wall_clock_{name}"
    return ApiClient(http, key), Control(http, key)


def test_a_sandbox_reads_the_wall_clock(http: TestClient) -> None:
    _, control = _sandbox(http, "clock")
    clock = control.ok("GET", "/clock")
    assert clock["frozen"] is False
    assert abs(datetime.fromisoformat(clock["now"]) - datetime.now(UTC)) < timedelta(seconds=5)


def test_the_fully_booked_day_scenario_today(http: TestClient) -> None:
    api, control = _sandbox(http, "full_day")
    facts.fully_booked_day(api, control, None)


def test_the_class_at_capacity_scenario_today(http: TestClient) -> None:
    facts.class_at_capacity(_sandbox(http, "class")[1], None)


def test_the_deadline_scenario_today(http: TestClient) -> None:
    facts.one_booking_inside_its_deadline(_sandbox(http, "deadline")[1], None)


def test_the_dst_series_scenario_today(http: TestClient) -> None:
    facts.dst_series_keeps_local_time(_sandbox(http, "dst")[1], None)


def test_every_coming_week_has_free_places(http: TestClient) -> None:
    api, control = _sandbox(http, "weeks")
    today = date.fromisoformat(control.ok("GET", "/clock")["now"][:10])
    services = api.get("/services", params={"page_size": 100}).json()["data"]["services"]
    for week in range(8):
        free = 0
        for offset in range(1, 8):
            day = (today + timedelta(weeks=week, days=offset)).isoformat()
            for service in services:
                query = {"service_id": service["id"], "date": day, "page_size": 100}
                slots = api.get("/time-slots", params=query).json()["data"]["time_slots"]
                free += sum(slot["available_bookings"] for slot in slots)
            if free:
                break
        assert free, f"no free place in week {week + 1} after {today}"


def test_a_booking_on_the_next_occurrence_of_a_slot(http: TestClient) -> None:
    api, control = _sandbox(http, "book")
    today = date.fromisoformat(control.ok("GET", "/clock")["now"][:10])
    slot = api.get("/time-slots/1").json()["data"]
    ahead = (monday_first(slot["day_of_week"]) - today.weekday()) % 7 or 7
    day = today + timedelta(days=ahead)
    body = {"date": day.isoformat(), "time_slot_id": 1, "customer_email": "wall.clock@example.com"}
    created = api.post("/bookings", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["data"]["date"] == day.isoformat()
