"""A request on PostgreSQL served on its sandbox as the process last read it (``Traffic._served_ahead``,
``storage/database/read_ahead.py``, a write's check with its locks): what another server changed
since is met all the same, and nothing is written twice.

Two apps on one database are a team's two servers: ``ours`` serves and has read the sandbox
before; ``theirs`` changes it. The GETs' tests fail with ``FirstReads._received`` taking any row
as the same (``test_a_sandbox_changed_elsewhere_is_read_again`` shows the break); the writes' with
the check left out of a write's lock pipeline (``kernel/rows.handler_write``), the last also with
the body not sent again (``exchanges.replayed``)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage.tenancy.first_reads import FirstReads
from tests.asgi_client import TestClient
from tests.conftest import START

KEY = "sk_rsv_served_ahead"
TOMORROW = (START + timedelta(days=1)).date().isoformat()
SLOTS = f"/reservekit/v1/time-slots?service_id=3&date={TOMORROW}"


@pytest.fixture
def servers(pg_database: str) -> Iterator[tuple[TestClient, TestClient]]:
    settings = Settings.load({"db": pg_database, "start_at": START, "frozen": True}, environ={})
    headers = {"Authorization": f"Bearer {KEY}"}
    with (
        TestClient(create_app(settings), headers=headers) as ours,
        TestClient(create_app(settings), headers=headers) as theirs,
    ):
        yield ours, theirs


def a_lifecycle_booking() -> tuple[str, dict[str, str]]:
    """The seeded world's first lifecycle booking, and its owner's headers."""
    world = generate_world(load_blueprint(fixture_path("default-world")), Settings().seed)
    folio = world.folios[0]
    owner = next(customer for customer in world.customers if customer.id == folio.owner_id)
    return f"/lifecycle/api/v1/bookings/{folio.uuid}", {
        "Authorization": f"Bearer customer.{owner.uuid}.{KEY}"
    }


def read_before(ours: TestClient, path: str = SLOTS) -> Any:
    """Our server's answer, read twice: the second served on the row the first read."""
    first = ours.get(path)
    again = ours.get(path)
    assert again.status_code == first.status_code
    return again.json()


def test_a_clock_moved_by_another_server_is_met_by_the_next_get(
    servers: tuple[TestClient, TestClient],
) -> None:
    ours, theirs = servers
    booking, headers = a_lifecycle_booking()
    preview = f"{booking}/cancellation-preview"
    assert ours.get(preview, headers=headers).status_code == 200
    before = ours.get(preview, headers=headers)
    assert before.status_code == 200
    assert theirs.post("/_sandbox/clock/advance", json={"duration": "30d"}).status_code == 200
    after = ours.get(preview, headers=headers)
    assert after.json() == theirs.get(preview, headers=headers).json(), "both answer on the clock as it is"
    assert after.json() != before.json(), "the fee a cancel costs moved with the clock"


def test_a_fault_rule_added_by_another_server_is_met_by_the_next_get(
    servers: tuple[TestClient, TestClient],
) -> None:
    ours, theirs = servers
    read_before(ours, "/reservekit/v1/bookings/1")
    rule = {"api": "reservekit-v1", "method": "GET", "path": "/v1/bookings/*", "kind": "error", "status": 503}
    assert theirs.post("/_sandbox/faults", json=rule).status_code == 201
    assert ours.get("/reservekit/v1/bookings/1").status_code == 503


def test_a_get_whose_handler_reads_nothing_is_checked_once_answered(
    servers: tuple[TestClient, TestClient],
) -> None:
    ours, theirs = servers
    refused = "/reservekit/v1/time-slots?service_id=x"  # refused before any statement is sent
    read_before(ours)
    assert ours.get(refused).status_code == 400
    rule = {
        "api": "reservekit-v1",
        "method": "GET",
        "path": "/v1/time-slots*",
        "kind": "error",
        "status": 503,
    }
    assert theirs.post("/_sandbox/faults", json=rule).status_code == 201
    assert ours.get(refused).status_code == 503


def test_a_request_served_again_is_journaled_once(servers: tuple[TestClient, TestClient]) -> None:
    ours, theirs = servers
    read_before(ours)
    assert theirs.post("/_sandbox/clock/advance", json={"duration": "1d"}).status_code == 200
    assert ours.get(SLOTS).status_code == 200
    entries = theirs.get("/_sandbox/journal").json()["entries"]
    assert [entry["path"] for entry in entries].count("/reservekit/v1/time-slots") == 3
    assert entries[0]["at"] != entries[1]["at"], "the last is dated on the clock as it is"


def test_a_sandbox_changed_elsewhere_is_read_again(
    servers: tuple[TestClient, TestClient], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The break each test here is written to catch: a row read again, and not compared."""
    ours, theirs = servers
    read_before(ours, "/reservekit/v1/bookings/1")
    monkeypatch.setattr(
        FirstReads, "_received", lambda self, first, rows: setattr(first, "confirmed", True) or True
    )
    rule = {"api": "reservekit-v1", "method": "GET", "path": "/v1/bookings/*", "kind": "error", "status": 503}
    assert theirs.post("/_sandbox/faults", json=rule).status_code == 201
    assert ours.get("/reservekit/v1/bookings/1").status_code == 200, "broken so: the rule went unseen"


def test_a_get_that_writes_on_a_moved_row_writes_once(servers: tuple[TestClient, TestClient]) -> None:
    # The lifecycle API cancels with a GET: served again after writing, it would cancel twice (422).
    ours, theirs = servers
    booking, headers = a_lifecycle_booking()
    assert ours.get(booking, headers=headers).status_code == 200
    assert ours.get(booking, headers=headers).status_code == 200
    assert theirs.post("/_sandbox/clock/advance", json={"duration": "1h"}).status_code == 200
    cancelled = ours.get(f"{booking}/cancel", headers=headers)
    assert cancelled.status_code == 200, cancelled.text


def create(client: TestClient, email: str) -> Any:
    body = {"time_slot_id": 108, "date": TOMORROW, "customer_email": email}
    return client.post("/reservekit/v1/bookings?service_id=3", json=body)


def created_before(ours: TestClient) -> None:
    """Our server has read the sandbox and created on it, so its next create goes ahead."""
    read_before(ours)
    assert create(ours, "first@example.com").status_code == 201


def test_a_create_after_another_server_added_a_fault_rule_meets_it_and_writes_nothing(
    servers: tuple[TestClient, TestClient],
) -> None:
    ours, theirs = servers
    created_before(ours)
    rule = {"api": "reservekit-v1", "method": "POST", "path": "/v1/bookings", "kind": "error", "status": 503}
    assert theirs.post("/_sandbox/faults", json=rule).status_code == 201
    assert create(ours, "second@example.com").status_code == 503
    page = theirs.get("/reservekit/v1/bookings?service_id=3&page=1&page_size=100").json()["data"]
    emails = [booking["customer"]["email"] for booking in page["bookings"]]
    assert "second@example.com" not in emails, "the first pass, on the old row, wrote nothing"


def test_a_create_served_again_sends_its_body_again_and_books_once(
    servers: tuple[TestClient, TestClient],
) -> None:
    ours, theirs = servers
    created_before(ours)
    assert theirs.post("/_sandbox/clock/advance", json={"duration": "1m"}).status_code == 200
    again = create(ours, "again@example.com")
    assert again.status_code == 201, again.text
    assert again.json()["data"]["customer"]["email"] == "again@example.com"
    assert again.json()["data"]["created_at"].startswith(
        (START + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M")
    )
    entries = theirs.get("/_sandbox/journal").json()["entries"]
    assert [entry["method"] for entry in entries].count("POST") == 2, "each create journaled once"
