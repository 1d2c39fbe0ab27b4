"""Chunked request bodies (``Transfer-Encoding: chunked``) are read like framed ones, limit included.

Over a real server: chunked framing is decoded by uvicorn, not by a test client.
"""

from __future__ import annotations

import http.client
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START, occurrence
from tests.contract.live import serving

KEY = "sk_rsv_chunked_key_01"


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = Path(tmp_path_factory.mktemp("chunked")) / "sandbox.db"
    app = create_app(Settings.load({"db": str(db), "start_at": START, "frozen": True}, environ={}))
    with serving(app) as base:
        yield base


def _chunked(origin: str, path: str, chunks: list[bytes], token: str = KEY) -> tuple[int, Any]:
    parts = urlsplit(origin)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    connection.request("POST", path, body=iter(chunks), headers=headers, encode_chunked=True)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, json.loads(body) if body else None


def test_a_chunked_booking_is_booked(origin: str) -> None:
    day = occurrence(1, 3).isoformat()
    payload = json.dumps({"date": day, "time_slot_id": 1, "customer_email": "chunks@example.com"}).encode()
    status, body = _chunked(origin, "/reservekit/v1/bookings", [payload[:10], payload[10:25], payload[25:]])
    assert status == 201, body
    assert body["data"]["date"] == day


def test_a_chunked_body_is_validated_like_any_other(origin: str) -> None:
    status, body = _chunked(origin, "/reservekit/v1/bookings", [b'{"date": ', b'"soon"}'])
    assert status == 400
    assert "error" in body


def test_an_oversized_chunked_body_is_413_in_the_api_s_shape(origin: str) -> None:
    status, body = _chunked(
        origin, "/reservekit/v1/bookings", [b'{"message": "' + b"x" * 40_000] * 2 + [b'"}']
    )
    assert status == 413
    assert body == {"data": None, "error": body["error"]}
    status, problem = _chunked(origin, "/_sandbox/faults", [b"[" * 70_000])
    assert status == 413
    assert problem["status"] == 413
