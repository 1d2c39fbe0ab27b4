"""Reset, reseed, scenarios, and exporting and importing a sandbox's state."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from tests.conftest import API_KEY, OTHER_KEY, ApiClient


def test_reset_forgets_changes_and_the_moved_clock(api: ApiClient, control: Any) -> None:
    booking_id = api.book().json()["data"]["id"]
    control(API_KEY).advance("2d")
    state = control(API_KEY).ok("POST", "/reset")
    assert state["clock"]["offset_seconds"] == 0
    assert state["seed"] == 42
    assert api.get(f"/bookings/{booking_id}").status_code == 404


def test_reseeding_gives_another_world_and_only_to_this_sandbox(
    api: ApiClient, other_api: ApiClient, control: Any
) -> None:
    before = api.get("/services/1").json()["data"]["name"]
    assert control(API_KEY).ok("POST", "/reset", json={"seed": 7})["seed"] == 7
    assert control(API_KEY).ok("GET", "/sandbox")["seed"] == 7
    names = {api.get(f"/services/{i}").json()["data"]["description"] for i in (1, 2)}
    assert names != {other_api.get(f"/services/{i}").json()["data"]["description"] for i in (1, 2)}
    assert other_api.get("/services/1").json()["data"]["name"] == before


def test_the_fully_booked_day_scenario(api: ApiClient, control: Any) -> None:
    state = control(API_KEY).ok("POST", "/reset", json={"scenario": "fully-booked-day"})
    assert state["scenario"] == "fully-booked-day"
    day = (datetime.fromisoformat(state["clock"]["now"]) + timedelta(days=7)).date()
    listed = 0
    for service_id in (1, 2, 3, 4):
        query = {"service_id": service_id, "date": day.isoformat(), "page_size": 100}
        slots = api.get("/time-slots", params=query).json()["data"]["time_slots"]
        listed += len(slots)
        assert all(slot["available_bookings"] == 0 for slot in slots), slots
    assert listed, "the day has slots"


def test_the_class_at_capacity_scenario_fills_reservekit_and_bardge(control: Any) -> None:
    control(API_KEY).ok("POST", "/reset", json={"scenario": "class-at-capacity"})
    document = control(API_KEY).ok("GET", "/state")
    for api in ("reservekit-v1", "bardge-v3"):
        tables = document["apis"][api]
        classes = {s["id"] for s in tables["services"] if s["kind"] == "class"}
        capacity = {t["id"]: t["max_bookings"] for t in tables["time_slots"] if t["service_id"] in classes}
        arranged = [b for b in tables["bookings"] if b["message"] == "booked by a scenario"]
        assert arranged, api
        (slot, day), *others = {(b["time_slot_id"], b["date"]) for b in arranged}
        assert not others, "one class occurrence"
        held = [
            b
            for b in tables["bookings"]
            if (b["time_slot_id"], b["date"]) == (slot, day) and b["status"] in ("pending", "confirmed")
        ]
        assert len(held) == capacity[slot], api


def test_the_deadline_scenario_puts_one_booking_inside_its_deadline(control: Any) -> None:
    key = "deadline_sandbox_01"
    state = control(key).ok("POST", "/reset", json={"scenario": "cancellation-deadlines"})
    now = datetime.fromisoformat(state["clock"]["now"])
    tables = control(key).ok("GET", "/state")["apis"]["merchant"]
    deadline_hours = {s["id"]: s["cancellation_deadline_hours"] for s in tables["services"]}
    newest = sorted(tables["reservations"], key=lambda r: r["id"])[-2:]
    first, second = sorted(newest, key=lambda r: r["starts_at"])
    for reservation, inside in ((first, True), (second, False)):
        hours_left = (
            datetime.fromisoformat(reservation["starts_at"]).replace(tzinfo=now.tzinfo) - now
        ) / timedelta(hours=1)
        assert (0 < hours_left < deadline_hours[reservation["service_id"]]) is inside, (
            reservation,
            hours_left,
        )


def test_unknown_scenarios_and_bad_seeds_change_nothing(api: ApiClient, control: Any) -> None:
    booking_id = api.book().json()["data"]["id"]
    missing = control(API_KEY).post("/reset", json={"scenario": "no-such-thing"})
    assert missing.status_code == 404
    assert control(API_KEY).post("/reset", json={"seed": -1}).status_code == 400
    assert api.get(f"/bookings/{booking_id}").status_code == 200


def test_scenarios_are_listed(control: Any) -> None:
    names = {s["name"] for s in control(API_KEY).ok("GET", "/scenarios")["scenarios"]}
    assert names == {"fully-booked-day", "class-at-capacity", "cancellation-deadlines", "dst-series"}


def test_export_import_round_trip_gives_the_same_bytes(api: ApiClient, control: Any) -> None:
    api.book()
    control(API_KEY).advance("1h")
    exported = control(API_KEY).get("/state")
    assert exported.status_code == 200
    document = exported.json()
    assert document["format"] == "booking-sandbox-state"

    imported = control(OTHER_KEY).put(
        "/state", content=exported.content, headers={"Content-Type": "application/json"}
    )
    assert imported.status_code == 200, imported.text
    assert control(OTHER_KEY).get("/state").content == exported.content


def test_import_restores_what_was_exported(api: ApiClient, control: Any) -> None:
    booking_id = api.book().json()["data"]["id"]
    saved = control(API_KEY).get("/state").content
    api.delete(f"/bookings/{booking_id}")
    control(API_KEY).put("/state", content=saved, headers={"Content-Type": "application/json"})
    assert api.get(f"/bookings/{booking_id}").status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(format="other"),
        lambda d: d["apis"].update({"nope": {}}),
        lambda d: d["apis"]["reservekit-v1"]["bookings"].append({"id": "x"}),
        lambda d: d["apis"]["reservekit-v1"]["bookings"].append(
            dict(d["apis"]["reservekit-v1"]["bookings"][0])
        ),
        lambda d: d["apis"]["reservekit-v1"].update({"tenants": []}),
    ],
)
def test_a_bad_import_changes_nothing(api: ApiClient, control: Any, change: Any) -> None:
    booking_id = api.book().json()["data"]["id"]
    document = control(API_KEY).ok("GET", "/state")
    before = control(API_KEY).get("/state").content
    change(document)
    refused = control(API_KEY).put("/state", json=document)
    assert refused.status_code in (400, 422), refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert control(API_KEY).get("/state").content == before
    assert api.get(f"/bookings/{booking_id}").status_code == 200


def test_merchant_dst_series_scenario_keeps_local_time(http: Any, control: Any) -> None:
    key = "dst_sandbox_0001"
    control(key).ok("POST", "/reset", json={"scenario": "dst-series"})
    document = control(key).ok("GET", "/state")
    series = [
        r
        for r in document["apis"]["merchant"]["reservations"]
        if "daylight-saving" in (r["merchant_note"] or "")
    ]
    assert len(series) >= 4
    hours = {datetime.fromisoformat(r["starts_at"]).hour for r in series}
    assert len(hours) == 2, "the UTC hour shifts across the daylight-saving change"
