"""A header's value is handed on without the whitespace after it, which is no part of it (RFC
9110 5.5): uvicorn's httptools parser keeps it, where h11 drops it (``connection/guard.py``)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from mockserver.http.connection.guard import BodyGuard
from tests.asgi_client import TestClient
from tests.conftest import API_KEY


def test_every_header_is_handed_on_without_the_whitespace_after_it() -> None:
    seen: list[Any] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["headers"])

    sent = [(b"idempotency-key", b"k1 \t"), (b"x-plain", b"a b"), (b"content-type", b"application/json ")]
    asyncio.run(BodyGuard(app, 1024)({"type": "http", "headers": sent, "path": "/"}, None, None))
    assert seen == [
        [(b"idempotency-key", b"k1"), (b"x-plain", b"a b"), (b"content-type", b"application/json")]
    ]


@pytest.mark.sqlite_only("the credential is read before any storage; the reads' storage is proven elsewhere")
@pytest.mark.parametrize("after", [" ", "\t", "  "])
def test_a_credential_with_space_after_it_is_that_credential_on_every_api(
    http: TestClient, after: str
) -> None:
    """A key pasted with a space after it was "missing or invalid API key" on every API and the
    control API (uvicorn's httptools parser hands the space on; TestClient does too)."""
    tokens = http.get("/_sandbox/target-data", headers={"Authorization": f"Bearer {API_KEY}"}).json()
    week = "start=2027-01-04T00:00:00Z&end=2027-01-11T00:00:00Z"
    reads = {
        "/reservekit/v1/services": API_KEY,
        f"/merchant/bookings/calendar/events?{week}": tokens["merchant"]["tokens"]["merchant"],
        "/lifecycle/api/v1/services": tokens["lifecycle"]["tokens"]["customer"],
        "/bardge/v3/classes": tokens["bardge-v3"]["tokens"]["reseller"],
        "/_sandbox/clock": API_KEY,
    }
    for path, token in reads.items():
        plain = http.get(path, headers={"Authorization": f"Bearer {token}"})
        spaced = http.get(path, headers={"Authorization": f"Bearer {token}{after}"})
        assert (
            (spaced.status_code, spaced.json()) == (plain.status_code, plain.json()) == (200, plain.json())
        ), path
