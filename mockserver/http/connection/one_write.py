"""uvicorn's httptools protocol, sending a response's head and body in one system call.

uvicorn writes the status line and headers when the app sends ``http.response.start`` and the
body when it sends ``http.response.body``; each write goes out at once, as its own TCP
segment. On loopback, where a sandbox mostly runs, a segment's cost is the kernel's: the
sender's ``send`` also runs the receiver's side and wakes it. Here what one turn of the event
loop writes to a connection is joined and sent at the end of that turn: the head and body of
an ordinary answer leave together. Nothing waits longer than the loop's current turn, the
order of bytes never changes, and a connection being closed is flushed first.

A refusal's close can linger, as nginx's does (``close_lingering``): the answer and a FIN go
out, and what the client is still sending is read and dropped until it closes too (or
``LINGER_S`` pass). Closing a socket with unread bytes in its buffer sends a reset, and a
client still sending its head or body would lose the 431 or 408 it was refused with.
"""

from __future__ import annotations

import asyncio
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

LINGER_S = 2.0


class _OneWritePerTurn:
    """A transport whose writes in one loop turn leave in one ``write``."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._pending: list[bytes] = []
        self._lingering: asyncio.TimerHandle | None = None

    def write(self, data: bytes) -> None:
        if not self._pending:
            self._loop.call_soon(self._flush)
        self._pending.append(data)

    def close(self) -> None:
        self._flush()
        if self._lingering is not None:
            self._lingering.cancel()
        self._transport.close()

    def close_lingering(self) -> None:
        """Sends what is written and a FIN, then reads until the client's EOF (the protocol drops
        what it reads while ``is_closing``) or ``LINGER_S``; ``close`` ends it at once."""
        self._flush()
        transport = self._transport
        if self._lingering is not None or transport.is_closing() or not transport.can_write_eof():
            self.close()
            return
        transport.write_eof()
        transport.resume_reading()  # drained and dropped by the protocol (is_closing)
        self._lingering = self._loop.call_later(LINGER_S, transport.close)

    def is_closing(self) -> bool:
        return self._lingering is not None or self._transport.is_closing()

    def _flush(self) -> None:
        if not self._pending:
            return
        data = self._pending[0] if len(self._pending) == 1 else b"".join(self._pending)
        self._pending = []
        if not self.is_closing():
            self._transport.write(data)

    def __getattr__(self, name: str) -> Any:
        # Everything else (flow control, addresses, write_eof) is the real transport's.
        return getattr(self._transport, name)


class OneWriteProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol (``Config(http=...)``) over a transport that joins a turn's writes."""

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        # Duck-typed: the protocol and its flow control call only what a transport has.
        super().connection_made(cast(asyncio.Transport, _OneWritePerTurn(transport, self.loop)))

    def close_lingering(self) -> None:
        cast(_OneWritePerTurn, self.transport).close_lingering()
