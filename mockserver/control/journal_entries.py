"""What the journal keeps of one exchange, and the row it is stored as."""

from __future__ import annotations

import codecs
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mockserver.documents.har import masked_headers
from mockserver.storage.kernel.stored_times import to_db_time

from .journal_filters import REQUEST

BODY_LIMIT = 64 * 1024
"""The most of a body the journal keeps (``truncated`` past it, with the full ``size``)."""


@dataclass(frozen=True)
class Recorded:
    """One exchange, as the traffic middleware or the webhook sender saw it."""

    kind: str
    api: str | None
    method: str
    path: str
    query: str
    status: int
    duration_ms: float
    request_headers: Sequence[tuple[str, str]]
    request_body: bytes
    response_headers: Sequence[tuple[str, str]]
    response_body: bytes
    url: str | None = None
    operation: str | None = None
    """The documented operation it reached (``GET /v1/bookings/{bookingID}``), for coverage."""
    fault_id: int | None = None
    fault_kind: str | None = None
    rule: str | None = None
    error: str | None = None
    request_size: int | None = None
    """The request body's full length, where more came than ``request_body`` holds; -1 where
    that length is not known (a body the proxy could not decode is kept as none)."""
    response_size: int | None = None


def entry_row(entry: int, digest: str, at: datetime, exchange: Recorded) -> dict[str, Any]:
    return {
        "id": entry,
        "sandbox_hash": digest,
        "at": to_db_time(at),
        "kind": exchange.kind,
        "api": exchange.api,
        "method": exchange.method,
        "path": exchange.path,
        "query": exchange.query,
        "url": exchange.url,
        "status": exchange.status,
        "duration_ms": exchange.duration_ms,
        "fault_id": exchange.fault_id,
        "fault_kind": exchange.fault_kind,
        "rule": exchange.rule,
        "error": exchange.error,
        # A request's credential keeps its fingerprint, as the proxy's and the kit's HARs do, so
        # check-har tells the sandbox's callers apart: a lifecycle booking's status is the
        # caller's own, and the owner's "accepted" after an invitee's "invited" is no change.
        "request": _message(
            masked_headers(exchange.request_headers, keep_scheme=True, fingerprint=exchange.kind == REQUEST),
            exchange.request_body,
            exchange.request_size,
        ),
        "response": _message(
            masked_headers(exchange.response_headers), exchange.response_body, exchange.response_size
        ),
        "stored_bytes": stored_size(exchange),
    }


ROW_BYTES = 256
"""A row's own columns and the database's overhead for it, near enough."""


def stored_size(exchange: Recorded) -> int:
    """What an entry holds, near enough, for the journal's bound in bytes: its kept bodies,
    its headers and its address, and a row's overhead."""
    headers = sum(
        len(name) + len(value) for name, value in (*exchange.request_headers, *exchange.response_headers)
    )
    bodies = min(len(exchange.request_body), BODY_LIMIT) + min(len(exchange.response_body), BODY_LIMIT)
    address = len(exchange.path) + len(exchange.query) + len(exchange.url or "") + len(exchange.error or "")
    return ROW_BYTES + headers + bodies + address


def cut_length(message: Mapping[str, Any]) -> int | None:
    """A body's whole length where the journal kept only its first ``BODY_LIMIT`` bytes."""
    return int(message.get("size", -1)) if message.get("truncated") else None


def _message(headers: dict[str, str], body: bytes, size: int | None) -> dict[str, Any]:
    unknown = size is not None and size < 0
    full = -1 if unknown else len(body) if size is None else max(size, len(body))
    kept = body[:BODY_LIMIT]
    # Less is kept than the whole where the journal cut it, or where only a part came (``size``
    # said more: a proxy's upstream that broke its answer off), or none of a whole of unknown
    # length (kept as empty, an answer in a coding the proxy does not undo was judged empty),
    # and a part is never judged whole.
    cut = unknown or full > len(kept)
    # A cut may fall inside a character: its first bytes are left out, not shown as U+FFFD
    # (a decoder that is told more is to come holds them back).
    text = codecs.getincrementaldecoder("utf-8")("replace").decode(kept, final=not cut)
    message = {"headers": headers, "body": text, "truncated": cut}
    return message if unknown else message | {"size": full}
