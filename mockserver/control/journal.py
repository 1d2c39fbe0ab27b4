"""The request journal: every exchange a sandbox served, and every webhook attempt.

Entries are written by group commit (``journal_writer``) into the writing
process's shard (``storage.journal_shards``); reads merge every shard by entry
id, which orders entries in time. Bounded per sandbox, oldest out first: each
shard keeps a sandbox's newest ``limit`` entries, and reads keep the newest
``limit`` of their union. Times are on the sandbox clock.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future
from datetime import datetime
from http import HTTPStatus
from typing import Any

import sqlalchemy as sa

from mockserver.documents.har import UPSTREAM, Exchange
from mockserver.domain.kernel.clock import system_now
from mockserver.storage.control.journal_schema import coverage, journal
from mockserver.storage.control.journal_shards import JournalShards
from mockserver.storage.database.engine import writing
from mockserver.storage.kernel.stored_times import from_db_time, to_db_time

from .journal_entries import Recorded, cut_length
from .journal_filters import JournalFilter
from .journal_writer import JournalWriter, Tally

# SQLite takes at most 32,766 bound parameters per statement.
ROWS_PER_QUERY = 500
# Entries an export reads at once: each may hold two bodies of 64 KiB.
EXPORT_PAGE = 16


class Journal:
    def __init__(
        self,
        engine: sa.Engine,
        limit: int,
        now: Callable[[], datetime] = system_now,
        tally: Tally | None = None,
        max_bytes: int | None = None,
        *,
        mounts: Mapping[str, str] | None = None,
    ) -> None:
        """``mounts``: each API's, where a path glob may also match below it (as a fault's)."""
        self._mounts = dict(mounts or {})
        self._shards = JournalShards(engine)
        self._limit = limit
        self._max_bytes = max_bytes
        self._writer = JournalWriter(engine, self._shards, limit, now, tally=tally, max_bytes=max_bytes)

    def submit(self, digest: str, exchange: Recorded) -> Future[None]:
        """Journals one exchange; the future is done once it is committed."""
        return self._writer.submit(digest, exchange)

    def submit_async(self, digest: str, exchange: Recorded, clock_row: Any = None) -> asyncio.Future[None]:
        """Journals one exchange from an event loop; the future is done once it is committed.
        ``clock_row``: the sandbox's as the request read it (or None), which dates the entry."""
        return self._writer.submit_async(digest, exchange, clock_row)

    def record(self, digest: str, exchange: Recorded) -> None:
        """Journals one exchange and waits until it is committed (for threads)."""
        self._writer.submit(digest, exchange).result()

    def stop(self) -> None:
        self._writer.stop()
        self._shards.close()

    def entries(self, digest: str, where: JournalFilter, limit: int) -> tuple[list[dict[str, Any]], int]:
        """The newest ``limit`` matching entries, and how many match in all."""
        self._settle()
        found = self._matching(digest, where)
        return [_entry(row) for row in self._rows(found[:limit])], len(found)

    def entry(self, digest: str, entry_id: int) -> dict[str, Any] | None:
        """One of the sandbox's kept entries, or None (another sandbox's, forgotten or never made)."""
        j = journal.c
        self._settle()
        shards = self._shards.readers()
        oldest = self._oldest_kept(digest, shards)
        if oldest is not None and entry_id < oldest:
            return None
        for shard in shards:
            with shard.connect() as connection:
                row = connection.execute(
                    sa.select(journal).where(j.sandbox_hash == digest, j.id == entry_id)
                ).one_or_none()
            if row is not None:
                return _entry(row)
        return None

    def count(self, digest: str, where: JournalFilter) -> int:
        self._settle()
        return len(self._matching(digest, where))

    def exchanges(self, digest: str, where: JournalFilter, origin: str) -> Iterator[Exchange]:
        """The matching entries as HAR exchanges, oldest first, read a page at a time as they
        are taken (an export streams: a worker holds a page, not the journal). Which entries
        match is settled when this is called."""
        self._settle()
        found = self._matching(digest, where)[::-1]
        return self._exchanges_of(found, origin)

    def _exchanges_of(self, found: list[tuple[int, sa.Engine]], origin: str) -> Iterator[Exchange]:
        for start in range(0, len(found), EXPORT_PAGE):
            for row in self._rows(found[start : start + EXPORT_PAGE]):
                yield _exchange(row, origin)

    def clear(self, *digests: str) -> None:
        """Forgets every entry of the sandboxes ``digests`` (cleared, or evicted)."""
        for shard in self._shards.readers():
            with writing(shard) as connection:
                connection.execute(sa.delete(journal).where(journal.c.sandbox_hash.in_(digests)))

    def coverage(self, digest: str | None) -> list[dict[str, Any]]:
        """What the sandbox's traffic covered (every sandbox's, with None), summed over the
        shards: ``{"api", "kind", "item", "status", "count"}`` rows."""
        self._settle()
        c = coverage.c
        group = (c.api, c.kind, c.item, c.status)
        query = sa.select(*group, sa.func.sum(c.count)).group_by(*group)
        if digest is not None:
            query = query.where(c.sandbox_hash == digest)
        totals: Counter[tuple[str, str, str, int]] = Counter()
        for shard in self._shards.readers():
            with shard.connect() as connection:
                for api, kind, item, status, count in connection.execute(query):
                    totals[(api, kind, item, status)] += int(count)
        return [
            {"api": api, "kind": kind, "item": item, "status": status, "count": count}
            for (api, kind, item, status), count in sorted(totals.items())
        ]

    def forget(self, *digests: str) -> None:
        """Everything kept of the sandboxes ``digests``, entries and coverage (an eviction)."""
        self.clear(*digests)
        self.clear_coverage(*digests)

    def clear_coverage(self, *digests: str) -> None:
        """Forgets what the sandboxes ``digests`` covered (a reset that clears, or an eviction)."""
        for shard in self._shards.readers():
            with writing(shard) as connection:
                connection.execute(sa.delete(coverage).where(coverage.c.sandbox_hash.in_(digests)))

    def _settle(self) -> None:
        """Waits until every answered exchange is committed, in every process: a read after an
        answer finds it (``storage.control.journal_pending``)."""
        self._writer.commit_own_turn()
        self._shards.wait_for_pending()

    def _matching(self, digest: str, where: JournalFilter) -> list[tuple[int, sa.Engine]]:
        """The matching entries' ids (newest first) and the shards holding them."""
        j = journal.c
        shards = self._shards.readers()
        conditions: list[sa.ColumnElement[bool]] = [j.sandbox_hash == digest]
        oldest = self._oldest_kept(digest, shards)
        if oldest is not None:
            conditions.append(j.id >= oldest)
        if (status := where.status_condition(j.status)) is not None:
            conditions.append(status)
        for column, value in (
            (j.method, where.method),
            (j.api, where.api),
            (j.kind, where.kind),
            (j.rule, where.rule),
        ):
            if value is not None:
                conditions.append(column == value)
        if where.since is not None:
            conditions.append(j.at >= to_db_time(where.since))
        if where.until is not None:
            conditions.append(j.at < to_db_time(where.until))
        found: list[tuple[int, sa.Engine]] = []
        for shard in shards:
            with shard.connect() as connection:
                rows = connection.execute(sa.select(j.id, j.path, j.api).where(*conditions)).all()
            # The journal is bounded, so the path glob is matched here rather than
            # translated into each backend's LIKE/GLOB dialect.
            found += [(row.id, shard) for row in rows if where.path_matches(row.path, row.api, self._mounts)]
        found.sort(key=lambda entry: entry[0], reverse=True)
        return found

    def _oldest_kept(self, digest: str, shards: list[sa.Engine]) -> int | None:
        """The bound across shards: the id of the sandbox's oldest entry kept, counting its newest
        ``limit`` within ``max_bytes``, if it has more than that."""
        j = journal.c
        newest = (
            sa.select(j.id, j.stored_bytes)
            .where(j.sandbox_hash == digest)
            .order_by(j.id.desc())
            .limit(self._limit + 1)
        )
        rows: list[tuple[int, int]] = []
        for shard in shards:
            with shard.connect() as connection:
                rows += [(row.id, row.stored_bytes) for row in connection.execute(newest)]
        rows.sort(reverse=True)
        stored, oldest = 0, None
        for kept, (entry, size) in enumerate(rows):
            stored += size
            if kept == self._limit or (self._max_bytes is not None and stored > self._max_bytes):
                return oldest if oldest is not None else entry + 1
            oldest = entry
        return None

    def _rows(self, found: list[tuple[int, sa.Engine]]) -> list[sa.Row[Any]]:
        """The full entries for ``found``, in its order."""
        by_shard: dict[sa.Engine, list[int]] = {}
        for entry, shard in found:
            by_shard.setdefault(shard, []).append(entry)
        rows: dict[int, sa.Row[Any]] = {}
        for shard, ids in by_shard.items():
            with shard.connect() as connection:
                for start in range(0, len(ids), ROWS_PER_QUERY):
                    chunk = ids[start : start + ROWS_PER_QUERY]
                    for row in connection.execute(sa.select(journal).where(journal.c.id.in_(chunk))):
                        rows[row.id] = row
        return [rows[entry] for entry, _ in found if entry in rows]


def _entry(row: sa.Row[Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "id": row.id,
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
    notes += [
        # Cut at the journal's bound, or broken off by a proxy's upstream before its promised length.
        f"{side} body kept only in part ({message['size']} bytes in all)"
        if "size" in message
        else f"{side} body not kept (its length unknown)"
        for side, message in (("request", row.request), ("response", row.response))
        if message.get("truncated")
    ]
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
        request_length=cut_length(row.request),
        response_length=cut_length(row.response),
        # A proxy's journal: the upstream's fault, its rule (``cli/proxy_journal.py``).
        upstream_fault=(row.error or "") if row.rule == UPSTREAM else "",
    )


def _headers(message: Mapping[str, Any]) -> dict[str, str]:
    return dict(message["headers"])


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
