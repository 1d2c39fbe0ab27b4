"""What each named scenario promises, checked through the APIs and the state export.

Shared by the scenario tests at chosen start instants and by the wall-clock
tests (``tests/test_wall_clock.py``), which run them on whatever day it is.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

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
    """The dst-series promise, as its description states it: a weekly series, every occurrence
    after the sandbox's now and at one local wall-clock time, from two weeks before the
    location's next usable daylight-saving change (the first that two weeks' lead still fits)
    to two weeks after it."""
    state = reset(control, "dst-series", at)
    now = datetime.fromisoformat(state["clock"]["now"])
    tables = control.ok("GET", "/state")["apis"]["merchant"]
    series = [r for r in tables["reservations"] if "daylight-saving" in (r["merchant_note"] or "")]
    assert len({r["location_id"] for r in series}) == 1, series
    zones = {location["id"]: location["timezone"] for location in tables["locations"]}
    zone = ZoneInfo(zones[series[0]["location_id"]])
    starts = sorted(datetime.fromisoformat(r["starts_at"]).replace(tzinfo=UTC) for r in series)
    local = [start.astimezone(zone) for start in starts]
    where = f"series {[start.isoformat() for start in local]} from now {now.isoformat()}"
    assert all(start > now for start in starts), where
    assert len({(moment.hour, moment.minute) for moment in local}) == 1, f"one wall-clock time: {where}"
    assert all(b.date() - a.date() == timedelta(days=7) for a, b in itertools.pairwise(local)), where
    shifts = [n for n in range(1, len(local)) if local[n].utcoffset() != local[n - 1].utcoffset()]
    assert len(shifts) == 1, f"the UTC offset changes once: {where}"
    change = _offset_change(zone, starts[shifts[0] - 1], starts[shifts[0]])
    assert change is not None, where
    assert change - timedelta(days=14) <= starts[0] < change - timedelta(days=7), f"{change}: {where}"
    assert change + timedelta(days=7) < starts[-1] <= change + timedelta(days=14), f"{change}: {where}"
    assert change - timedelta(days=14) > now, f"{change} is too close to start two weeks before it: {where}"
    # A change is used once its whole day is two weeks ahead, so one a few hours short of that
    # may rightly be passed over: the search for an earlier one starts a day later.
    earlier = _offset_change(zone, now + timedelta(days=15), change - timedelta(hours=1))
    assert earlier is None, f"a change at {earlier} was far enough ahead, yet {change} was used: {where}"


def _offset_change(zone: ZoneInfo, after: datetime, before: datetime) -> datetime | None:
    """The first whole hour from ``after`` up to ``before`` at which the zone's UTC offset differs
    (at most an hour after the change itself), or None."""
    step = timedelta(hours=1)
    previous = after.astimezone(zone).utcoffset()
    moment = after + step
    while moment <= before:
        if moment.astimezone(zone).utcoffset() != previous:
            return moment
        moment += step
    return None
