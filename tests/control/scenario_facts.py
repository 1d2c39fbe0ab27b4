"""What each named scenario promises, checked through the APIs and the state export.

Shared by the scenario tests at chosen start instants and by the wall-clock
tests (``tests/test_wall_clock.py``), which run them on whatever day it is.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from tests.conftest import ApiClient, Control


def reset(control: Control, scenario: str, at: datetime | None) -> dict[str, Any]:
    """Resets to the scenario, from ``at`` (frozen) or from where the server starts sandboxes."""
    body: dict[str, Any] = {"scenario": scenario}
    if at is not None:
        body |= {"start_at": at.isoformat(), "frozen": True}
    return control.ok("POST", "/reset", json=body)  # type: ignore[no-any-return]


def fully_booked_day(api: ApiClient, control: Control, at: datetime | None) -> None:
    api.get("/services")  # the key's ReserveKit sandbox exists before the reset
    state = reset(control, "fully-booked-day", at)
    assert state["scenario"] == "fully-booked-day"
    now = datetime.fromisoformat(state["clock"]["now"])
    bookings = control.ok("GET", "/state")["apis"]["reservekit-v1"]["bookings"]
    (day,) = {b["date"] for b in bookings if b["message"] == "booked by a scenario"}
    assert date.fromisoformat(day) >= (now + timedelta(days=7)).date()
    listed = 0
    for service_id in (1, 2, 3, 4):
        query = {"service_id": service_id, "date": day, "page_size": 100}
        slots = api.get("/time-slots", params=query).json()["data"]["time_slots"]
        listed += len(slots)
        assert all(slot["available_bookings"] == 0 for slot in slots), slots
    assert listed, "the day has slots"


def class_at_capacity(control: Control, at: datetime | None) -> None:
    reset(control, "class-at-capacity", at)
    document = control.ok("GET", "/state")
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


def one_booking_inside_its_deadline(control: Control, at: datetime | None) -> None:
    state = reset(control, "cancellation-deadlines", at)
    now = datetime.fromisoformat(state["clock"]["now"])
    tables = control.ok("GET", "/state")["apis"]["merchant"]
    deadline_hours = {s["id"]: s["cancellation_deadline_hours"] for s in tables["services"]}
    newest = sorted(tables["reservations"], key=lambda r: r["id"])[-2:]
    first, second = sorted(newest, key=lambda r: r["starts_at"])
    for reservation, inside in ((first, True), (second, False)):
        starts = datetime.fromisoformat(reservation["starts_at"]).replace(tzinfo=now.tzinfo)
        hours_left = (starts - now) / timedelta(hours=1)
        limit = deadline_hours[reservation["service_id"]]
        assert (0 < hours_left < limit) is inside, (reservation, hours_left)


def dst_series_keeps_local_time(control: Control, at: datetime | None) -> None:
    reset(control, "dst-series", at)
    document = control.ok("GET", "/state")
    series = [
        r
        for r in document["apis"]["merchant"]["reservations"]
        if "daylight-saving" in (r["merchant_note"] or "")
    ]
    assert len(series) >= 4
    hours = {datetime.fromisoformat(r["starts_at"]).hour for r in series}
    assert len(hours) == 2, "the UTC hour shifts across the daylight-saving change"
