"""The traffic middleware: applies a sandbox's fault rules and journals every exchange.

It sits outside Connexion's exception handling, so it sees every response as
sent (validation errors included), and inside ``RequestIds``, so an injected
error carries a request id like a real one. It only looks at requests under a
booking API's mount that carry a sandbox key; the control API is not journaled.

Fault rules come from the process's cache (a query only after a change, a
claim only when a rule matches), in a worker thread when they need the
database. On PostgreSQL, where no process keeps them, the request's first read
says whether there are any, with the clock row its handler and its journal
entry then use (``storage/tenancy/first_reads.py``).

Journal entries go to the group-commit writer; the last body chunk leaves once its
entry is queued for its turn's transaction under the process's pending mark, which
journal reads wait on (SQLite), or once that transaction has committed (PostgreSQL);
never after a transaction of its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Sequence
from typing import Any

from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.http.errors import RULE_HEADER, ErrorRenderer
from mockserver.http.request_ids import response_id_header
from mockserver.storage.tenancy.first_reads import FirstReads
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash

from .faults import Decision, FaultBook, FaultRule, applicable
from .journal import Journal
from .journal_entries import BODY_LIMIT, Recorded
from .keys import bearer_key
from .vocabulary import API_NAME as CONTROL_API


class ConnectionDropped(ConnectionError):
    """A drop fault fired where the server gives no socket to cut (an in-process test client)."""


class Traffic:
    def __init__(
        self,
        app: ASGIApp,
        *,
        renderer: ErrorRenderer,
        faults: FaultBook,
        first_reads: FirstReads,
        journal: Journal,
    ) -> None:
        self._app = app
        # The renderer knows the mounts (it finds the API of every error), and
        # words an injected error as that API would.
        self._renderer = renderer
        self._faults = faults
        self._first_reads = first_reads
        self._journal = journal

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        path: str = scope["path"]
        mounted = self._renderer.mounted_for(path)
        key = bearer_key(_header(scope, b"authorization"))
        if mounted is None or mounted.adapter.name == CONTROL_API or key is None:
            await self._app(scope, receive, send)
            return
        prefix, api = mounted.prefix, mounted.adapter.name
        exchange = _Exchange(scope, api, sandbox_hash(key), time.perf_counter())
        exchange.operation = mounted.methods.operation(scope["method"], path[len(prefix) :] or "/")
        try:
            first = self._first_reads.read(api, key)
            # A sandbox with fault rules reads them, and its handler reads its own clock row
            # after any delay they add.
            ahead = first if first is not None and not first.faulted else None
            exchange.clock_row = ahead.row if ahead is not None else None
            decision = await self._decide(
                exchange.digest, ahead is None, api, scope["method"], path[len(prefix) :] or "/"
            )
        except Exception as error:
            # The fault rules are read before anything changes: storage gone for a moment is the
            # API's 503 with Retry-After, never a plain-text 500.
            if not self._renderer.transient(error):
                raise
            await self._unavailable(exchange, receive, send)
            return
        if decision is not None and decision.delay_s:
            await asyncio.sleep(decision.delay_s)
        if decision is not None and decision.terminating:
            await self._fault(exchange, decision, receive, send)
            return

        async def receive_recorded() -> Message:
            message = await receive()
            exchange.take_request(message)
            return message

        async def send_recorded(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = exchange.take_response_start(message)
            elif message["type"] == "http.response.body":
                exchange.response_body += message.get("body", b"")
                # Journaled before the last chunk leaves, so a client that has its
                # answer always finds the exchange in the journal.
                if not message.get("more_body", False):
                    await self._record(exchange, decision)
            await send(message)

        kept = self._first_reads.keep(ahead)
        try:
            await self._app(scope, receive_recorded, send_recorded)
        finally:
            self._first_reads.release(kept)

    async def _decide(
        self, digest: str, has_rules: bool, api: str, method: str, path: str
    ) -> Decision | None:
        # Most requests meet no rule: the process's cached rules say so without a query, or
        # (PostgreSQL) the request's first read did. Where the sandbox has rules they are read
        # here on the loop, one indexed select: a hop to anyio's threads and back cost more
        # than the read (PostgreSQL, A/B: 875 GET/s through a thread, 1,268 on the loop).
        rules: Sequence[FaultRule] | None = self._faults.cached_rules(digest)
        if rules is None:
            rules = self._faults.rules(digest) if has_rules else ()
        matching = applicable(rules, api, method, path)
        if not matching:
            return None
        return await to_thread.run_sync(self._faults.decide, matching)

    async def _fault(self, exchange: _Exchange, decision: Decision, receive: Receive, send: Send) -> None:
        rule = decision.rule
        assert rule is not None
        await _drain(receive, exchange)
        if rule.kind == "drop":
            exchange.status = 0
            await self._record(exchange, decision)
            if not _abort_connection(receive):
                raise ConnectionDropped(f"fault {rule.id} dropped the connection")
            await asyncio.sleep(0)  # lets the server see the connection is gone, so it sends nothing
            return
        status = 429 if rule.kind == "rate_limit" else int(rule.params["status"])
        reply = self._renderer.reply(exchange.scope["path"], status)
        headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers]
        if decision.retry_after is not None:
            headers.append((b"retry-after", str(decision.retry_after).encode()))
            if rule.kind == "rate_limit":
                # ReserveKit's rate-limit headers (its rate-limits guide); the window is real seconds.
                reset = int(time.time()) + decision.retry_after
                headers.append((b"x-ratelimit-limit", str(rule.params["limit"]).encode()))
                headers.append((b"x-ratelimit-remaining", b"0"))
                headers.append((b"x-ratelimit-reset", str(reset).encode()))
        headers.append((b"content-length", str(len(reply.body)).encode()))
        exchange.status = status
        exchange.response_headers = _decoded(headers)
        exchange.response_body += reply.body
        await self._record(exchange, decision)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": reply.body, "more_body": False})

    async def _unavailable(self, exchange: _Exchange, receive: Receive, send: Send) -> None:
        await _drain(receive, exchange)
        reply = self._renderer.unavailable(exchange.scope["path"])
        headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers]
        headers.append((b"content-length", str(len(reply.body)).encode()))
        exchange.status = reply.status
        exchange.response_headers = _decoded(headers)
        exchange.response_body += reply.body
        await self._record(exchange, None)
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": reply.body, "more_body": False})

    async def _record(self, exchange: _Exchange, decision: Decision | None) -> None:
        rule = decision.rule if decision is not None else None
        scope = exchange.scope
        committed = self._journal.submit_async(
            exchange.digest,
            Recorded(
                kind="request",
                api=exchange.api,
                method=scope["method"],
                path=scope["path"],
                query=scope.get("query_string", b"").decode("latin-1"),
                status=exchange.status,
                duration_ms=(time.perf_counter() - exchange.started) * 1000,
                request_headers=_decoded(scope.get("headers", [])),
                request_body=bytes(exchange.request_body),
                response_headers=_with_request_id(exchange.response_headers, scope),
                response_body=bytes(exchange.response_body),
                request_size=exchange.request_size,
                fault_id=rule.id if rule else None,
                fault_kind=rule.kind if rule else None,
                rule=exchange.rule,
                operation=exchange.operation,
            ),
            exchange.clock_row,
        )
        # A journal that failed has logged why; the client still gets its answer.
        with contextlib.suppress(Exception):
            await committed


class _Exchange:
    def __init__(self, scope: Scope, api: str, digest: str, started: float) -> None:
        self.scope = scope
        self.api = api
        self.digest = digest
        self.started = started
        self.request_body = bytearray()
        self.request_size = 0
        """Every byte the client sent, kept or not."""
        self.status = 0
        self.response_headers: list[tuple[str, str]] = []
        self.response_body = bytearray()
        self.rule: str | None = None
        self.operation: str | None = None
        self.clock_row: Any = None
        """The sandbox's clock row as the request read it first, which dates its entry."""

    def take_request(self, message: Message) -> None:
        if message["type"] != "http.request":
            return
        body = message.get("body", b"")
        self.request_size += len(body)
        if len(self.request_body) <= BODY_LIMIT:
            self.request_body += body

    def take_response_start(self, message: Message) -> Message:
        self.status = message["status"]
        kept = []
        for name, value in message.get("headers", []):
            if name.lower() == RULE_HEADER.encode():
                self.rule = value.decode("latin-1")
            else:
                kept.append((name, value))
        self.response_headers = _decoded(kept)
        return {**message, "headers": kept}


def _with_request_id(headers: list[tuple[str, str]], scope: Scope) -> list[tuple[str, str]]:
    """The answer's headers as the client received them: with the request id that the
    middleware outside this one adds."""
    added = response_id_header(scope)
    if added is None:
        return headers
    return [*(h for h in headers if h[0].lower() != added[0]), added]


async def _drain(receive: Receive, exchange: _Exchange) -> None:
    """Reads the request body (for the journal) before a fault answers instead of the API."""
    while True:
        message = await receive()
        exchange.take_request(message)
        if message["type"] != "http.request" or not message.get("more_body", False):
            return
        if len(exchange.request_body) > BODY_LIMIT:
            return


def _abort_connection(receive: Receive) -> bool:
    # ASGI has no "drop this connection" message, and raising makes the server
    # answer 500. uvicorn's receive is a method of its request cycle, which holds
    # the socket's transport: aborting it is what a dropped connection looks like.
    transport: Any = getattr(getattr(receive, "__self__", None), "transport", None)
    if transport is None or not hasattr(transport, "abort"):
        return False
    transport.abort()
    return True


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return None


def _decoded(headers: Any) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, v in headers]
