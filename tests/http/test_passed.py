"""An answer that passed its schema once is not checked again, nor a query that passed its
operation's checks (``validation/passed.py``), and nothing that would fail gets through on
another's pass."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from connexion.exceptions import NonConformingResponseBody

from mockserver.documents.resources import fixture_path
from mockserver.http.validation.formats import build_format_checker
from mockserver.http.validation.parameters import CachedParameters
from mockserver.http.validation.passed import QUERY_KEPT_BYTES, PassedAnswers, PassedQueries
from mockserver.http.validation.validators import build_validator_map
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from tests.asgi_client import TestClient
from tests.conftest import TODAY, BearerClient

BOOKING = {
    "type": "object",
    "required": ["id", "at"],
    "properties": {"id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}},
}
SLOT = {"type": "object", "required": ["id", "at"], "properties": {"id": {"type": "string"}}}
GOOD = b'{"id": 1, "at": "2027-01-11T09:00:00Z"}'


class Checks:
    """One app's response validator class, counting the schema checks it makes."""

    def __init__(self) -> None:
        self.response = build_validator_map(build_format_checker())["response"]["application/json"]
        self.checked: list[Any] = []

    def answer(self, schema: dict[str, Any], *chunks: bytes) -> list[bytes]:
        validator = self.response({"type": "http"}, schema=schema, nullable=False, encoding="utf-8")
        compiled = validator.validator
        if not hasattr(compiled, "counted"):
            check = compiled.validate
            compiled.validate = lambda body: (self.checked.append(body), check(body))[1]
            compiled.counted = True
        sent: list[bytes] = []

        async def send(message: Any) -> None:
            sent.append(message.get("body", b""))

        async def respond() -> None:
            wrapped = validator.wrap_send(send)
            await wrapped({"type": "http.response.start", "status": 200, "headers": []})
            for n, chunk in enumerate(chunks):
                await wrapped({"type": "http.response.body", "body": chunk, "more_body": n < len(chunks) - 1})

        asyncio.run(respond())
        return sent


def test_the_same_bytes_are_checked_once_and_still_sent() -> None:
    checks = Checks()
    assert checks.answer(BOOKING, GOOD) == [b"", GOOD]
    assert checks.answer(BOOKING, GOOD[:10], GOOD[10:]) == [b"", GOOD[:10], GOOD[10:]]
    assert len(checks.checked) == 1, "the second answer's bytes had passed already"
    checks.answer(BOOKING, GOOD.replace(b"1", b"2", 1))
    assert len(checks.checked) == 2, "other bytes are checked"


def test_a_failing_answer_fails_every_time() -> None:
    checks = Checks()
    bad = b'{"id": 1, "at": "yesterday"}'
    for _ in range(2):
        with pytest.raises(NonConformingResponseBody, match="date-time"):
            checks.answer(BOOKING, bad)
    assert len(checks.checked) == 2


def test_a_pass_under_one_schema_lets_nothing_through_under_another() -> None:
    checks = Checks()
    checks.answer(BOOKING, GOOD)
    with pytest.raises(NonConformingResponseBody, match="is not of type 'string'"):
        checks.answer(SLOT, GOOD)


def test_apps_keep_their_own_passes_and_the_oldest_go_first() -> None:
    first, second = Checks(), Checks()
    first.answer(BOOKING, GOOD)
    second.answer(BOOKING, GOOD)
    assert len(second.checked) == 1, "another app's pass is not this one's"
    passed = PassedAnswers(limit=2)
    keys = [passed.key(BOOKING, "utf-8", body) for body in (b"1", b"2", b"3")]
    for key in keys:
        passed.add(key)
    assert (keys[0] in passed, keys[1] in passed, keys[2] in passed, len(passed)) == (False, True, True, 2)
    assert passed.key(BOOKING, "latin-1", b"1") != keys[0], "the encoding is part of the key"


def test_a_kept_query_is_handed_out_as_a_copy_and_only_scalars_are_kept() -> None:
    queries = PassedQueries(limit=2)
    queries.add(b"page=1", {"page": 1})
    handed = queries.get(b"page=1")
    assert handed == {"page": 1}
    assert handed is not None
    handed["page"] = 99
    assert queries.get(b"page=1") == {"page": 1}, "a handler's change reached the next request"
    queries.add(b"ids=1&ids=2", {"ids": [1, 2]})
    assert queries.get(b"ids=1&ids=2") is None, "a list could be changed in place"
    queries.add(b"q=" + b"x" * QUERY_KEPT_BYTES, {"q": "x"})
    assert queries.get(b"q=" + b"x" * QUERY_KEPT_BYTES) is None
    queries.add(b"page=2", {"page": 2})
    queries.add(b"page=3", {"page": 3})
    assert queries.get(b"page=1") is None, "the oldest goes first"
    assert queries.get(b"page=3") == {"page": 3}


@pytest.fixture
def customer(http: TestClient) -> Any:
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    return BearerClient(
        http, f"customer.{world.customers[0].uuid}.sk_rsv_passed_queries", "/lifecycle/api/v1"
    )


def test_a_query_that_passed_is_not_checked_again_but_the_path_still_is(
    customer: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    check = CachedParameters.validate_query_parameter
    monkeypatch.setattr(
        CachedParameters,
        "validate_query_parameter",
        lambda self, param, request: (checked.append(param["name"]), check(self, param, request))[1],
    )
    services = customer.get("/services").json()["data"]
    path = f"/services/{services[0]['id']}/availability"
    day = {"date": (TODAY + timedelta(days=14)).isoformat()}
    first = customer.get(path, params=day)
    assert first.status_code == 200, first.text
    assert checked == ["date"]
    again = customer.get(path, params=day)
    assert (again.status_code, again.json()) == (200, first.json())
    assert checked == ["date"], "the query had passed already"
    other = customer.get(f"/services/{services[1]['id']}/availability", params=day)
    assert other.status_code == 200, other.text
    assert other.json() != first.json(), "the path's own service was answered"
    refused = customer.get("/services/not-a-uuid/availability", params=day)
    assert refused.status_code == 400, refused.text
    assert "not-a-uuid" in refused.text


def test_a_query_that_failed_fails_every_time(customer: Any) -> None:
    services = customer.get("/services").json()["data"]
    for _ in range(2):
        refused = customer.get(f"/services/{services[0]['id']}/availability", params={"date": "someday"})
        assert refused.status_code == 400, refused.text
        assert "date" in refused.text
