"""An answer's body as the checks read it: its ``Content-Encoding`` undone, within a bound.

The proxy forwards the client's ``Accept-Encoding``, and a browser asks for ``gzip, deflate,
br, zstd``: behind a CDN a vendor answers in the newest of them. A body the checks could not
decode was read as it came, not JSON, and every such answer was a SPEC-RESPONSE finding
against a correct vendor. Each coding is undone here up to ``limit`` bytes: a few MiB of any
of them can hold gigabytes (a bomb costs the proxy what it keeps, no more). A body its coding
does not decode is ``Undecodable``: a client cannot read it at all (read as it came, a plain
JSON answer labelled gzip passed every check that a browser's fetch of it fails).
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Callable

import brotli

if sys.version_info >= (3, 14):
    from compression import zstd
else:  # the standard library's, backported
    from backports import zstd

MAX_CHECKED_BYTES = 8 * 1024 * 1024
"""The most of an answer's body the checks read, its coding undone: past it, none of it."""

_ZLIB_BITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
"""zlib's window bits for each coding it undoes (16 more: a gzip header)."""


class NotDecoded(ValueError):
    """A coding the checks do not undo; the message names it."""


class Undecodable(ValueError):
    """The body is no valid stream of its coding; the message names the coding."""


def decoded(body: bytes, encoding: str, limit: int) -> bytes | None:
    """``body`` with ``encoding`` (the header's value: codings in the order applied) undone,
    or None where it decodes past ``limit`` bytes. Raises ``NotDecoded`` for a coding not
    undone here, ``Undecodable`` for a body that is no stream of its coding."""
    codings = [coding.strip().lower() for coding in encoding.split(",") if coding.strip()]
    for coding in codings:
        if coding not in _DECODERS and coding != "identity":
            raise NotDecoded(coding)
    undone: bytes | None = body
    for coding in reversed(codings):
        if coding != "identity" and undone is not None:
            undone = _DECODERS[coding](undone, limit)
    return undone


def _zlib(coding: str) -> Callable[[bytes, int], bytes | None]:
    def undo(body: bytes, limit: int) -> bytes | None:
        # A deflate body is a zlib stream by the standard, raw deflate from some servers.
        for bits in (_ZLIB_BITS[coding], -zlib.MAX_WBITS) if coding == "deflate" else (_ZLIB_BITS[coding],):
            inflate = zlib.decompressobj(bits)
            try:
                out = inflate.decompress(body, limit + 1)
            except zlib.error:
                continue
            if len(out) > limit or inflate.unconsumed_tail:
                return None
            if inflate.eof:
                return out
        raise Undecodable(coding)

    return undo


def _brotli(body: bytes, limit: int) -> bytes | None:
    decompressor = brotli.Decompressor()
    try:
        # The buffer stops growing once it holds the limit (a block over it, never all of a
        # bomb). Given by position: 1.2 names it output_buffer_limit, its stubs and later
        # releases max_output_length.
        out: bytes = decompressor.process(body, limit + 1)
    except brotli.error:
        raise Undecodable("br") from None
    if len(out) > limit:
        return None
    if not decompressor.is_finished():
        raise Undecodable("br")
    return out


def _zstd(body: bytes, limit: int) -> bytes | None:
    out = bytearray()
    rest = body
    try:
        while rest:  # a body may hold several frames, one after the other
            decompressor = zstd.ZstdDecompressor()
            out += decompressor.decompress(rest, max_length=limit + 1 - len(out))
            if len(out) > limit:
                return None
            if not decompressor.eof:
                raise Undecodable("zstd")
            rest = decompressor.unused_data
    except zstd.ZstdError:
        raise Undecodable("zstd") from None
    return bytes(out)


_DECODERS: dict[str, Callable[[bytes, int], bytes | None]] = {
    **{coding: _zlib(coding) for coding in _ZLIB_BITS},
    "br": _brotli,
    "zstd": _zstd,
}


def as_recorded(body: bytes, coding: str, limit: int = MAX_CHECKED_BYTES) -> bytes:
    """A HAR's base64 body as its answer read: HAR holds it with its coding undone, but a tool
    that kept the wire's bytes held the ``Content-Encoding`` stream, read as no JSON and as cut
    short (its ``size`` is the decoded one). Where the body is a stream of ``coding`` (the
    header's value), it is undone; anything else (already undone, or no such stream) stays."""
    try:
        undone = decoded(body, coding, limit) if coding.strip() else None
    except (NotDecoded, Undecodable):
        return body
    return body if undone is None else undone
