"""A target that is no booking-sandbox, with another reading of what the documents leave open.

The sandbox behind these targets is real; a middleware takes its control API away (so the
kit sees a vendor's server) and reshapes its answers as another implementation may: here,
time slots without the optional ``available_bookings`` the sandbox infers. The kit must
find its free places through documented operations alone, and never send a control call.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mockserver.app import create_app
from mockserver.settings import Settings
from tests.contract.live import Kit, serving
from tests.contract.test_kit_verdicts import NotASandbox

Reshape = Callable[[str, Any], Any]


class Reshaped:
    """ASGI middleware: each JSON answer of a path passes through ``reshape`` first, and every
    path the kit requested is kept, so a test can see what it was sent."""

    def __init__(self, app: Any, reshape: Reshape) -> None:
        self.app = app
        self.reshape = reshape
        self.requested: list[tuple[str, str]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        self.requested.append((scope["method"], scope["path"]))
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def hold(message: Any) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
            if body and dict(headers).get(b"content-type", b"").startswith(b"application/json"):
                body = json.dumps(self.reshape(scope["path"], json.loads(body))).encode()
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, hold)


def without_available_bookings(path: str, body: Any) -> Any:
    if "time-slots" in path and isinstance(body.get("data"), dict):
        for slot in body["data"].get("time_slots", []):
            slot.pop("available_bookings", None)
    return body


@pytest.mark.slow
def test_reservekit_rules_run_without_the_sandboxs_available_bookings(tmp_path: Path, kit: Kit) -> None:
    # On the wall clock, as a vendor's server is: the kit, seeing no control API, books by it.
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db")}, environ={}))
    target = Reshaped(NotASandbox(app), without_available_bookings)
    tokens = ("--token", "sk_rsv_vendor_account_1", "--token", "other=sk_rsv_vendor_account_2")
    with serving(target) as origin:
        result = kit.run_at(origin + "/reservekit", "reservekit-v1", tmp_path, *tokens, "--checks", "rules")
    assert not result.failed, result.output[-4000:]
    assert result.exit_code == 6, result.output[-4000:]  # the control-API rules are unchecked
    assert len(result.passed) >= 12, result.output[-4000:]
    assert {name.rsplit("[", 1)[-1] for name in result.skipped} == {"RK-RATE-LIMIT]", "RK-WEBHOOKS]"}
    control = [(method, path) for method, path in target.requested if path.startswith("/_sandbox")]
    assert control, "the kit asked whether the target is a booking-sandbox"
    assert all(call == ("GET", "/_sandbox/health") for call in control), control
