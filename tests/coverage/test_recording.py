"""What a sandbox's traffic covered, as the control API reads it: counted per operation and
status, error and rule, apart from the journal and its limit, and forgotten only when asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START

KEY = "sk_rsv_coverage_key_1"
AUTH = {"Authorization": f"Bearer {KEY}"}


@pytest.fixture
def client(tmp_path: Path) -> Any:
    # The default journal limit (1,000 entries), which one test below passes.
    settings = Settings.load({"db": str(tmp_path / "s.db"), "start_at": START, "frozen": True}, environ={})
    with TestClient(create_app(settings)) as http:
        yield http


def rows(client: TestClient, **params: str) -> dict[tuple[str, str, int], int]:
    answer = client.get("/_sandbox/coverage", headers=AUTH, params=params)
    assert answer.status_code == 200, answer.text
    return {(r["kind"], r["item"], r["status"]): r["count"] for r in answer.json()["rows"]}


def test_each_operation_status_error_and_rule_is_counted_past_the_journals_limit(client: TestClient) -> None:
    for _ in range(1000):
        assert client.get("/reservekit/v1/services", headers=AUTH).status_code == 200
    for _ in range(4):
        assert client.get("/reservekit/v1/bookings/424242", headers=AUTH).status_code == 404
    counted = rows(client)
    assert counted[("operation", "GET /v1/services", 200)] == 1000
    assert counted[("operation", "GET /v1/bookings/{bookingID}", 404)] == 4
    assert counted[("error", "booking not found", 0)] == 4
    assert counted[("rule", "RK-NOT-FOUND", 0)] == 4
    assert client.get("/_sandbox/journal/count", headers=AUTH).json()["count"] == 1000  # the journal's limit
    assert client.delete("/_sandbox/journal", headers=AUTH).status_code == 204
    assert rows(client) == counted, "clearing the journal cleared the coverage"


def test_another_sandbox_counts_apart_and_the_server_sums_them(client: TestClient) -> None:
    client.get("/reservekit/v1/services", headers=AUTH)
    client.get("/reservekit/v1/services", headers={"Authorization": "Bearer sk_rsv_coverage_key_2"})
    assert rows(client)[("operation", "GET /v1/services", 200)] == 1
    assert rows(client, scope="server")[("operation", "GET /v1/services", 200)] == 2


def test_a_reset_that_clears_forgets_it_and_an_ordinary_one_keeps_it(client: TestClient) -> None:
    client.get("/reservekit/v1/services", headers=AUTH)
    client.post("/_sandbox/reset", headers=AUTH)
    assert rows(client)
    client.post("/_sandbox/reset", headers=AUTH, json={"clear": True})
    assert rows(client) == {}
    client.get("/reservekit/v1/services", headers=AUTH)
    assert client.delete("/_sandbox/coverage", headers=AUTH).status_code == 204
    assert rows(client) == {}


def test_the_control_api_and_unknown_paths_count_nothing(client: TestClient) -> None:
    client.get("/_sandbox/clock", headers=AUTH)
    client.get("/reservekit/v1/nowhere", headers=AUTH)
    assert rows(client) == {}


def test_an_error_worded_with_the_requests_own_words_counts_as_its_kind(client: TestClient) -> None:
    """ReserveKit words a refused request ``invalid request: <what was wrong>``. Counted whole, a
    fuzzer's every parameter name was an error of its own (Schemathesis: hundreds of rows a
    sandbox, kept past the journal's limit, and a coverage page of its garbage)."""
    for name in ("x", "y", "\u00e9\u00e8"):
        refused = client.get(f"/reservekit/v1/services?{name}=1", headers=AUTH)
        assert refused.json()["error"].startswith("invalid request: Extra query parameter"), refused.text
    errors = {item: count for (kind, item, _), count in rows(client).items() if kind == "error"}
    assert errors == {"invalid request": 3}
