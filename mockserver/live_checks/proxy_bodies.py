"""The proxy's copies of the bodies it forwards: each kept as it passes, up to
``MAX_CHECKED_BYTES``, and read for the checks with its content coding undone."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import Any

from mockserver.documents.har import Exchange

from . import encodings

MAX_CHECKED_BYTES = encodings.MAX_CHECKED_BYTES


class ClientLeft(Exception):
    """The client went away before its request's body was whole."""


def readable(tee: Tee, coding: str, side: str, unread: list[str]) -> bytes | None:
    """A body as its reader reads it, its content coding undone (a browser asks for br and
    zstd, and a client may send gzip); None, and why in ``unread``, where the checks cannot.
    Raises ``encodings.Undecodable`` where it is no stream of its coding: no reader can read it."""
    over = f"over {MAX_CHECKED_BYTES // 2**20} MiB"
    if tee.overflowed:
        unread.append(f"the {side} body is {over}")
        return None
    try:
        decoded = encodings.decoded(tee.kept(), coding, MAX_CHECKED_BYTES)
    except encodings.NotDecoded as undone:
        unread.append(f"the {side} body is encoded {undone}, which the checks do not undo")
        return None
    if decoded is None:
        unread.append(f"the {side} body, once decoded, is {over}")
    return decoded


def unread_length(read: bytes | None, tee: Tee, coding: str) -> int | None:
    """The whole length of a body the checks could not read, as ``Exchange`` keeps it: known
    only where nothing was to be decoded."""
    if read is not None:
        return None
    return -1 if coding else tee.length


class Tee:
    """A copy of a body as it passes, up to ``MAX_CHECKED_BYTES``; past that, none (a cut body
    would read as broken JSON), and the checks say it was not read."""

    def __init__(self) -> None:
        self._kept = bytearray()
        self.overflowed = False
        self.length = 0

    def keep(self, chunk: bytes) -> None:
        self.length += len(chunk)
        if not self.overflowed:
            self._kept += chunk
            if len(self._kept) > MAX_CHECKED_BYTES:
                self.overflowed = True
                self._kept.clear()

    def kept(self) -> bytes:
        return bytes(self._kept)

    async def relay(self, receive: Callable[..., Any]) -> AsyncIterator[bytes]:
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                # Ending here would send the upstream a body shorter than its Content-Length,
                # which the HTTP client refuses with an error of its own, logged as a traceback.
                raise ClientLeft
            chunk = message.get("body", b"")
            self.keep(chunk)
            if chunk:
                yield chunk
            if not message.get("more_body"):
                return


def broken_off(exchange: Exchange, said: str, promised: str) -> Exchange:
    """``exchange``, whose answer the upstream broke off (``said`` says how), as it is recorded:
    the part that came is kept, never judged as the answer (a HAR of it given to check-har had
    read it as a whole one), and its whole length is what the ``Content-Length`` promised."""
    whole = int(promised) if promised.isdigit() else -1
    return replace(exchange, response_length=whole, comment=said, upstream_fault=said)
