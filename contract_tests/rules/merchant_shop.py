"""The merchant API's shop: the first seeded merchant, its services and working hours, and
callers of the API, for every merchant scenario module.

The API has no catalogue operation: nothing lists services, locations or
shifts. The shop learns them from a booking-sandbox's seeded world, so merchant
scenarios run against a sandbox and are skipped, with that reason, elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from contract_tests.kit.client import Api
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy
from mockserver.seeding.world import World

TUESDAY = 1


class Merchant:
    """The first seeded merchant, its services and working hours, and callers of the API."""

    def __init__(self, run: Run, tidy: Tidy) -> None:
        if run.facts is None or not run.callers.minted:
            pytest.skip(
                "needs a booking-sandbox: the merchant API lists no services or shifts to book against"
            )
        self.world: World = run.facts.world
        self.slug = self.world.providers[0].slug
        self.zone = ZoneInfo(self.world.locations[0].timezone)
        self.merchant = run.api("merchant")
        self.other_merchant = run.api("other")
        self.customer = run.api("customer")
        self.other_customer = run.api("other_customer")
        self.tidy = tidy
        self.run = run
        services = [s for s in self.world.services if s.provider_id == self.world.providers[0].id]
        self.appointment = next(
            s for s in services if s.max_participants <= 1 and s.cancellation_deadline_hours >= 12
        )
        self.group = max(services, key=lambda s: s.max_participants)

    def at(self, day: date, hour: int) -> datetime:
        return datetime.combine(day, time(hour), self.zone).astimezone(UTC)

    def tuesday(self, weeks_ahead: int) -> date:
        start = self.run.today(self.zone) + timedelta(weeks=weeks_ahead)
        return start + timedelta(days=(TUESDAY - start.weekday()) % 7)

    def book(self, caller: Api, starts: datetime, service: int, **extra: Any) -> Any:
        body = {
            "merchant_name": self.slug,
            "service_id": service,
            "location_id": self.world.locations[0].id,
            "timeStamp": stamp(starts),
            **extra,
        }
        response = caller.post("/bookings/customer", json=body)
        if response.status_code == 201:
            booking_id = int(response.headers["X-Booking-Id"])
            self.tidy.later(lambda: self.cancel(caller, booking_id))
        return response

    def booked(self, caller: Api, starts: datetime, service: int, **extra: Any) -> int:
        response = self.book(caller, starts, service, **extra)
        assert response.status_code == 201, response.text
        return int(response.headers["X-Booking-Id"])

    def first_free(self, caller: Api, starts: Iterator[datetime], service: int) -> int:
        for candidate in starts:
            response = self.book(caller, candidate, service)
            if response.status_code == 201:
                return int(response.headers["X-Booking-Id"])
            assert response.status_code == 409, response.text
        pytest.skip("no free working hour among the candidate starts")

    def cancel(self, caller: Api, booking_id: int) -> Any:
        body = {"booking_id": booking_id, "merchant_name": self.slug}
        return caller.delete(f"/bookings/customer/{booking_id}", json=body)

    def group_session(self, starts: datetime, guests: int) -> int:
        people = [{"first_name": f"Guest{n}", "last_name": "Kit"} for n in range(guests)]
        body = {
            "service_id": self.group.id,
            "timestamp": stamp(starts),
            "customers": people,
            "is_recurring": False,
        }
        response = self.merchant.post("/bookings/merchant", json=body)
        assert response.status_code == 201, response.text
        session = int(response.headers["X-Booking-Id"])
        self.tidy.later(
            lambda: self.merchant.delete(
                f"/bookings/merchant/{session}", json={"cancellation_reason": "kit"}
            ),
        )
        return session

    def hours(self, day: date) -> Iterator[datetime]:
        return (self.at(day, hour) for hour in range(9, 18))


def stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def code_of(response: Any) -> tuple[int, str]:
    # The sandbox's stable reason, inside the vendor's error body (these scenarios need a sandbox).
    return response.status_code, response.json().get("error", {}).get("code", "")
