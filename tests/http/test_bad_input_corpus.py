"""A corpus of hostile and careless inputs over every API and the control API: never a 5xx, nothing changed.

The inputs are made from the real specs: every operation that takes a body gets
each bad body below, and every operation with an integer path parameter gets
ids no column can hold. After the lot, each sandbox's state export is the same
bytes as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from mockserver.apis.registry import mount_of
from mockserver.documents.resources import load_yaml, spec_path
from mockserver.server.app import create_app
from mockserver.server.settings import KNOWN_APIS, Settings
from tests.asgi_client import TestClient
from tests.conftest import START

KEY = "corpus_sandbox_key_1"
TOKENS = {
    "reservekit-v1": f"sk_rsv_{KEY}",
    "merchant": f"merchant.nobody.{KEY}",
    "lifecycle": f"customer.00000000-0000-4000-8000-000000000000.{KEY}",
    "bardge-v3": f"reseller.fitperks.{KEY}",
    "sandbox-control": KEY,
}
MOUNTS = {**{api: mount_of(api) for api in KNOWN_APIS}, "sandbox-control": "/_sandbox"}
JSON = {"Content-Type": "application/json"}
BAD_BODIES: dict[str, tuple[bytes, dict[str, str]]] = {
    "nested 10,000 deep": (b"[" * 10_000 + b"]" * 10_000, JSON),
    "objects nested 200 deep": (b'{"a":' * 200 + b"1" + b"}" * 200, JSON),
    "not UTF-8": (b'{"name": "\xff\xfe\xfd"}', JSON),
    "truncated JSON": (b'{"date": "2027-01-0', JSON),
    "integer beyond 64 bits": (
        b'{"id": 1180591620717411303424, "time_slot_id": -1180591620717411303424}',
        JSON,
    ),
    "number beyond a double": (b'{"id": 1e400, "seconds": 1e400}', JSON),
    "NaN": (b'{"seconds": NaN, "id": Infinity}', JSON),
    # Valid but for one number, so the NaN reaches past the schema's required fields.
    "NaN in a whole fault rule": (b'{"kind": "error", "status": 503, "probability": NaN}', JSON),
    "-Infinity in a whole latency rule": (b'{"kind": "latency", "ms": -Infinity}', JSON),
    "NaN in a clock move": (b'{"seconds": NaN}', JSON),
    "lone surrogate": (b'{"name": "\\ud800"}', JSON),
    "a bare string": (b'"hello"', JSON),
    "wrong media type": (b"date=2027-01-04", {"Content-Type": "application/x-www-form-urlencoded"}),
    # httpx's content= sends none: the body is read as the JSON the operation takes (a 500 before).
    "no Content-Type": (b'{"booking_id": -1, "service_id": -1, "kind": "error", "world": 1}', {}),
    "JSON as text/plain": (b'{"booking_id": -1}', {"Content-Type": "text/plain"}),
    "over the size limit": (b'{"message": "' + b"x" * 70_000 + b'"}', JSON),
}
HUGE_IDS = ("1180591620717411303424", "-1180591620717411303424", "9223372036854775808", "0", "9" * 4301)
# A number as str.isdigit() and \\d read one and int() or no vendor does ("²" was a varied
# vendor's 500), and one longer than int() reads (every integer path id was a 500).
NO_NUMBERS = ("\u00b2", "\uff13", "9" * 4301)


def _operations(spec: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    document = load_yaml(spec_path(spec))
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                parameters = [*item.get("parameters", []), *operation.get("parameters", [])]
                yield (
                    method.upper(),
                    path,
                    {"operation": operation, "parameters": parameters, "doc": document},
                )


def _params(
    parameters: list[dict[str, Any]], doc: dict[str, Any], where: str = "path"
) -> dict[str, dict[str, Any]]:
    found = {}
    for given in parameters:
        parameter = (
            doc["components"]["parameters"][given["$ref"].rsplit("/", 1)[1]] if "$ref" in given else given
        )
        if parameter.get("in") == where:
            found[parameter["name"]] = parameter.get("schema", {})
    return found


Case = tuple[str, str, str, bytes | None, dict[str, str], frozenset[int]]


def _cases() -> list[Case]:
    cases = []
    for spec in TOKENS:
        for method, path, info in _operations(spec):
            params = _params(info["parameters"], info["doc"])
            documented = frozenset(int(code) for code in info["operation"]["responses"] if code != "default")
            filled = path
            for name in params:
                filled = filled.replace("{" + name + "}", "1")
            if "requestBody" in info["operation"]:
                for label, (body, headers) in BAD_BODIES.items():
                    cases.append((spec, method, filled, body, headers | {"X-Case": label}, documented))
            # A client's typo or cache-buster: strict validation refuses it, so the refusal
            # must be a status the operation documents, even where it takes no parameter.
            cases.append(
                (spec, method, filled + "?unknown_parameter=1", None, {"X-Case": "unknown query"}, documented)
            )
            for name, schema in params.items():
                if schema.get("type") == "integer":
                    for huge in (*HUGE_IDS, *(quote(text) for text in NO_NUMBERS)):
                        huge_path = path.replace("{" + name + "}", huge)
                        cases.append((spec, method, huge_path, None, {"X-Case": name}, documented))
            for name, schema in _params(info["parameters"], info["doc"], "query").items():
                if schema.get("type") == "integer":
                    for text in NO_NUMBERS:
                        asked = f"{filled}?{name}={quote(text)}"
                        cases.append((spec, method, asked, None, {"X-Case": f"query {name}"}, documented))
    return cases


CASES = _cases()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def http(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """The corpus on each database: PostgreSQL refuses some of what SQLite stores (a NUL in
    text), so what SQLite's server takes may be a team server's 500."""
    if request.param == "sqlite":
        db = str(Path(tmp_path_factory.mktemp("corpus")) / "sandbox.db")
    else:
        db = request.getfixturevalue("postgres").create_database("corpus")
    settings = Settings.load({"db": db, "start_at": START, "frozen": True}, environ={})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def _state(http: TestClient) -> bytes:
    exported = http.get("/_sandbox/state", headers={"Authorization": f"Bearer {KEY}"})
    assert exported.status_code == 200
    return exported.content


def test_the_corpus_is_large_and_covers_every_api() -> None:
    assert len(CASES) >= 200
    assert {case[0] for case in CASES} == set(TOKENS)


def test_no_input_answers_5xx_or_an_undocumented_status_and_nothing_changes(http: TestClient) -> None:
    before = _state(http)
    assert _refused_otherwise(http, CASES) == []
    assert _state(http) == before


def test_a_varied_vendor_answers_no_input_5xx_or_an_undocumented_status(tmp_path: Path) -> None:
    """``serve --vendor-only --vary``, whose middleware reads ids in paths and queries to rewrite
    them: a query id of "²" was a 500 there alone."""
    db = str(tmp_path / "sandbox.db")
    settings = Settings.load({"db": db, "start_at": START, "vendor_only": True, "vary": 11}, environ={})
    with TestClient(create_app(settings), raise_server_exceptions=False) as vendor:
        assert _refused_otherwise(vendor, [case for case in CASES if case[0] != "sandbox-control"]) == []


def _refused_otherwise(http: TestClient, cases: list[Case]) -> list[str]:
    """Each case answered a 5xx or a status its operation does not document."""
    failures = []
    for spec, method, path, body, headers, documented in cases:
        response = http.request(
            method,
            MOUNTS[spec] + path,
            content=body,
            headers={"Authorization": f"Bearer {TOKENS[spec]}", **headers},
        )
        if response.status_code >= 500 or response.status_code not in documented:
            failures.append(
                f"{response.status_code} {method} {path[:80]} [{headers['X-Case']}]: {response.text[:120]}"
            )
    return failures


def test_clock_arithmetic_is_bounded_and_nothing_is_saved_past_it(http: TestClient) -> None:
    auth = {"Authorization": "Bearer clock_corpus_key_1"}
    before = http.get("/_sandbox/clock", headers=auth).json()
    for body in (
        {"duration": "99999999999999999999d"},
        {"duration": "P99999999999W"},
        {"seconds": 1e300},
        {"seconds": 3153600001},
    ):
        refused = http.post("/_sandbox/clock/advance", json=body, headers=auth)
        assert 400 <= refused.status_code < 500, (body, refused.text)
    assert http.get("/_sandbox/clock", headers=auth).json() == before
    for at in ("9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "3000-01-01T00:00:00Z"):
        refused = http.post("/_sandbox/clock/set", json={"at": at}, headers=auth)
        assert 400 <= refused.status_code < 500, (at, refused.text)
    # Century by century up to the bound: the step past it is refused, and the sandbox still works.
    statuses = [
        http.post("/_sandbox/clock/advance", json={"duration": "36500d"}, headers=auth).status_code
        for _ in range(12)
    ]
    assert 200 in statuses
    assert statuses[-1] == 422
    assert http.get("/_sandbox/clock", headers=auth).json()["now"].startswith("29")
    assert (
        http.get(
            "/reservekit/v1/services", headers={"Authorization": "Bearer sk_rsv_clock_corpus_key_1"}
        ).status_code
        == 200
    )
