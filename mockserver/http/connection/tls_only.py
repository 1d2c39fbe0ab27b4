"""A server that speaks HTTPS answers a request sent to it in plain HTTP, as nginx does, instead
of closing the connection without a word (curl's "empty reply from server", Python's "remote
end closed connection without response": nothing a stranger reads as "use https://").

uvicorn's own TLS (``ssl_certfile``) wraps every accepted connection at once, so a plain request
fails the handshake and is dropped. Here each connection's first byte is looked at without being
read: a TLS record begins 0x16 (a handshake), and the connection is then given to TLS (the
bytes still wait in the kernel's buffer for it to read); anything else is handed, plain, to
the same HTTP protocol told so, which reads the request head within its bounds and refuses it
with 400 in the API's own words, naming the https:// URL it meant.

The look needs the socket itself (``MSG_PEEK``), before any transport reads it: the first
transport is ended at once and a duplicate of its descriptor handed to
``loop.connect_accepted_socket``, with or without TLS, once the byte has come.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import ssl
from collections.abc import Callable
from typing import Any, cast

from mockserver.http.connection.bounded import BoundedProtocol

TLS_HANDSHAKE = 0x16  # the content type of a TLS record that opens a handshake
HANDSHAKE_TIMEOUT_S = 10.0


def tls_only(protocol: type[BoundedProtocol], context: ssl.SSLContext) -> Callable[..., asyncio.Protocol]:
    """What ``uvicorn.Config(http=…)`` takes in place of ``protocol`` where the server speaks
    HTTPS: a factory of connections that look before they speak."""

    def connection(**kwargs: Any) -> asyncio.Protocol:
        return _FirstByte(lambda: protocol(**kwargs), context, protocol.bounds.head_timeout)

    return connection


class _FirstByte(asyncio.Protocol):
    """One accepted connection until its first byte has come: nothing is read from it here."""

    def __init__(
        self, make: Callable[[], BoundedProtocol], context: ssl.SSLContext, silence_s: float
    ) -> None:
        self._make = make
        self._context = context
        self._silence_s = silence_s
        self._loop = asyncio.get_running_loop()
        self._socket: socket.socket | None = None
        self._timeout: asyncio.TimerHandle | None = None
        self._handing_over: asyncio.Task[None] | None = None  # held: the loop keeps only a weak one

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # The connection's own descriptor goes with the transport, ended here before it reads a
        # byte (3.11's loop starts reading even a transport paused in connection_made): a
        # duplicate keeps the connection, watched for its first byte and then given a transport
        # of its own, with TLS or without.
        self._socket = socket.socket(fileno=os.dup(transport.get_extra_info("socket").fileno()))
        cast(asyncio.Transport, transport).abort()  # uvloop's transports duck-type asyncio's
        self._socket.setblocking(False)
        self._loop.add_reader(self._socket.fileno(), self._first_byte)
        # A client that connects and sends nothing is let go as a silent request head is.
        self._timeout = self._loop.call_later(self._silence_s, self._give_up)

    def connection_lost(self, exc: Exception | None) -> None:
        """The first transport's end, which ``connection_made`` asked for: the connection lives on."""

    def _first_byte(self) -> None:
        assert self._socket is not None
        try:
            first = self._socket.recv(1, socket.MSG_PEEK)
        except BlockingIOError:
            return
        except OSError:
            first = b""
        connection, self._socket = self._socket, None
        self._stop_watching(connection)
        if not first:  # closed (or reset) before a byte came
            connection.close()
            return
        self._handing_over = self._loop.create_task(self._hand_over(connection, first[0] == TLS_HANDSHAKE))

    async def _hand_over(self, connection: socket.socket, tls: bool) -> None:
        def protocol() -> BoundedProtocol:
            made = self._make()
            made.plain_on_tls = not tls
            return made

        try:
            await self._loop.connect_accepted_socket(
                protocol,
                connection,
                ssl=self._context if tls else None,
                ssl_handshake_timeout=HANDSHAKE_TIMEOUT_S if tls else None,
            )
        except Exception:
            # A failed or timed-out handshake (OSError on asyncio's loop; uvloop's may raise
            # others): nothing HTTP was said to answer, and one connection's end is no server's.
            connection.close()

    def _give_up(self) -> None:
        if self._socket is not None:
            connection, self._socket = self._socket, None
            self._stop_watching(connection)
            connection.close()

    def _stop_watching(self, connection: socket.socket) -> None:
        if self._timeout is not None:
            self._timeout.cancel()
            self._timeout = None
        with contextlib.suppress(OSError, ValueError):
            self._loop.remove_reader(connection.fileno())
