"""Deliberately broken sandboxes, built here and nowhere in the product.

Two kinds: middleware that spoils the wire (a status, a field, a type, a crash,
a missing auth check), and monkeypatches that break one business rule in the
domain or storage while everything else keeps working.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from mockserver.http.connection.guard import replaying

Transform = Callable[[int, Any], tuple[int, Any]]


class RewriteResponses:
    """ASGI middleware: rewrites the JSON responses of matching requests with ``transform``."""

    def __init__(self, app: Any, method: str, path: str, transform: Transform) -> None:
        self.app = app
        self.method = method
        self.path = re.compile(path)
        self.transform = transform

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != self.method
            or not self.path.fullmatch(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Any) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            raw = b"".join(chunks)
            try:
                status, body = self.transform(start["status"], json.loads(raw) if raw else None)
                raw = json.dumps(body).encode() if body is not None else b""
            except ValueError:
                status = start["status"]
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(raw)).encode()))
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": raw})

        await self.app(scope, receive, capture)


class AcceptEveryCaller:
    """ASGI middleware: a request without credentials is served as if it carried ``token``."""

    def __init__(self, app: Any, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not any(k.lower() == b"authorization" for k, _ in scope["headers"]):
            headers = [*scope["headers"], (b"authorization", f"Bearer {self.token}".encode())]
            scope = {**scope, "headers": headers}
        await self.app(scope, receive, send)


class ClampedQuery:
    """ASGI middleware: a query parameter past its documented maximum is served as the maximum
    (a vendor clamping a page size where its spec says it refuses it)."""

    def __init__(self, app: Any, name: str, maximum: int) -> None:
        self.app = app
        self.name = name
        self.maximum = maximum

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            clamped = [
                (
                    key,
                    str(self.maximum)
                    if key == self.name and value.isdigit() and int(value) > self.maximum
                    else value,
                )
                for key, value in pairs
            ]
            scope = {**scope, "query_string": urlencode(clamped).encode("latin-1")}
        await self.app(scope, receive, send)


async def answer(send: Any, status: int, document: Any) -> None:
    """Answers a request in place of the sandbox: ``document`` as JSON, with its length."""
    body = json.dumps(document).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def whole_body(receive: Any) -> bytes:
    """The request's body, read to its end (a middleware then replays it with ``replaying``)."""
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            return b"".join(chunks)


class _OnCreate:
    """ASGI middleware that sees the whole body of each POST to one path before the sandbox does
    (``created``); every other request passes untouched."""

    def __init__(self, app: Any, path: str) -> None:
        self.app = app
        self.path = path

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "POST" or scope["path"] != self.path:
            await self.app(scope, receive, send)
            return
        await self.created(scope, await whole_body(receive), receive, send)

    async def created(self, scope: Any, raw: bytes, receive: Any, send: Any) -> None:
        raise NotImplementedError


class LaxContactFields(_OnCreate):
    """ASGI middleware: a booking's malformed email or phone is swapped for a valid one before the
    sandbox sees it, as a vendor that never validates them would accept it."""

    async def created(self, scope: Any, raw: bytes, receive: Any, send: Any) -> None:
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        if isinstance(body, dict):
            if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]{2,}", str(body.get("customer_email", "a@b.co"))):
                body["customer_email"] = "lax@example.com"
            if not re.fullmatch(r"\+[1-9][0-9]{6,14}", str(body.get("customer_phone", "+12025550185"))):
                body["customer_phone"] = "+12025550185"
            raw = json.dumps(body).encode()
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(raw)).encode()))
        await self.app({**scope, "headers": headers}, replaying(raw, receive), send)


class RefuseEveryPhone(_OnCreate):
    """ASGI middleware: any booking that carries a phone is refused with a 400, well-formed or not,
    as a vendor whose phone check is broken would: a malformed phone is refused, for no good reason."""

    async def created(self, scope: Any, raw: bytes, receive: Any, send: Any) -> None:
        if b'"customer_phone"' in raw:
            await answer(send, 400, {"data": None, "error": "phone numbers are not accepted"})
            return
        await self.app(scope, replaying(raw, receive), send)


def on_success(change: Callable[[Any], Any]) -> Transform:
    """Applies ``change`` to 2xx bodies only."""

    def transform(status: int, body: Any) -> tuple[int, Any]:
        return (status, change(body)) if 200 <= status < 300 else (status, body)

    return transform


def status_swap(before: int, after: int) -> Transform:
    return lambda status, body: (after if status == before else status, body)
