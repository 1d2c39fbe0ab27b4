"""Bardge API fixtures: a reseller client, verified clients, and slots and class instances to book."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import World, generate_world
from tests.asgi_client import TestClient
from tests.conftest import TODAY, BearerClient

SANDBOX = "bardge_test_sandbox"
BASE = "/bardge/v3"
CODE = "424242"


class Reseller(BearerClient):
    """A Bardge client acting as one reseller."""

    def __init__(self, http: TestClient, slug: str = "fitperks", sandbox: str = SANDBOX) -> None:
        super().__init__(http, f"reseller.{slug}.{sandbox}", BASE)

    def ok(self, method: str, path: str, status: int = 200, **kwargs: Any) -> dict[str, Any]:
        response = self.request(method, path, **kwargs)
        assert response.status_code == status, response.text
        return response.json()  # type: ignore[no-any-return]

    def client_token(self, email: str) -> str:
        """A verified lookup's client token for the client with this email (issuer 1 looks up by email)."""
        lookup = self.ok("POST", "/lookup", 201, json={"issuer_id": 1, "identifier": email})
        verified = self.ok("POST", f"/lookup/{lookup['id']}/verify", json={"code": CODE})
        return verified["client_token"]  # type: ignore[no-any-return]

    def class_instance(self, class_id: str, weeks_ahead: int = 2, skip: int = 0) -> dict[str, Any]:
        start = (TODAY + timedelta(weeks=weeks_ahead)).isoformat()
        body = self.ok("GET", f"/classes/{class_id}", params={"start_date": start, "days": 14})
        open_ = [i for i in body["instances"] if i["spots_left"] > 0]
        return open_[skip]  # type: ignore[no-any-return]

    def spa_slot(
        self, provider_id: int, service_id: str, weeks_ahead: int = 2, skip: int = 0
    ) -> dict[str, Any]:
        for offset in range(14):
            day = TODAY + timedelta(weeks=weeks_ahead, days=offset)
            params = {"service_id": service_id, "date": day.isoformat()}
            slots = self.ok("GET", f"/providers/{provider_id}/availability", params=params)["slots"]
            if len(slots) > skip:
                return slots[skip]  # type: ignore[no-any-return]
        raise AssertionError("no free spa slot in two weeks")

    def initiate_class(self, token: str, instance: dict[str, Any], **headers: str) -> Any:
        body = {
            "provider_id": instance["provider_id"],
            "class_instance_id": instance["id"],
            "client_token": token,
        }
        return self.post("/bookings/class", json=body, headers=headers)

    def initiate_spa(self, token: str, provider_id: int, service_id: str, slot: dict[str, Any]) -> Any:
        body = {
            "provider_id": provider_id,
            "service_id": service_id,
            "slot_id": slot["slot_id"],
            "client_token": token,
        }
        return self.post("/bookings/spa", json=body)


@pytest.fixture(scope="session")
def world() -> World:
    return generate_world(load_blueprint(fixture_path("default-world")), 42)


@pytest.fixture
def reseller(http: TestClient) -> Reseller:
    return Reseller(http)


class Seeded:
    """Names for the seeded programme (seed 42): who holds which pass, and the services."""

    def __init__(self, world: World) -> None:
        self.world = world
        customers = {c.id: c for c in world.customers}
        passes = {p.client_id: p for p in world.programme.issued_passes}
        self.clients = {
            c.customer_id: (customers[c.customer_id], c, passes.get(c.customer_id))
            for c in world.programme.clients
        }

    def email_of(self, customer_id: int) -> str:
        return self.clients[customer_id][0].email

    def uuid_of(self, customer_id: int) -> str:
        return self.clients[customer_id][0].uuid

    def service(self, provider_id: int, name: str) -> str:
        return next(s.uuid for s in self.world.services if s.provider_id == provider_id and s.name == name)


@pytest.fixture(scope="session")
def seeded(world: World) -> Seeded:
    return Seeded(world)
