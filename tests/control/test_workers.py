"""Two apps on one database stand in for two worker processes: what one is told, the other knows at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.settings import Settings
from tests.conftest import API_KEY

HEADERS = {"Authorization": f"Bearer {API_KEY}"}
SERVICES = "/reservekit/v1/services"


@pytest.fixture
def workers(database: str) -> Iterator[tuple[TestClient, TestClient]]:
    settings = Settings.load({"db": database}, environ={})
    with create_app(settings).test_client() as first, create_app(settings).test_client() as second:
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
