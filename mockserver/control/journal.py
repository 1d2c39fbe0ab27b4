"""The request journal: every exchange a sandbox served, and every webhook attempt.

Bounded per sandbox (oldest out first): each entry takes the sandbox's next
``seq`` and everything ``limit`` or more behind it is deleted, one range delete
on the ``(sandbox_hash, seq)`` index. Times are on the sandbox clock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from fnmatch import fnmatchcase
from http import HTTPStatus
from typing import Any

import sqlalchemy as sa

from mockserver.domain.clock import system_now
from mockserver.har import Exchange, masked_headers
from mockserver.storage import control_schema as c
from mockserver.storage.engine import write_options
from mockserver.storage.rows import from_db_time, to_db_time
from mockserver.storage.sandboxes import sandbox_now

BODY_LIMIT = 64 * 1024


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
    fault_id: int | None = None
    fault_kind: str | None = None
    rule: str | None = None
    error: str | None = None


@dataclass(frozen=True)
class JournalFilter:
    method: str | None = None
    path: str | None = None
    """A glob: ``*`` matches anything, ``/`` included."""
    status: int | None = None
    api: str | None = None
    kind: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _message(headers: Sequence[tuple[str, str]], body: bytes) -> dict[str, Any]:
    return {
        "headers": masked_headers(headers),
        "body": body[:BODY_LIMIT].decode("utf-8", errors="replace"),
        "truncated": len(body) > BODY_LIMIT,
    }


class Journal:
    def __init__(self, engine: sa.Engine, limit: int, now: Callable[[], datetime] = system_now) -> None:
        self._engine = engine
        self._limit = limit
        self._now = now

    def record(self, digest: str, exchange: Recorded) -> None:
        with self._engine.connect().execution_options(**write_options()) as connection, connection.begin():
            at = sandbox_now(connection, digest, self._now)
            seq = self._next_seq(connection, digest)
            connection.execute(
                sa.insert(c.journal).values(
                    sandbox_hash=digest,
                    seq=seq,
                    at=to_db_time(at),
                    kind=exchange.kind,
                    api=exchange.api,
                    method=exchange.method,
                    path=exchange.path,
                    query=exchange.query,
                    url=exchange.url,
                    status=exchange.status,
                    duration_ms=exchange.duration_ms,
                    fault_id=exchange.fault_id,
                    fault_kind=exchange.fault_kind,
                    rule=exchange.rule,
                    error=exchange.error,
                    request=_message(exchange.request_headers, exchange.request_body),
                    response=_message(exchange.response_headers, exchange.response_body),
                )
            )
            connection.execute(
                sa.delete(c.journal).where(
                    c.journal.c.sandbox_hash == digest, c.journal.c.seq <= seq - self._limit
                )
            )

    def entries(self, digest: str, where: JournalFilter, limit: int) -> tuple[list[dict[str, Any]], int]:
        """The newest ``limit`` matching entries, and how many match in all."""
        rows = list(self._matching(digest, where))
        return [_entry(row) for row in rows[:limit]], len(rows)

    def count(self, digest: str, where: JournalFilter) -> int:
        return sum(1 for _ in self._matching(digest, where))

    def exchanges(self, digest: str, where: JournalFilter, origin: str) -> list[Exchange]:
        """The matching entries as HAR exchanges, oldest first."""
        return [_exchange(row, origin) for row in reversed(list(self._matching(digest, where)))]

    def clear(self, digest: str) -> None:
        with self._engine.connect().execution_options(**write_options()) as connection, connection.begin():
            connection.execute(sa.delete(c.journal).where(c.journal.c.sandbox_hash == digest))

    def _next_seq(self, connection: sa.Connection, digest: str) -> int:
        heads = c.journal_heads
        last = connection.execute(sa.select(heads.c.last_seq).where(heads.c.sandbox_hash == digest)).scalar()
        if last is None:
            connection.execute(sa.insert(heads).values(sandbox_hash=digest, last_seq=1))
            return 1
        connection.execute(sa.update(heads).where(heads.c.sandbox_hash == digest).values(last_seq=last + 1))
        return int(last) + 1

    def _matching(self, digest: str, where: JournalFilter) -> Iterator[sa.Row[Any]]:
        j = c.journal.c
        conditions: list[sa.ColumnElement[bool]] = [j.sandbox_hash == digest]
        for column, value in (
            (j.method, where.method),
            (j.status, where.status),
            (j.api, where.api),
            (j.kind, where.kind),
        ):
            if value is not None:
                conditions.append(column == value)
        if where.since is not None:
            conditions.append(j.at >= to_db_time(where.since))
        if where.until is not None:
            conditions.append(j.at < to_db_time(where.until))
        select = sa.select(c.journal).where(*conditions).order_by(j.seq.desc())
        with self._engine.connect() as connection:
            rows = connection.execute(select).all()
        # The journal is bounded, so the path glob is matched here rather than
        # translated into each backend's LIKE/GLOB dialect.
        for row in rows:
            if where.path is None or fnmatchcase(row.path, where.path):
                yield row


def _entry(row: sa.Row[Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": row.seq,
        "at": from_db_time(row.at).isoformat(),
        "kind": row.kind,
        "api": row.api,
        "method": row.method,
        "path": row.path,
        "query": row.query,
        "request": row.request,
        "response": row.response,
        "status": row.status,
        "duration_ms": round(row.duration_ms, 3),
        "fault": {"id": row.fault_id, "kind": row.fault_kind} if row.fault_id is not None else None,
        "rule": row.rule,
    }
    if row.url is not None:
        entry["url"] = row.url
    if row.error is not None:
        entry["error"] = row.error
    return entry


def _exchange(row: sa.Row[Any], origin: str) -> Exchange:
    url = row.url or f"{origin}{row.path}" + (f"?{row.query}" if row.query else "")
    notes = [f"fault {row.fault_id} ({row.fault_kind})"] if row.fault_id is not None else []
    notes += [f"rule {row.rule}"] if row.rule else []
    notes += [f"error: {row.error}"] if row.error else []
    return Exchange(
        started=from_db_time(row.at),
        method=row.method,
        url=url,
        request_headers=_headers(row.request),
        request_body=row.request["body"].encode("utf-8"),
        status=row.status,
        reason=_reason(row.status),
        response_headers=_headers(row.response),
        response_body=row.response["body"].encode("utf-8"),
        duration_ms=row.duration_ms,
        comment="; ".join(notes),
    )


def _headers(message: Mapping[str, Any]) -> dict[str, str]:
    return dict(message["headers"])


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
