"""ReserveKit's time slots on a date some weeks ahead, and booking them, for every ReserveKit
scenario module."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from contract_tests.kit.client import Api, ok
from contract_tests.kit.tidy import Tidy


class Slots:
    """Time slots on a date some weeks ahead, with the places still free that day."""

    def __init__(self, api: Api, tidy: Tidy, today: date) -> None:
        self.api = api
        self.tidy = tidy
        self.today = today
        self.emails = (f"kit.{n}@example.com" for n in range(10_000))

    def free(self, at_least: int, weeks_ahead: int = 5) -> tuple[dict[str, Any], str]:
        """A slot with at least ``at_least`` free places on one date, fewest first (quick to fill)."""
        services = ok(self.api.get("/v1/services", params={"page_size": 100}))["data"]["services"]
        for offset in range(7):
            day = (self.today + timedelta(weeks=weeks_ahead, days=offset)).isoformat()
            for service in services:
                params = {"service_id": service["id"], "date": day, "page_size": 100}
                listed = ok(self.api.get("/v1/time-slots", params=params))["data"]["time_slots"]
                roomy = [slot for slot in listed if slot["available_bookings"] >= at_least]
                if roomy:
                    return min(roomy, key=lambda slot: slot["available_bookings"]), day
        pytest.skip(f"no time slot with {at_least} free places in the week {weeks_ahead} weeks ahead")

    def available(self, slot: dict[str, Any], day: str) -> int:
        params = {"service_id": slot["service_id"], "date": day, "page_size": 100}
        listed = ok(self.api.get("/v1/time-slots", params=params))["data"]["time_slots"]
        return int(next(s["available_bookings"] for s in listed if s["id"] == slot["id"]))

    def book(self, slot: dict[str, Any], day: str, email: str | None = None) -> Any:
        body = {"date": day, "time_slot_id": slot["id"], "customer_email": email or next(self.emails)}
        response = self.api.post("/v1/bookings", json=body)
        if response.status_code == 201:
            booking_id = response.json()["data"]["id"]
            self.tidy.later(lambda: self.api.delete(f"/v1/bookings/{booking_id}"))
        return response

    def booked(self, slot: dict[str, Any], day: str, email: str | None = None) -> dict[str, Any]:
        return ok(self.book(slot, day, email), 201)["data"]  # type: ignore[no-any-return]
