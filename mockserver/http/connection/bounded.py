"""Bounds on a connection that uvicorn's httptools protocol does not set, and the answers it
loses at a connection's end.

uvicorn times out only an idle kept-alive connection: a client that connects and sends nothing,
sends half a request head (``GET /path\\r\\n``) or a body a byte a second holds its connection
for ever, and a megabyte of headers is read whole. Here, each with a setting:
- a request head must be complete within ``head_timeout`` seconds of its first byte (or of the
  connection), else 408 and close;
- after that grace a body must keep ``min_body_rate`` bytes a second on average, else 408;
- a head past ``max_head_bytes`` is refused with 431.
The most connections a worker holds is uvicorn's own ``limit_concurrency`` (503 past it).

And two ways a connection's end lost an answer: a client that half-closes after its request
(``shutdown(SHUT_WR)``) had its connection closed at once, and bytes the parser refuses after a
valid request in the same packet threw away the valid one's answer. Now a half-closed connection
is answered, then closed; and pipelined requests are answered in order up to the malformed one,
which gets the 400.

Every refusal made here (400, 408, 431, and the 503 of a worker holding all its connections) is
worded as the API the request line names words its errors (``refusal``: an app's
``ErrorRenderer.refusal``), with as much of the path as was read: no request reaches the app.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import httptools

from mockserver.http.connection.one_write import OneWriteProtocol
from mockserver.http.errors import ErrorReply

Refusal = Callable[[str, int, str], ErrorReply]
"""A refusal's answer: (the path as far as it was read, status, reason) -> the reply."""

NOT_HTTP = "not a valid HTTP/1.1 request"
BUSY = "this worker holds as many connections as it may: try again shortly"


def plain_refusal(path: str, status: int, reason: str) -> ErrorReply:
    """Without an app's wording (a protocol made without one): the reason as text."""
    return ErrorReply(status, [("content-type", "text/plain; charset=utf-8")], reason.encode("utf-8"))


WATCH_EVERY_S = 1.0


@dataclass(frozen=True)
class Bounds:
    head_timeout: float = 10.0
    min_body_rate: int = 1024
    max_head_bytes: int = 32 * 1024


class BoundedProtocol(OneWriteProtocol):
    """``OneWriteProtocol`` with ``bounds`` (a subclass per server sets them: ``bounded``)."""

    bounds = Bounds()
    refusal: Refusal = staticmethod(plain_refusal)
    # A plain HTTP request to a server that speaks HTTPS (``tls_only.py``): its head is read
    # only to be refused, naming the https:// URL.
    plain_on_tls = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._head_bytes = 0
        self._in_head = True  # the connection's first head is awaited from now
        self._body: tuple[float, int] | None = None  # (when its body began, bytes since)
        self._peer_done = False
        self._refused_later: str | None = None
        self._watch = self.loop.call_later(self.bounds.head_timeout, self._check_progress)

    def connection_lost(self, exc: Exception | None) -> None:
        self._watch.cancel()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refused_later is not None:
            return  # the rest of a connection already refused: nothing after it is read
        if self.transport.is_closing():
            return  # a refused client still sending: read and dropped while the close lingers
        self._unset_keepalive_if_required()
        if self._in_head:
            # Counted as head until the parser says where it ends: a read that also carries the
            # head's end skips the check below (a large import's first 256 KiB are body, not head),
            # and on_headers_complete measures the head itself.
            self._head_bytes += len(data)
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            if self.transport.is_closing():
                return  # refused from a callback (431, plain HTTP to HTTPS): the parser stopped there
            message = NOT_HTTP
            if self._body is not None:
                # The request being read is the malformed one (a bad chunk size, LF-only chunks):
                # answered now, not after the body watch gives up on a body that cannot end.
                self._refuse(400, "malformed request body framing")
                return
            if self.cycle is not None and not self.cycle.response_complete:
                # Answer what came before first: the refusal follows the last answer.
                self._refused_later = message
                self.flow.pause_reading()
                return
            self.logger.warning(message)
            self.send_400_response(message)
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()
            return
        too_long = self._in_head and self._head_bytes > self.bounds.max_head_bytes
        if too_long and not self.transport.is_closing():
            # Every byte read so far belongs to a head that has not ended: refused before the
            # parser holds more (a head that ends within the bound is measured exactly below).
            self._refuse(431, "request head too large")

    def eof_received(self) -> bool | None:  # type: ignore[override]
        """The client is done sending: its request still gets its answer, then the close. Over
        TLS, which has no half-close, asyncio closes it whatever this answers (and warned, once a
        connection, that keeping it open has no effect)."""
        keep_open = self._peer_finished()
        return None if self.transport.get_extra_info("ssl_object") is not None else keep_open

    def _peer_finished(self) -> bool:
        if self.transport.is_closing():  # a lingering close: the client has stopped, so it ends
            self.transport.close()
            return True
        if self.cycle is not None and not self.cycle.response_complete:
            self._peer_done = True  # closed once the last answer is written
            return True  # keep the transport open for writing
        # Closed through the one-write transport, which first sends what this turn wrote (an
        # answer finished a moment ago); the loop closing it itself would drop that.
        self.transport.close()
        return True

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if not self._in_head:  # a kept-alive connection's next request: its head starts now
            self._in_head, self._head_bytes = True, 0
            self._restart_watch(self.bounds.head_timeout)

    def on_headers_complete(self) -> None:
        size = len(self.url) + sum(len(name) + len(value) + 4 for name, value in self.headers)
        if size > self.bounds.max_head_bytes:
            self._refuse(431, "request head too large")
            return
        if self.plain_on_tls:
            host = dict(self.headers).get(b"host", b"").decode("latin-1") or "this server"
            url = f"https://{host}{self.url.decode('latin-1')}"
            self._refuse(400, f"this server speaks HTTPS alone: send the request to {url}")
            return
        limit = self.limit_concurrency
        if limit is not None and (len(self.connections) >= limit or len(self.tasks) >= limit):
            # uvicorn's own test, answered here in the API's words rather than as its text.
            self.logger.warning("Exceeded concurrency limit.")
            self._refuse(503, BUSY, [("Retry-After", "1")])
            return
        self._in_head = False
        has_body = self.parser.get_method() not in (b"GET", b"HEAD") or self._announces_body()
        # Raises where the target is no path (CONNECT's host:port): a head refused as not HTTP,
        # which a body begun here had refused as a body's malformed framing.
        super().on_headers_complete()
        if has_body:
            self._body = (self.loop.time(), 0)
            self._restart_watch(WATCH_EVERY_S)
        else:
            self._watch.cancel()

    def on_body(self, body: bytes) -> None:
        if self._body is not None:
            self._body = (self._body[0], self._body[1] + len(body))
        super().on_body(body)

    def on_message_complete(self) -> None:
        self._body = None
        self._watch.cancel()
        super().on_message_complete()

    def on_response_complete(self) -> None:
        if self._refused_later is not None and not self.pipeline:
            self.server_state.total_requests += 1
            self.send_400_response(self._refused_later)
            return
        if self._peer_done and not self.pipeline:
            self.server_state.total_requests += 1
            self.transport.close()
            return
        super().on_response_complete()

    # bounds

    def _announces_body(self) -> bool:
        for name, value in self.headers:
            if name == b"content-length":
                return value.strip() not in (b"0", b"")
            if name == b"transfer-encoding":
                return True
        return False

    def _restart_watch(self, delay: float) -> None:
        self._watch.cancel()
        self._watch = self.loop.call_later(delay, self._check_progress)

    def _check_progress(self) -> None:
        if self.transport.is_closing():
            return
        if self._in_head:
            if self._head_bytes == 0:  # an idle connection (a browser's spare): no answer owed
                self.transport.close()
            else:
                self._refuse(408, "request head not received in time")
            return
        if self._body is None:
            return
        began, received = self._body
        elapsed = self.loop.time() - began
        if elapsed > self.bounds.head_timeout and received < self.bounds.min_body_rate * elapsed:
            self._refuse(408, "request body arriving too slowly")
            return
        self._restart_watch(WATCH_EVERY_S)

    def send_400_response(self, msg: str) -> None:
        self.transport.write(self._refusal_bytes(400, msg))
        self.transport.close()

    def _refuse(self, status: int, reason: str, headers: list[tuple[str, str]] | None = None) -> None:
        """Answers ``status`` where no answer has begun, and closes the connection."""
        self._watch.cancel()
        answering = self.cycle is not None and not self.cycle.response_complete
        if not answering or not self.cycle.response_started:
            self.transport.write(self._refusal_bytes(status, reason, headers or []))
        if answering:
            self.cycle.disconnected = True
            self.cycle.message_event.set()
        self.close_lingering()

    def _refusal_bytes(self, status: int, reason: str, headers: list[tuple[str, str]] | None = None) -> bytes:
        # The request line as far as it was read (uvicorn's parser gathers it in ``url``; a
        # connection's first bytes may not have begun one): enough to tell the API by its mount.
        path = getattr(self, "url", b"").partition(b"?")[0].decode("latin-1")
        reply = self.refusal(path, status, reason)
        lines = [f"HTTP/1.1 {status} {HTTPStatus(status).phrase}".encode("latin-1")]
        lines += [name + b": " + value for name, value in self.server_state.default_headers]
        lines += [f"{name}: {value}".encode("latin-1") for name, value in [*reply.headers, *(headers or [])]]
        lines += [f"content-length: {len(reply.body)}".encode("ascii"), b"connection: close", b"", b""]
        return b"\r\n".join(lines) + reply.body


def bounded(bounds: Bounds, refusal: Refusal = plain_refusal) -> type[BoundedProtocol]:
    """The protocol class a server's ``uvicorn.Config(http=…)`` takes, with its bounds and the
    wording of its refusals."""
    attributes: dict[str, Any] = {"bounds": bounds, "refusal": staticmethod(refusal)}
    return type("ServerProtocol", (BoundedProtocol,), attributes)
