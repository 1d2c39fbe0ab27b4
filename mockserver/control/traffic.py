"""The traffic middleware: applies a sandbox's fault rules and journals every exchange.

It sits outside Connexion's exception handling, so it sees every response as
sent (validation errors included), and inside ``RequestIds``, so an injected
error carries a request id like a real one. It only looks at requests under a
booking API's mount that carry a sandbox key; the control API is not journaled.

Fault rules come from the process's cache (a query only after a change, a
claim only when a rule matches), in a worker thread when they need the
database. On PostgreSQL, where no process keeps them, the request's first read
says whether there are any, with the clock row its handler and its journal
entry then use (``storage/tenancy/first_reads.py``). A request there whose body the journal
keeps whole goes on the row this process read last, read again with the handler's first
statement: where it had changed, nothing was written, the answer made on it is dropped, unsent
and unjournaled, and the request served again the usual way, its body sent again.

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

from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mockserver.http.errors import ErrorRenderer
from mockserver.storage.tenancy.first_reads import FirstRead, FirstReads
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash

from .exchanges import (
    Exchange,
    abort_connection,
    decoded,
    drain,
    fresh_copy,
    header,
    replayable,
    replayed,
    with_request_id,
)
from .faults import Decision, FaultBook, FaultRule, applicable
from .journal import Journal
from .journal_entries import Recorded
from .journal_filters import REQUEST
from .keys import bearer_key
from .rate_windows import RateWindow
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
        if mounted is None or mounted.adapter.name == CONTROL_API:
            await self._app(scope, receive, send)
            return
        key = bearer_key(header(scope, b"authorization"), mounted.adapter.sandbox_key)
        if key is None:
            await self._app(scope, receive, send)
            return
        prefix, api = mounted.prefix, mounted.adapter.name
        exchange = Exchange(scope, api, sandbox_hash(key), time.perf_counter())
        exchange.operation = mounted.methods.operation(scope["method"], path[len(prefix) :] or "/")
        if self._first_reads.made and replayable(scope) and (ahead := self._first_reads.ahead(api, key)):
            if await self._served_ahead(exchange, ahead, receive, send):
                return
            # What it went on had changed: served again the usual way, as if for the first time.
            receive = replayed(receive, exchange)
            exchange = Exchange(scope, api, exchange.digest, exchange.started, exchange.operation)
        try:
            first = self._first_reads.read(api, key)
            # A sandbox with fault rules reads them, and its handler reads its own clock row
            # after any delay they add.
            ahead = first if first is not None and not first.faulted else None
            decision = await self._decide(
                exchange.digest, ahead is None, api, scope["method"], path[len(prefix) :] or "/", mount=prefix
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
        if decision is not None and decision.terminating and not decision.after_handling:
            await self._fault(exchange, decision, receive, send)
            return

        await self._served(scope, exchange, receive, send, first=ahead, decision=decision)

    async def _served_ahead(self, exchange: Exchange, first: FirstRead, receive: Receive, send: Send) -> bool:
        """A request on PostgreSQL (one whose body the journal keeps whole), served on its sandbox
        as this process last read it, which had no fault rules: the handler's first read reads
        the row again ahead of its own statement (``storage/database/read_ahead.py``), its first
        write with its locks (``write_behind.py``), or, where it sent neither, this does once the
        answer is made. False where the row had changed: nothing was written, sent or journaled,
        and the request is to be served again."""
        # On a copy: routing writes into the scope, and a request served again starts afresh.
        scope = fresh_copy(exchange.scope)
        return await self._served(scope, exchange, receive, send, first=first, decision=None)

    async def _served(
        self,
        scope: Scope,
        exchange: Exchange,
        receive: Receive,
        send: Send,
        *,
        first: FirstRead | None,
        decision: Decision | None,
    ) -> bool:
        """The app's answer, journaled and sent, unless the first read it went on proves stale
        once the answer is made (``FirstReads.confirm``): then nothing is sent, and False."""
        sent = True
        # A fault that meets the request once handled (``when: after``): its change is made, and
        # its answer lost, for the fault's own in its place.
        lost = decision if decision is not None and decision.after_handling else None

        async def receive_recorded() -> Message:
            message = await receive()
            exchange.take_request(message)
            return message

        async def send_recorded(message: Message) -> None:
            nonlocal sent
            if lost is not None:
                return
            if message["type"] == "http.response.start":
                if decision is not None and decision.window is not None:
                    counted = _rate_headers(decision.window)
                    message = {**message, "headers": [*message.get("headers", []), *counted]}
                if first is not None:
                    sent = self._first_reads.confirm(first)  # read as it began, unless it went ahead
                    exchange.clock_row = first.row
                message = exchange.take_response_start(message)
            elif sent and message["type"] == "http.response.body":
                exchange.response_body += message.get("body", b"")
                # Journaled before the last chunk leaves, so a client that has its
                # answer always finds the exchange in the journal.
                if not message.get("more_body", False):
                    await self._record(exchange, decision)
            if sent:
                await send(message)

        kept = self._first_reads.keep(first)
        try:
            await self._app(scope, receive_recorded, send_recorded)
        finally:
            self._first_reads.release(kept)
        if lost is not None:
            await self._fault(exchange, lost, receive, send, drained=True)
        return sent

    async def _decide(
        self, digest: str, has_rules: bool, api: str, method: str, path: str, *, mount: str
    ) -> Decision | None:
        # Most requests meet no rule: the process's cached rules say so without a query, or
        # (PostgreSQL) the request's first read did. Where the sandbox has rules they are read
        # here on the loop, one indexed select: a hop to anyio's threads and back cost more
        # than the read (PostgreSQL, A/B: 875 GET/s through a thread, 1,268 on the loop).
        rules: Sequence[FaultRule] | None = self._faults.cached_rules(digest)
        if rules is None:
            rules = self._faults.rules(digest) if has_rules else ()
        matching = applicable(rules, api, method, path, mount)
        if not matching:
            return None
        return await to_thread.run_sync(self._faults.decide, matching)

    async def _fault(
        self, exchange: Exchange, decision: Decision, receive: Receive, send: Send, *, drained: bool = False
    ) -> None:
        """``drained``: the handler has read the request's body (a fault ``when: after``)."""
        rule = decision.rule
        assert rule is not None
        if not drained:
            await drain(receive, exchange)
        if rule.kind == "drop":
            exchange.status = 0
            await self._record(exchange, decision)
            if not abort_connection(receive):
                raise ConnectionDropped(f"fault {rule.id} dropped the connection")
            await asyncio.sleep(0)  # lets the server see the connection is gone, so it sends nothing
            return
        status = 429 if rule.kind == "rate_limit" else int(rule.params["status"])
        reply = self._renderer.reply(exchange.scope["path"], status)
        headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers]
        if decision.retry_after is not None:
            headers.append((b"retry-after", str(decision.retry_after).encode()))
            if rule.kind == "rate_limit" and decision.window is not None:
                headers += _rate_headers(decision.window)
        headers.append((b"content-length", str(len(reply.body)).encode()))
        exchange.status = status
        exchange.response_headers = decoded(headers)
        exchange.response_body += reply.body
        await self._record(exchange, decision)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": reply.body, "more_body": False})

    async def _unavailable(self, exchange: Exchange, receive: Receive, send: Send) -> None:
        await drain(receive, exchange)
        reply = self._renderer.unavailable(exchange.scope["path"])
        headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in reply.headers]
        headers.append((b"content-length", str(len(reply.body)).encode()))
        exchange.status = reply.status
        exchange.response_headers = decoded(headers)
        exchange.response_body += reply.body
        await self._record(exchange, None)
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": reply.body, "more_body": False})

    async def _record(self, exchange: Exchange, decision: Decision | None) -> None:
        rule = decision.rule if decision is not None else None
        scope = exchange.scope
        committed = self._journal.submit_async(
            exchange.digest,
            Recorded(
                kind=REQUEST,
                api=exchange.api,
                method=scope["method"],
                path=scope["path"],
                query=scope.get("query_string", b"").decode("latin-1"),
                status=exchange.status,
                duration_ms=(time.perf_counter() - exchange.started) * 1000,
                request_headers=decoded(scope.get("headers", [])),
                request_body=bytes(exchange.request_body),
                response_headers=with_request_id(exchange.response_headers, scope),
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


def _rate_headers(window: RateWindow) -> list[tuple[bytes, bytes]]:
    # ReserveKit's names (its rate-limits guide), on every answer a rate-limit fault counted.
    return [
        (b"x-ratelimit-limit", str(window.limit).encode()),
        (b"x-ratelimit-remaining", str(window.remaining).encode()),
        (b"x-ratelimit-reset", str(window.reset).encode()),
    ]
