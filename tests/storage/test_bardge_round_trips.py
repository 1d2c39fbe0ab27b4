"""A Bardge booking's round trips on PostgreSQL, all told (libpq's trace, as in
``test_first_reads.py``): what its request names goes with the locks (its replay's key, its
client token, the booking its path names), the providers are kept with the catalogue, a
booking or a token's lookup found brings its client and the client's pass with the next read,
and a hold asks its occurrence once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.storage.test_first_reads import KEY, served

RESELLER = {"Authorization": f"Bearer reseller.fitperks.{KEY}"}


def counted(
    client: TestClient,
    window: Callable[[], AbstractContextManager[list[str]]],
    method: str,
    path: str,
    **kw: Any,
) -> tuple[int, Any]:
    with window() as said:
        answer = client.request(method, path, **kw)
    return len(said), answer


def test_a_bardge_booking_from_its_hold_to_its_cancel(
    pg_database: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    world = generate_world(load_blueprint(fixture_path("default-world")), Settings().seed)
    email = next(c.email for c in world.customers if c.id == world.programme.clients[0].customer_id)
    with served(pg_database, monkeypatch, tmp_path) as (client, window):
        lookup = client.post(
            "/bardge/v3/lookup", json={"issuer_id": 1, "identifier": email}, headers=RESELLER
        )
        verified = client.post(
            f"/bardge/v3/lookup/{lookup.json()['id']}/verify", json={"code": "424242"}, headers=RESELLER
        )
        token = verified.json()["client_token"]
        yoga = client.get("/bardge/v3/classes", headers=RESELLER).json()["data"][0]["id"]
        week = client.get(f"/bardge/v3/classes/{yoga}?days=14", headers=RESELLER).json()["instances"]
        # One slot's instances, a week apart: the slot and its service are read once, then kept.
        same_slot = [
            i
            for i in week
            if i["spots_left"] and i["id"].rsplit("_", 1)[0] == week[0]["id"].rsplit("_", 1)[0]
        ]
        assert len(same_slot) >= 2, same_slot

        def book(instance: dict[str, Any]) -> tuple[int, Any]:
            body = {
                "provider_id": instance["provider_id"],
                "class_instance_id": instance["id"],
                "client_token": token,
            }
            headers = {**RESELLER, "Idempotency-Key": str(uuid.uuid4())}
            return counted(client, window, "POST", "/bardge/v3/bookings/class", json=body, headers=headers)

        for _ in range(6):  # the statements prepared (psycopg's fifth use)
            _, warm = book(same_slot[0])
            booking = warm.json()["booking_id"]
            client.post(f"/bardge/v3/bookings/class/{booking}/confirm", headers=RESELLER)
            client.get(f"/bardge/v3/bookings/{booking}", headers=RESELLER)
            client.post(f"/bardge/v3/bookings/{booking}/cancel", headers=RESELLER)
        trips, made = book(same_slot[1])
        assert made.status_code == 201, made.text
        booking = made.json()["booking_id"]
        confirm = counted(
            client, window, "POST", f"/bardge/v3/bookings/class/{booking}/confirm", headers=RESELLER
        )
        read = counted(client, window, "GET", f"/bardge/v3/bookings/{booking}", headers=RESELLER)
        cancel = counted(client, window, "POST", f"/bardge/v3/bookings/{booking}/cancel", headers=RESELLER)
    assert [answer.status_code for _, answer in (confirm, read, cancel)] == [200, 200, 200]
    assert read[1].json()["status"] == "confirmed"
    # The hold: BEGIN and the lock with the first reads, the replay's key and the lookup its token
    # names; the lookup's client with the client's pass; the occurrence's holders (whether the
    # client is among them, how many places they take); the writes with COMMIT; the journal's.
    assert trips == 5, (
        "six with the client's pass read after the writes; seven with the key or the lookup read apart, "
        "the providers read again, or the client's place and the places taken asked apart"
    )
    # BEGIN and the lock with the visit its path names; its booking with its client and the
    # client's pass; the writes with COMMIT; the journal's entry.
    assert confirm[0] == 4, "five with the pass read apart; six with the client read after the booking"
    # The first read with the visit; its booking with its client; the journal's entry.
    assert read[0] == 3, "four with the client read after the booking, or the providers read again"
    # BEGIN and the lock with the visit; its booking with its client; the writes with COMMIT; the journal's.
    assert cancel[0] == 4, "five with the visit read apart, or the client after the booking"
