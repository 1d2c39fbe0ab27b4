"""Lifecycle API fixtures: customers' and terminals' tokens, the seeded bookings, free times."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.calendar import SeedReservation
from mockserver.seeding.lifecycle import SeedFolio
from mockserver.seeding.world import World, generate_world
from tests.asgi_client import TestClient
from tests.conftest import TODAY, BearerClient

SANDBOX = "lifecycle_test_sandbox"
BASE = "/lifecycle/api/v1"
# Provider 1's services, by their seeded order.
DEEP_TISSUE, SWEDISH, YOGA, MEDITATION = range(4)


class Customer(BearerClient):
    """A lifecycle API client acting as one customer (or terminal)."""

    def __init__(self, http: TestClient, token: str | None, uuid: str = "") -> None:
        super().__init__(http, token, BASE)
        self.uuid = uuid

    def booking(self, booking_id: str) -> dict[str, Any]:
        response = self.get(f"/bookings/{booking_id}")
        assert response.status_code == 200, response.text
        return response.json()  # type: ignore[no-any-return]

    def free_slots(self, service_id: str, day: date) -> list[dict[str, Any]]:
        response = self.get(f"/services/{service_id}/availability", params={"date": day.isoformat()})
        assert response.status_code == 200, response.text
        return [slot["attributes"] for slot in response.json()["data"]]

    def free_from(self, service_id: str, day: date) -> list[dict[str, Any]]:
        """The open slots of the first day from ``day`` that has any."""
        for offset in range(14):
            free = self.free_slots(service_id, day + timedelta(days=offset))
            if free:
                return free
        raise AssertionError("no free slot in two weeks")

    def book_instantly(self, service_id: str, weeks_ahead: int = 2) -> dict[str, Any]:
        """An accepted, paid booking on the first free slot about ``weeks_ahead`` weeks away."""
        chosen = self.free_from(service_id, TODAY + timedelta(weeks=weeks_ahead))[0]
        body = {"service_id": service_id, **{k: chosen[k] for k in ("start_date", "end_date", "resource_id")}}
        response = self.post("/bookings/instant", json=body)
        assert response.status_code == 201, response.text
        return response.json()  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def world() -> World:
    return generate_world(load_blueprint(fixture_path("default-world")), 42)


class Seeded:
    """The seeded world's customer bookings, found by status."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.reservations = {r.id: r for r in world.reservations}

    def customer_uuid(self, customer_id: int) -> str:
        return self.world.customers[customer_id - 1].uuid

    def service_uuid(self, index: int) -> str:
        return self.world.services[index].uuid

    def bookings(self, status: str) -> list[tuple[SeedFolio, SeedReservation]]:
        """Seeded customer bookings in a core status; "invited" means with an unanswered guest."""
        found = []
        for folio in self.world.folios:
            reservation = self.reservations[folio.reservation_id]
            if status == "invited":
                if reservation.invited_ids:
                    found.append((folio, reservation))
            elif (
                reservation.status.value == status
                and not reservation.invited_ids
                and reservation.series_id is None
            ):
                found.append((folio, reservation))
        assert found, f"the seeded world has no {status} customer booking"
        return found

    def one(self, status: str) -> tuple[SeedFolio, SeedReservation]:
        return self.bookings(status)[0]

    def series(self) -> list[SeedFolio]:
        return [f for f in self.world.folios if self.reservations[f.reservation_id].series_id == 1]


@pytest.fixture(scope="session")
def seeded(world: World) -> Seeded:
    return Seeded(world)


@pytest.fixture
def as_customer(http: TestClient, seeded: Seeded) -> Any:
    def make(customer_id: int, sandbox: str = SANDBOX) -> Customer:
        uuid = seeded.customer_uuid(customer_id)
        return Customer(http, f"customer.{uuid}.{sandbox}", uuid)

    return make


@pytest.fixture
def owner_of(as_customer: Any) -> Any:
    def make(folio: SeedFolio) -> Customer:
        return as_customer(folio.owner_id)  # type: ignore[no-any-return]

    return make


@pytest.fixture
def terminal(http: TestClient) -> Customer:
    return Customer(http, f"terminal.front-desk.{SANDBOX}")


@pytest.fixture
def stranger(as_customer: Any, world: World) -> Any:
    """A seeded customer who neither owns nor takes part in the booking."""

    def make(folio: SeedFolio, reservation: SeedReservation) -> Customer:
        involved = {folio.owner_id, *reservation.customer_ids, *reservation.invited_ids}
        other = next(c.id for c in world.customers if c.id not in involved)
        return as_customer(other)  # type: ignore[no-any-return]

    return make


def errors(response: Any) -> list[dict[str, Any]]:
    assert response.headers["content-type"] == "application/vnd.api+json", response.headers
    return response.json()["errors"]  # type: ignore[no-any-return]


def error_code(response: Any) -> str:
    return errors(response)[0]["code"]  # type: ignore[no-any-return]


def form(customer: Any, service_id: str) -> dict[str, dict[str, Any]]:
    """A service's custom form, its fields by label."""
    response = customer.get(f"/services/{service_id}/custom-form")
    assert response.status_code == 200
    return {f["label"]: f for f in response.json()["data"]["attributes"]["fields"]}


def instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def order_of(document: dict[str, Any]) -> dict[str, Any]:
    return next(x["attributes"] for x in document["included"] if x["type"] == "orders")  # type: ignore[no-any-return]
