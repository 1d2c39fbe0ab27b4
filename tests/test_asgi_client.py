"""The tests' in-process client (``tests/asgi_client.py``) answers as Starlette's does, and is
the one the suite uses."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette import testclient

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START, occurrence

RESERVEKIT = {"Authorization": "Bearer sk_rsv_asgi_client_0001"}


def _exchanges(booking: bytes) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("GET", "/_sandbox/health", {}),
        ("GET", "/reservekit/v1/services?limit=2&q=a%20b", {"headers": RESERVEKIT}),
        ("GET", "/reservekit/v1/services/1", {"headers": RESERVEKIT}),
        ("HEAD", "/reservekit/v1/services/1", {"headers": RESERVEKIT}),
        ("GET", "/reservekit/v1/services/%2F..%2F1", {"headers": RESERVEKIT}),
        ("GET", "/reservekit/v1/servics", {"headers": RESERVEKIT}),
        ("GET", "/reservekit/v1/services", {}),
        ("POST", "/reservekit/v1/bookings", {"headers": RESERVEKIT, "json": {"time_slot_id": "x"}}),
        # A body given as a generator, in two chunks.
        (
            "POST",
            "/reservekit/v1/bookings",
            {"headers": RESERVEKIT, "content": iter([booking[:9], booking[9:]])},
        ),
        ("POST", "/_sandbox/clock/advance", {"headers": RESERVEKIT, "json": {"seconds": 60}}),
        ("GET", "/_sandbox/journal?limit=3", {"headers": RESERVEKIT}),
    ]


VARYING = {"date", "x-request-id", "content-length"}  # each answer's own (the journal's too)


def _app(folder: Path) -> Any:
    return create_app(
        Settings.load({"db": str(folder / "sandbox.db"), "start_at": START, "frozen": True}, environ={})
    )


def _answers(client: testclient.TestClient) -> Iterator[tuple[int, dict[str, str], str]]:
    slot = client.get("/reservekit/v1/time-slots/1", headers=RESERVEKIT).json()["data"]
    booking = {"date": occurrence(slot["day_of_week"], 4).isoformat(), "time_slot_id": 1}
    for method, path, options in _exchanges(json.dumps(booking).encode()):
        answer = client.request(method, path, **options)
        headers = {name: value for name, value in answer.headers.items() if name not in VARYING}
        yield (
            answer.status_code,
            headers,
            re.sub(r"req_[0-9a-f]+|\"duration_ms\":[\d.]+|\d{4}-\d\d-\d\dT[\d:.]+|\d{12,}", "…", answer.text),
        )


def test_each_request_is_answered_as_starlettes_client_answers_it(tmp_path: Path) -> None:
    (tmp_path / "ours").mkdir()
    (tmp_path / "theirs").mkdir()
    with (
        TestClient(_app(tmp_path / "ours")) as ours,
        testclient.TestClient(_app(tmp_path / "theirs")) as theirs,
    ):
        got, expected = list(_answers(ours)), list(_answers(theirs))
    assert [status for status, _, _ in expected] == [200, 400, 200, 200, 404, 404, 401, 400, 201, 200, 200]
    assert got == expected


async def _failing(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        message = await receive()
        scope["state"]["started"] = message["type"]
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.complete"})
        return
    if scope["path"] == "/state":
        body = repr((scope["state"], scope["client"], scope["raw_path"], scope["query_string"])).encode()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": body})
        return
    raise RuntimeError("the app broke")


def test_the_lifespan_its_state_and_an_apps_exception_reach_the_test_as_with_starlettes() -> None:
    with TestClient(_failing) as ours:
        assert (
            ours.get("/state?a=%20b").text
            == "({'started': 'lifespan.startup'}, ('testclient', 50000), b'/state', b'a=%20b')"
        )
        with pytest.raises(RuntimeError, match="the app broke"):
            ours.get("/")
    assert TestClient(_failing, raise_server_exceptions=False).get("/").status_code == 500


def test_no_test_uses_starlettes_client_but_this_one() -> None:
    tests = Path(__file__).parent
    users = [
        str(path.relative_to(tests))
        for path in tests.rglob("*.py")
        if path.name not in {"asgi_client.py", Path(__file__).name}
        and re.search(r"starlette\.testclient|\.test_client\(", path.read_text(encoding="utf-8"))
    ]
    assert users == [], "each crossing of Starlette's client costs a request 2.5 ms or more (asgi_client.py)"
