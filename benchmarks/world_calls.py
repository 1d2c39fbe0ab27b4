"""What the benchmarks ask for: reads of each API, and bookable ReserveKit and merchant creates.

Tokens and ids come from the seeded world (seed 42, rebuilt here as the sandbox builds it);
create bodies come from the sandbox's own time slots, each a free place on a real occurrence
of a group class, so every one is a real insert answered 201.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from loads import Call
from processes import START_AT

GROUP_CLASSES = (3, 4, 7, 8)  # the default world's yoga classes and meditation circles
WINDOW_DAYS = 28  # inside every service's booking window (the shortest is 30 days)


def seeded_world() -> dict[str, Any]:
    command = [sys.executable, "-m", "mockserver.cli", "world", "--seed", "42"]
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)  # type: ignore[no-any-return]


def reads(key: str) -> dict[str, Call]:
    """One read per API (paths without the mount: ``mounted`` adds it for the sandbox)."""
    world = seeded_world()
    merchant = f"merchant.{world['providers'][0]['slug']}.{key}"
    folio = world["folios"][0]
    owner = next(c for c in world["customers"] if c["id"] == folio["owner_id"])
    week = "start=2027-01-11T00:00:00Z&end=2027-01-18T00:00:00Z"
    return {
        "reservekit: one booking": Call("GET", "/v1/bookings/1", key),
        "reservekit: a page of 10": Call("GET", "/v1/bookings?service_id=1&page=1&page_size=10", key),
        "reservekit: availability": Call("GET", "/v1/time-slots?service_id=3&date=2027-01-11", key),
        "merchant: a week's calendar": Call("GET", f"/bookings/calendar/events?{week}", merchant),
        "lifecycle: a booking": Call(
            "GET", f"/api/v1/bookings/{folio['uuid']}", f"customer.{owner['uuid']}.{key}"
        ),
        "bardge: a reseller's passes": Call("GET", "/passes", f"reseller.fitperks.{key}"),
    }


WEEKS_NEVER_KEPT = 8192
"""Spellings of one week, far more than a worker notes as asked (``kept_answers``: 1,024): a
load walking them in turn, two wrk threads each through its half, meets none kept."""


def weeks_never_kept(week: Call) -> list[Call]:
    """``reads``' week of the merchant's calendar (Monday to Monday, UTC), each asked from
    ``n`` seconds earlier to ``n`` seconds later (under 2 h 17 min: the seeded world has
    nothing there, so every answer is the week's, its three bookings and four blocked times)."""
    monday = datetime(2027, 1, 11, tzinfo=UTC)
    path = week.path.split("?")[0]
    calls = []
    for n in range(WEEKS_NEVER_KEPT):
        start, end = monday - timedelta(seconds=n), monday + timedelta(days=7, seconds=n)
        query = f"start={start:%Y-%m-%dT%H:%M:%SZ}&end={end:%Y-%m-%dT%H:%M:%SZ}"
        calls.append(Call("GET", f"{path}?{query}", week.token))
    return calls


def merchant_creates(key: str, wanted: int) -> list[Call]:
    """``wanted`` appointments (a deep tissue massage, service 1) that provider 1 books for new
    customers: one an hour its staff work, from six weeks after the start (clear of the seeded
    weeks) inside the service's booking window, so each is a real insert answered 201."""
    world = seeded_world()
    service = next(s for s in world["services"] if s["id"] == 1)
    zone = ZoneInfo(
        next(loc for loc in world["locations"] if loc["id"] == service["location_id"])["timezone"]
    )
    team = {s["id"] for s in world["staff"] if s["location_id"] == service["location_id"]}
    shifts = [shift for shift in world["staff_shifts"] if shift["staff_id"] in team]
    length = timedelta(minutes=service["duration_minutes"])
    token = f"merchant.{world['providers'][0]['slug']}.{key}"
    start = datetime.fromisoformat(START_AT).astimezone(zone).date()
    calls: list[Call] = []
    for offset in range(42, service["booking_window_days"] - 1):
        day = start + timedelta(days=offset)
        for hour in range(24):
            begins = datetime.combine(day, time(hour), zone)
            if (begins + length).date() != day:
                break  # no shift runs past midnight
            if not any(
                shift["weekday"] == day.weekday()
                and time.fromisoformat(shift["starts"]) <= begins.time()
                and (begins + length).time() <= time.fromisoformat(shift["ends"])
                for shift in shifts
            ):
                continue
            stamp = begins.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            person = {
                "first_name": "Bench",
                "last_name": str(len(calls)),
                "email": f"m{len(calls)}@example.com",
            }
            body = {
                "service_id": service["id"],
                "timestamp": stamp,
                "is_recurring": False,
                "customers": [person],
            }
            calls.append(Call("POST", "/bookings/merchant", token, body))
            if len(calls) == wanted:
                return calls
    raise RuntimeError(f"only {len(calls)} free hours for {wanted} appointments")


MOUNTS = {
    "reservekit": "/reservekit",
    "merchant": "/merchant",
    "lifecycle": "/lifecycle",
    "bardge": "/bardge/v3",
}


def mounted(name: str, call: Call) -> Call:
    return Call(call.method, MOUNTS[name.split(":", maxsplit=1)[0]] + call.path, call.token, call.body)


def _get(port: int, path: str, key: str) -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", path, headers={"Authorization": f"Bearer {key}"})
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status} {body[:300]!r}")
    return json.loads(body)


def creates(port: int, keys: list[str]) -> list[Call]:
    """Every free place of the group classes in the next four weeks, in each key's sandbox."""
    start = date.fromisoformat(START_AT[:10])
    calls: list[Call] = []
    for key in keys:
        for service in GROUP_CLASSES:
            for offset in range(1, WINDOW_DAYS + 1):
                day = start + timedelta(days=offset)
                path = f"/reservekit/v1/time-slots?service_id={service}&date={day}&no_pagination=true"
                for slot in _get(port, path, key)["data"]["time_slots"]:
                    for _ in range(int(slot["available_bookings"])):
                        body = {
                            "date": day.isoformat(),
                            "time_slot_id": slot["id"],
                            "customer_email": f"bench-{len(calls)}@example.com",
                        }
                        calls.append(Call("POST", f"/v1/bookings?service_id={service}", key, body))
    return calls


async def free_places(
    send: Callable[[str, str, str], Awaitable[Any]], token: str, wanted: int, prefix: str
) -> list[tuple[int, dict[str, Any]]]:
    """``wanted`` free places of the group classes, day by day, each a service and a create's
    body (customers ``<prefix>-<n>@example.com``), read through ``send(method, path, token)``,
    which answers the decoded JSON: a benchmark's app in process."""
    start = date.fromisoformat(START_AT[:10])
    found: list[tuple[int, dict[str, Any]]] = []
    for offset in range(1, WINDOW_DAYS + 1):
        day = start + timedelta(days=offset)
        for service in GROUP_CLASSES:
            path = f"/reservekit/v1/time-slots?service_id={service}&date={day}&no_pagination=true"
            for slot in (await send("GET", path, token))["data"]["time_slots"]:
                for _ in range(int(slot["available_bookings"])):
                    body = {
                        "date": day.isoformat(),
                        "time_slot_id": slot["id"],
                        "customer_email": f"{prefix}-{len(found)}@example.com",
                    }
                    found.append((service, body))
                    if len(found) == wanted:
                        return found
    raise SystemExit(f"only {len(found)} free places for {wanted} creates")


def interleaved(calls: list[Call]) -> list[Call]:
    """Creates ordered so neighbours book different occurrences (as real clients' would)."""
    by_occurrence: dict[tuple[str, object, object], list[Call]] = {}
    for call in calls:
        body: dict[str, object] = call.body  # type: ignore[assignment]
        by_occurrence.setdefault((call.token, body["time_slot_id"], body["date"]), []).append(call)
    queues = list(by_occurrence.values())
    ordered: list[Call] = []
    while queues:
        ordered.extend(queue.pop() for queue in queues)
        queues = [queue for queue in queues if queue]
    return ordered


async def free_instants(send: Callable[[str, str, str], Awaitable[Any]], key: str, wanted: int) -> list[Call]:
    """``wanted`` lifecycle instant bookings (a deep tissue massage, service 1) by the seeded
    world's first customer, each on an open slot its availability shows from two weeks after the
    start, none overlapping another on the same staff member: real bookings answered 201. Read
    through ``send(method, path, token)``, as ``free_places``."""
    world = seeded_world()
    service = next(s for s in world["services"] if s["id"] == 1)["uuid"]
    token = f"customer.{world['customers'][0]['uuid']}.{key}"
    taken: dict[str, list[tuple[str, str]]] = {}
    calls: list[Call] = []
    start = date.fromisoformat(START_AT[:10])
    for offset in range(14, 90):
        path = f"/api/v1/services/{service}/availability?date={start + timedelta(days=offset)}"
        for slot in (await send("GET", MOUNTS["lifecycle"] + path, token))["data"]:
            chosen = {name: slot["attributes"][name] for name in ("start_date", "end_date", "resource_id")}
            held = taken.setdefault(chosen["resource_id"], [])
            # ISO instants in one zone ("Z") order as strings.
            if any(begins < chosen["end_date"] and chosen["start_date"] < ends for begins, ends in held):
                continue
            held.append((chosen["start_date"], chosen["end_date"]))
            calls.append(Call("POST", "/api/v1/bookings/instant", token, {"service_id": service, **chosen}))
            if len(calls) == wanted:
                return calls
    raise RuntimeError(f"only {len(calls)} open slots for {wanted} instant bookings")


def bardge_holds(send: Callable[[str, str, str, Any], Any], key: str, wanted: int) -> list[Call]:
    """``wanted`` Bardge class holds by the fitperks reseller for its first client (whose pass
    covers classes, so each hold can be confirmed), each on an instance with a place left, from
    three weeks after the start: real bookings answered 201. ``send(method, path, token, body)``
    returns the answer's JSON; the client's token comes from a lookup by email, verified."""
    world = seeded_world()
    token = f"reseller.fitperks.{key}"
    emails = {c["id"]: c["email"] for c in world["customers"]}
    fitperks = next(r["id"] for r in world["programme"]["programme"]["resellers"] if r["slug"] == "fitperks")
    tokens = []
    for client in world["programme"]["clients"]:
        # Issuer 1 looks its clients up by email.
        if (client["reseller_id"], client["issuer_id"], client["lookup_enabled"]) != (fitperks, 1, True):
            continue
        lookup = send(
            "POST", "/bardge/v3/lookup", token, {"issuer_id": 1, "identifier": emails[client["customer_id"]]}
        )
        verified = send("POST", f"/bardge/v3/lookup/{lookup['id']}/verify", token, {"code": "424242"})
        tokens.append(verified["client_token"])
        break
    start = date.fromisoformat(START_AT[:10]) + timedelta(weeks=3)
    calls: list[Call] = []
    for listed in send("GET", "/bardge/v3/classes", token, None)["data"]:
        week = send("GET", f"/bardge/v3/classes/{listed['id']}?days=28&start_date={start}", token, None)
        for instance in week["instances"]:
            for client_token in tokens[: instance["spots_left"]]:  # one place an instance a client
                body = {"provider_id": instance["provider_id"], "class_instance_id": instance["id"]}
                calls.append(Call("POST", "/bookings/class", token, {**body, "client_token": client_token}))
                if len(calls) == wanted:
                    return calls
    raise RuntimeError(f"only {len(calls)} places for {wanted} Bardge holds")
