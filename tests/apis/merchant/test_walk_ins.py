"""A merchant's own booking names no location: a merchant with several (``--vary`` gives each a
second, ahead of its own) has its walk-ins seated at its other locations first, its service's
own last, kept for the customers who book it there; a group is held where it is offered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START

KEY = "walk_in_sandbox_01"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, dict[str, Any]]]:
    db = tmp_path_factory.mktemp("walk-ins") / "sandbox.db"
    settings = Settings.load(
        {"db": str(db), "vendor_only": True, "vary": 11, "start_at": START, "frozen": True}, environ={}
    )
    with TestClient(create_app(settings)) as client:
        handed = client.get("/_sandbox/target-data", headers={"Authorization": f"Bearer {KEY}"})
        assert handed.status_code == 200, handed.text
        yield client, handed.json()["merchant"]


def as_(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_walk_ins_fill_the_other_location_first_and_its_own_last(
    shop: tuple[TestClient, dict[str, Any]],
) -> None:
    client, data = shop
    home = next(s["location_id"] for s in data["services"])
    # Seed 11 lists the vendor's lists in its own order: the branch, which offers nothing, first.
    assert [loc["id"] for loc in data["locations"]].index(home) == 1
    assert len(data["locations"]) == 2
    service = next(s for s in data["services"] if s["kind"] == "appointment")
    zone = ZoneInfo(data["locations"][1]["timezone"])
    weekday = data["bookable_hours"][0]["weekdays"][0]
    day = START.astimezone(zone).date() + timedelta(days=14)
    day += timedelta(days=(weekday - day.weekday()) % 7)
    starts = datetime.combine(day, time(11), zone).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    merchant, customer = as_(data["tokens"]["merchant"]), as_(data["tokens"]["customer"])
    customer_booking = {
        "merchant_name": data["merchant_name"],
        "service_id": service["id"],
        "location_id": home,
        "timeStamp": starts,
    }
    walk_ins = []
    for n in range(20):
        body = {
            "service_id": service["id"],
            "timestamp": starts,
            "customers": [{"first_name": f"Walk{n}", "last_name": "In"}],
            "is_recurring": False,
        }
        made = client.post("/merchant/bookings/merchant", json=body, headers=merchant)
        if made.status_code == 409:
            break
        assert made.status_code == 201, made.text
        walk_ins.append(made.headers["X-Booking-Id"])
    # Both locations' teams are taken, the branch's first.
    assert len(walk_ins) >= 2, walk_ins
    assert (
        client.post("/merchant/bookings/customer", json=customer_booking, headers=customer).status_code == 409
    )

    def drop(booking: str) -> None:
        gone = client.request(
            "DELETE",
            f"/merchant/bookings/merchant/{booking}",
            json={"cancellation_reason": ""},
            headers=merchant,
        )
        assert gone.status_code == 200, gone.text

    drop(walk_ins[0])  # seated at the branch: the customer's location is still full
    assert (
        client.post("/merchant/bookings/customer", json=customer_booking, headers=customer).status_code == 409
    )
    drop(walk_ins[-1])  # seated at the service's own location
    booked = client.post("/merchant/bookings/customer", json=customer_booking, headers=customer)
    assert booked.status_code == 201, booked.text
