"""Two apps on one database stand in for two worker processes: what one is told, the other knows at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import API_KEY, ApiClient

HEADERS = {"Authorization": f"Bearer {API_KEY}"}
SERVICES = "/reservekit/v1/services"


@pytest.fixture
def workers(settings: Settings) -> Iterator[tuple[TestClient, TestClient]]:
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        yield first, second


def test_a_fault_added_through_one_worker_fires_on_the_other_at_once(
    workers: tuple[TestClient, TestClient],
) -> None:
    first, second = workers
    assert second.get(SERVICES, headers=HEADERS).status_code == 200  # it now holds "no rules"
    added = first.post("/_sandbox/faults", json={"kind": "error", "status": 503, "count": 1}, headers=HEADERS)
    assert added.status_code == 201
    assert second.get(SERVICES, headers=HEADERS).status_code == 503
    assert first.get(SERVICES, headers=HEADERS).status_code == 200, "spent on the other worker"
    removed = first.post("/_sandbox/faults", json={"kind": "error", "status": 500}, headers=HEADERS).json()
    assert second.get(SERVICES, headers=HEADERS).status_code == 500
    assert first.delete(f"/_sandbox/faults/{removed['id']}", headers=HEADERS).status_code == 204
    assert second.get(SERVICES, headers=HEADERS).status_code == 200


def test_the_journal_read_on_one_worker_has_what_the_other_just_answered(
    workers: tuple[TestClient, TestClient],
) -> None:
    first, second = workers
    for client in (first, second, second):
        assert client.get(SERVICES, headers=HEADERS).status_code == 200
        count = first.get("/_sandbox/journal/count", headers=HEADERS).json()["count"]
        assert second.get("/_sandbox/journal/count", headers=HEADERS).json()["count"] == count
    assert count == 3


def test_an_endpoint_added_through_one_worker_gets_the_next_event_the_other_publishes(
    workers: tuple[TestClient, TestClient],
) -> None:
    """The other worker has already looked and found no endpoint (and keeps what it read for
    publish's pre-check): the addition must reach it before its next booking."""
    first, second = workers
    api = ApiClient(second, API_KEY)
    assert api.book(weeks_ahead=2).status_code == 201  # looked: no endpoints
    endpoint = {"url": "http://127.0.0.1:9/hooks", "events": ["bookings.create"]}
    added = first.post("/_sandbox/webhooks", json=endpoint, headers=HEADERS).json()
    assert api.book(weeks_ahead=3).status_code == 201
    queued = second.get(f"/_sandbox/webhooks/{added['id']}/deliveries", headers=HEADERS).json()
    assert [d["event"] for d in queued["deliveries"]] == ["bookings.create"]
    assert first.delete(f"/_sandbox/webhooks/{added['id']}", headers=HEADERS).status_code == 204
    assert api.book(weeks_ahead=4).status_code == 201
    assert second.get("/_sandbox/webhooks", headers=HEADERS).json()["webhooks"] == []
