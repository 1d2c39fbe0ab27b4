"""Replay: two servers with the same seed and frozen start answer a session with the same bytes.

Each server is a real ``booking-sandbox serve`` (two worker processes, its own
hash seed), so ids minted at run time, timestamps, field order and anything a
process might iterate in its own order all count. The script takes every id
it needs from the answers it got, so both servers are led down the same path.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import World, generate_world
from tests.conftest import monday_first
from tests.test_serve import serving

START = "2027-01-04T09:00:00Z"  # a Monday, 04:00 in New York
KEY = "sk_rsv_replay_key_01"
Exchange = tuple[str, int, list[tuple[str, str]], bytes]
# Set by the transport (uvicorn), not the sandbox: the wall clock's date and the server's name.
TRANSPORT_HEADERS = {"date", "server"}


class Session:
    """Records every exchange with one server; a request id of our own makes the echo deterministic."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=30)
        self.transcript: list[Exchange] = []

    def call(self, method: str, path: str, token: str, expect: int, **kwargs: Any) -> Any:
        headers = {
            "Authorization": f"Bearer {token}",
            "X-Request-Id": f"replay-{len(self.transcript)}",
            **kwargs.pop("headers", {}),
        }
        response = self.http.request(method, path, headers=headers, **kwargs)
        assert response.status_code == expect, (method, path, response.text)
        kept = [(k, v) for k, v in response.headers.items() if k.lower() not in TRANSPORT_HEADERS]
        self.transcript.append((f"{method} {path}", response.status_code, kept, response.content))
        return response.json() if response.content else None


def _script(s: Session, world: World) -> None:
    merchant = f"merchant.{world.providers[0].slug}.{KEY}"
    customer = f"customer.{world.customers[0].uuid}.{KEY}"
    reseller = f"reseller.fitperks.{KEY}"
    zone = ZoneInfo(world.locations[0].timezone)
    monday = datetime.fromisoformat(START).astimezone(zone).date()

    # Control: the clock, and a webhook endpoint (its secret is minted).
    s.call("GET", "/_sandbox/clock", KEY, 200)
    s.call(
        "POST",
        "/_sandbox/webhooks",
        KEY,
        201,
        json={"url": "http://127.0.0.1:9/hook", "events": ["bookings.delete"]},
    )

    # ReserveKit: a booking on slot 1's next occurrence, confirmed, then read back.
    slot = s.call("GET", "/reservekit/v1/time-slots/1", KEY, 200)["data"]
    day = monday + timedelta(weeks=2, days=monday_first(slot["day_of_week"]))
    body = {"date": day.isoformat(), "time_slot_id": 1, "customer_email": "replay@example.com"}
    booking = s.call("POST", "/reservekit/v1/bookings", KEY, 201, json=body)["data"]
    s.call("PATCH", f"/reservekit/v1/bookings/{booking['id']}", KEY, 200, json={"status": "confirmed"})
    s.call("GET", f"/reservekit/v1/bookings/{booking['id']}/customer", KEY, 200)

    # Merchant: an appointment booked by the merchant, seen on the calendar.
    starts = datetime.combine(monday + timedelta(weeks=3, days=1), time(11), zone).astimezone(UTC)
    stamp = starts.strftime("%Y-%m-%dT%H:%M:%SZ")
    request = {
        "service_id": 1,
        "timestamp": stamp,
        "customers": [{"first_name": "Ada", "last_name": "Replay"}],
        "is_recurring": False,
    }
    s.call("POST", "/merchant/bookings/merchant", merchant, 201, json=request)
    window = {"start": stamp, "end": (starts + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")}
    s.call("GET", "/merchant/bookings/calendar/events", merchant, 200, params=window)

    # Lifecycle: an instant booking (its uuid and hash are minted) and its cancellation preview.
    service = next(t for t in world.service_terms if t.can_instant_book)
    uuid = next(x.uuid for x in world.services if x.id == service.service_id)
    free: list[dict[str, Any]] = []
    for offset in range(14):
        when = {"date": (monday + timedelta(weeks=2, days=offset)).isoformat()}
        free = s.call("GET", f"/lifecycle/api/v1/services/{uuid}/availability", customer, 200, params=when)[
            "data"
        ]
        if free:
            break
    chosen = free[0]["attributes"]
    instant = {"service_id": uuid, **{k: chosen[k] for k in ("start_date", "end_date", "resource_id")}}
    made = s.call("POST", "/lifecycle/api/v1/bookings/instant", customer, 201, json=instant)["data"]
    s.call("GET", f"/lifecycle/api/v1/bookings/{made['id']}/cancellation-preview", customer, 200)

    # Bardge: a pass for a new client, a verified lookup, a class booking initiated and confirmed.
    plan = next(
        p for p in s.call("GET", "/bardge/v3/passes", reseller, 200)["data"] if "class" in p["covers"]
    )
    issue = {"pass_id": plan["id"], "user_id": "replay-user", "email": "replay.user@example.com"}
    s.call("POST", "/bardge/v3/passes/issue", reseller, 201, json=issue)
    lookup = s.call(
        "POST", "/bardge/v3/lookup", reseller, 201, json={"issuer_id": 1, "identifier": issue["email"]}
    )
    verified = s.call(
        "POST", f"/bardge/v3/lookup/{lookup['id']}/verify", reseller, 200, json={"code": "424242"}
    )
    classes = s.call("GET", "/bardge/v3/classes", reseller, 200)["data"]
    window = {"start_date": (monday + timedelta(weeks=2)).isoformat(), "days": 14}
    instances = s.call("GET", f"/bardge/v3/classes/{classes[0]['id']}", reseller, 200, params=window)[
        "instances"
    ]
    open_instance = next(i for i in instances if i["spots_left"] > 0)
    initiate = {
        "provider_id": open_instance["provider_id"],
        "class_instance_id": open_instance["id"],
        "client_token": verified["client_token"],
    }
    held = s.call(
        "POST",
        "/bardge/v3/bookings/class",
        reseller,
        201,
        json=initiate,
        headers={"Idempotency-Key": "replay-1"},
    )
    s.call("POST", f"/bardge/v3/bookings/class/{held['booking_id']}/confirm", reseller, 200)

    # Control again: time passes, and the whole state is exported.
    s.call("POST", "/_sandbox/clock/advance", KEY, 200, json={"duration": "1h"})
    s.call("GET", "/_sandbox/journal/count", KEY, 200)
    s.call("GET", "/_sandbox/state", KEY, 200)


def _transcript(world: World, *flags: str) -> list[Exchange]:
    with serving("--workers", "2", "--seed", "42", "--start-at", START, *flags) as (base, _):
        session = Session(base)
        _script(session, world)
        return session.transcript


@pytest.mark.slow
def test_two_servers_with_the_same_seed_and_frozen_start_answer_the_same_bytes() -> None:
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    first = _transcript(world, "--frozen")
    second = _transcript(world, "--frozen")
    assert len(first) == len(second) > 20
    for a, b in zip(first, second, strict=True):
        assert a == b, f"{a[0]} answered differently"
    # The session went through the minted ids it is about, on the frozen clock.
    said = b"".join(exchange[3] for exchange in first).decode()
    for minted in ("bkg_", "lkp_", "ctok_", "whsec_"):
        assert minted in said, minted
    clock = json.loads(first[-1][3])["clock"]
    frozen_at = datetime.fromisoformat(clock["frozen_at"]).replace(tzinfo=UTC)  # stored as naive UTC
    assert frozen_at == datetime.fromisoformat(START) + timedelta(hours=1)
