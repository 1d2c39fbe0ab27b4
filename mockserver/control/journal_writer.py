"""Writes journal entries by group commit, from one thread per server process.

A write transaction per request, all processes sharing one write lock, cost
most of the sandbox's throughput. Here a request hands its entry over and waits
for the transaction that carries it: entries that arrive while one transaction
is being written all go into the next one, and the transaction goes to this
process's own journal shard (``storage.journal_shards``), so no other process
ever waits for it. A response still leaves only after its entry is committed,
so a client holding its answer finds the exchange in the journal, whichever
worker it asks, with no flush needed.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mockserver.domain.clock import FixedClock, system_now
from mockserver.har import masked_headers
from mockserver.storage import schema as t
from mockserver.storage.engine import write_options
from mockserver.storage.journal_schema import journal
from mockserver.storage.journal_shards import JournalShards, entry_id, last_id
from mockserver.storage.rows import to_db_time
from mockserver.storage.sandboxes import clock_of

logger = logging.getLogger(__name__)

BODY_LIMIT = 64 * 1024
# One transaction stays short even when a burst has queued up behind it.
BATCH_LIMIT = 256


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
class _Pending:
    digest: str
    exchange: Recorded
    real_time: datetime
    """When it was handed over; the sandbox clock is applied to it at write time."""
    micros: int
    """The same instant on the system clock, which orders entries across shards."""
    done: Future[None]


class JournalWriter:
    def __init__(
        self,
        main: sa.Engine,
        shards: JournalShards,
        limit: int,
        now: Callable[[], datetime] = system_now,
    ) -> None:
        self._main = main
        self._shards = shards
        self._limit = limit
        self._now = now
        self._last_id: int | None = None
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._stopped = False

    def submit(self, digest: str, exchange: Recorded) -> Future[None]:
        """Queues one entry; the future is done once the entry is committed."""
        done: Future[None] = Future()
        if self._stopped:
            done.set_exception(RuntimeError("the journal writer has stopped"))
            return done
        self._start()
        self._queue.put(_Pending(digest, exchange, self._now(), time.time_ns() // 1000, done))
        return done

    def stop(self) -> None:
        """Writes what is queued, then ends the thread."""
        self._stopped = True
        self._queue.put(None)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)

    def _start(self) -> None:
        # Lazily, so the thread belongs to the worker process that serves requests.
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="journal-writer", daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            batch = [] if first is None else [first]
            stopping = first is None
            while len(batch) < BATCH_LIMIT:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                else:
                    batch.append(more)
            if batch:
                self._commit(batch)
            if stopping:
                self._refuse_late_entries()
                return

    def _refuse_late_entries(self) -> None:
        # An entry handed over while ``stop`` ran must not leave its request waiting.
        while True:
            try:
                late = self._queue.get_nowait()
            except queue.Empty:
                return
            if late is not None:
                late.done.set_exception(RuntimeError("the journal writer has stopped"))

    def _commit(self, batch: list[_Pending]) -> None:
        try:
            clocks = self._clocks({pending.digest for pending in batch})
            slot, shard = self._shards.own()
            with shard.connect().execution_options(**write_options()) as connection, connection.begin():
                last = last_id(connection) if self._last_id is None else self._last_id
                rows = []
                for pending in batch:
                    last = entry_id(pending.micros, slot, last)
                    shared = clocks.get(pending.digest)
                    real = pending.real_time
                    at = clock_of(shared, FixedClock(real).now).now() if shared else real
                    rows.append(_row(last, pending.digest, at, pending.exchange))
                connection.execute(sa.insert(journal), rows)
                for digest in {pending.digest for pending in batch}:
                    self._trim(connection, digest)
            self._last_id = last
        except Exception as failure:  # the requests waiting on it report it; the writer goes on
            logger.exception("journal: %d entries were not written", len(batch))
            for pending in batch:
                pending.done.set_exception(failure)
            return
        for pending in batch:
            pending.done.set_result(None)

    def _clocks(self, digests: set[str]) -> dict[str, Any]:
        """The sandboxes' clock rows, read once per batch (a read: it takes no lock)."""
        s = t.sandboxes.c
        with self._main.connect() as connection:
            rows = connection.execute(sa.select(t.sandboxes).where(s.key_hash.in_(digests))).all()
        return {row.key_hash: row for row in rows}

    def _trim(self, connection: sa.Connection, digest: str) -> None:
        """Keeps the sandbox's newest ``limit`` entries in this shard (reads bound the union)."""
        j = journal.c
        oldest_kept = (
            sa.select(j.id)
            .where(j.sandbox_hash == digest)
            .order_by(j.id.desc())
            .offset(self._limit - 1)
            .limit(1)
            .scalar_subquery()
        )
        connection.execute(sa.delete(journal).where(j.sandbox_hash == digest, j.id < oldest_kept))


def _row(entry: int, digest: str, at: datetime, exchange: Recorded) -> dict[str, Any]:
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
        "request": _message(exchange.request_headers, exchange.request_body),
        "response": _message(exchange.response_headers, exchange.response_body),
    }


def _message(headers: Sequence[tuple[str, str]], body: bytes) -> dict[str, Any]:
    return {
        "headers": masked_headers(headers),
        "body": body[:BODY_LIMIT].decode("utf-8", errors="replace"),
        "truncated": len(body) > BODY_LIMIT,
    }
