"""Merchant API fixtures: tokens for the seeded merchants and customers, and time helpers."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import World, generate_world
from tests.asgi_client import TestClient
from tests.conftest import START, BearerClient, SandboxClocks

SANDBOX = "merchant_test_sandbox"
DEEP_TISSUE, SWEDISH, YOGA, MEDITATION = 1, 2, 3, 4  # provider 1's services
OTHER_MERCHANTS_MASSAGE = 5


@pytest.fixture(scope="session")
def world() -> World:
    return generate_world(load_blueprint(fixture_path("default-world")), 42)


class Caller(BearerClient):
    """A merchant API client holding one merchant's or customer's token."""

    def __init__(self, http: TestClient, token: str | None) -> None:
        super().__init__(http, token, "/merchant")

    def calendar(self, start: datetime, end: datetime) -> Any:
        return self.get("/bookings/calendar/events", params={"start": stamp(start), "end": stamp(end)})


def stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def merchant(http: TestClient, world: World) -> Caller:
    return Caller(http, f"merchant.{world.providers[0].slug}.{SANDBOX}")


@pytest.fixture
def other_merchant(http: TestClient, world: World) -> Caller:
    return Caller(http, f"merchant.{world.providers[1].slug}.{SANDBOX}")


@pytest.fixture
def customers(http: TestClient, world: World) -> list[Caller]:
    return [Caller(http, f"customer.{c.uuid}.{SANDBOX}") for c in world.customers]


class Calendar:
    """Local wall-clock instants at provider 1's location, clear of the seeded weeks."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.zone = ZoneInfo(world.locations[0].timezone)

    def working(self, weekday: int) -> int:
        """How many of provider 1's staff work on that weekday."""
        team = {s.id for s in self.world.staff if s.location_id == 1}
        return len(
            {s.staff_id for s in self.world.staff_shifts if s.staff_id in team and s.weekday == weekday}
        )

    def day(self, weekday: int, weeks_ahead: int = 6) -> date:
        start = START.astimezone(self.zone).date() + timedelta(weeks=weeks_ahead)
        return start + timedelta(days=(weekday - start.weekday()) % 7)

    @staticmethod
    def now() -> datetime:
        """The sandbox clock's reading (tests start it frozen at ``START``)."""
        return START

    def at(self, day: date, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(day, time(hour, minute), self.zone).astimezone(UTC)


@pytest.fixture
def local(world: World) -> Calendar:
    return Calendar(world)


@pytest.fixture
def shift_clock(clocks: SandboxClocks) -> Any:
    """Moves every sandbox's clock by ``delta``."""
    return clocks.shift
