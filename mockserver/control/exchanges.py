"""One exchange as the traffic middleware sees it, and what it reads of ASGI messages."""

from __future__ import annotations

from typing import Any

from starlette.types import Message, Receive, Scope

from mockserver.http.errors import RULE_HEADER
from mockserver.http.request_ids import response_id_header

from .journal_entries import BODY_LIMIT


class Exchange:
    def __init__(
        self, scope: Scope, api: str, digest: str, started: float, operation: str | None = None
    ) -> None:
        self.scope = scope
        self.api = api
        self.digest = digest
        self.started = started
        self.request_body = bytearray()
        self.request_size = 0
        """Every byte the client sent, kept or not."""
        self.request_done = False
        """Whether the app has read the body to its end."""
        self.status = 0
        self.response_headers: list[tuple[str, str]] = []
        self.response_body = bytearray()
        self.rule: str | None = None
        self.operation = operation
        self.clock_row: Any = None
        """The sandbox's clock row as the request read it first, which dates its entry."""

    def take_request(self, message: Message) -> None:
        if message["type"] != "http.request":
            return
        body = message.get("body", b"")
        self.request_size += len(body)
        if len(self.request_body) <= BODY_LIMIT:
            self.request_body += body
        self.request_done = not message.get("more_body", False)

    def take_response_start(self, message: Message) -> Message:
        self.status = message["status"]
        kept = []
        for name, value in message.get("headers", []):
            if name.lower() == RULE_HEADER.encode():
                self.rule = value.decode("latin-1")
            else:
                kept.append((name, value))
        self.response_headers = decoded(kept)
        return {**message, "headers": kept}


def with_request_id(headers: list[tuple[str, str]], scope: Scope) -> list[tuple[str, str]]:
    """The answer's headers as the client received them: with the request id that the
    middleware outside this one adds."""
    added = response_id_header(scope)
    if added is None:
        return headers
    return [*(h for h in headers if h[0].lower() != added[0]), added]


async def drain(receive: Receive, exchange: Exchange) -> None:
    """Reads the request body (for the journal) before a fault answers instead of the API."""
    while True:
        message = await receive()
        exchange.take_request(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return
        if len(exchange.request_body) > BODY_LIMIT:
            return


def abort_connection(receive: Receive) -> bool:
    # ASGI has no "drop this connection" message, and raising makes the server
    # answer 500. uvicorn's receive is a method of its request cycle, which holds
    # the socket's transport: aborting it is what a dropped connection looks like.
    transport: Any = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is None or not hasattr(transport, "abort"):
        return False
    transport.abort()
    return True


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def decoded(headers: Any) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]


def replayable(scope: Scope) -> bool:
    """A request whose body, if any, the journal keeps whole (its length said, within
    ``BODY_LIMIT``): one that can be served twice."""
    length = b"0"
    for name, value in scope.get("headers", []):
        lowered = name.lower()
        if lowered == b"transfer-encoding":
            return False
        if lowered == b"content-length":
            length = value.strip()
    return length.isdigit() and int(length) <= BODY_LIMIT


def replayed(receive: Receive, exchange: Exchange) -> Receive:
    """``receive`` for a request served again: the body its first pass read, once more, then
    whatever the client sends after it."""
    given = False

    async def again() -> Message:
        nonlocal given
        if not given:
            given = True
            body = bytes(exchange.request_body)
            return {"type": "http.request", "body": body, "more_body": not exchange.request_done}
        return await receive()

    return again


def fresh_copy(scope: Scope) -> Scope:
    """``scope`` for one pass through the app, which writes into it and into the dicts it holds."""
    return {key: dict(value) if isinstance(value, dict) else value for key, value in scope.items()}
