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

import asyncio
import contextlib
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

from mockserver.domain.kernel.clock import FixedClock, system_now
from mockserver.har import masked_headers
from mockserver.storage import schema as t
from mockserver.storage.control.journal_schema import journal
from mockserver.storage.control.journal_shards import JournalShards, entry_id, last_id
from mockserver.storage.engine import writing
from mockserver.storage.generation import CLOCKS, Generation
from mockserver.storage.rows import to_db_time
from mockserver.storage.sandbox_rows import clock_of

logger = logging.getLogger(__name__)

BODY_LIMIT = 64 * 1024
# One transaction stays short even when a burst has queued up behind it.
BATCH_LIMIT = 256
JOURNAL_INSERT = sa.insert(journal)
CLOCK_ROW = sa.select(t.sandboxes).where(t.sandboxes.c.key_hash == sa.bindparam("digest"))
CACHED_CLOCKS = 10_000
# Sandboxes whose entries since their last trim are counted; past this, all are trimmed.
UNTRIMMED_SANDBOXES = 10_000


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
    done: Future[None] | asyncio.Future[None]


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
        self._untrimmed: dict[str, int] = {}
        # Sandbox clock rows change only through the control API, which bumps this counter.
        self._clock_generation = Generation.beside(main, CLOCKS)
        self._cached_generation: int | None = None
        self._cached_clocks: dict[str, Any] = {}
        self._trim_every = max(1, limit // 10)
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._stopped = False

    def submit(self, digest: str, exchange: Recorded) -> Future[None]:
        """Queues one entry; the future is done once the entry is committed (for threads)."""
        done: Future[None] = Future()
        self._hand_over(digest, exchange, done)
        return done

    def submit_async(self, digest: str, exchange: Recorded) -> asyncio.Future[None]:
        """The same for a request on an event loop: one wake-up of the loop per commit, not per entry."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._hand_over(digest, exchange, done)
        return done

    def _hand_over(self, digest: str, exchange: Recorded, done: Future[None] | asyncio.Future[None]) -> None:
        if self._stopped:
            done.set_exception(_stopped())
            return
        self._start()
        self._queue.put(_Pending(digest, exchange, self._now(), time.time_ns() // 1000, done))

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
                _settle([late], _stopped())

    def _commit(self, batch: list[_Pending]) -> None:
        try:
            clocks = self._clocks({pending.digest for pending in batch})
            slot, shard = self._shards.own()
            with writing(shard) as connection:
                last = last_id(connection) if self._last_id is None else self._last_id
                rows = []
                for pending in batch:
                    last = entry_id(pending.micros, slot, last)
                    shared = clocks.get(pending.digest)
                    real = pending.real_time
                    at = clock_of(shared, FixedClock(real).now).now() if shared else real
                    rows.append(_row(last, pending.digest, at, pending.exchange))
                connection.execute(JOURNAL_INSERT, rows)
                self._trim_due(connection, [pending.digest for pending in batch])
            self._last_id = last
        except Exception as failure:  # the requests waiting on it report it; the writer goes on
            logger.exception("journal: %d entries were not written", len(batch))
            _settle(batch, failure)
            return
        _settle(batch, None)

    def _clocks(self, digests: set[str]) -> dict[str, Any]:
        """The sandboxes' clock rows: from this writer's cache unless a clock changed since."""
        # Read before the rows, so a change committed after this read is seen at the next batch.
        generation = self._clock_generation.current()
        if generation is None or generation != self._cached_generation:
            self._cached_clocks.clear()
            self._cached_generation = generation
        missing = [digest for digest in digests if digest not in self._cached_clocks]
        if missing:
            # One prepared lookup per sandbox (a batch rarely holds more than one or two): an
            # IN list is a new statement for SQLAlchemy to compile at every batch size.
            with self._main.connect() as connection:
                for digest in missing:
                    row = connection.execute(CLOCK_ROW, {"digest": digest}).first()
                    if row is not None:
                        self._cached_clocks[digest] = row
            if len(self._cached_clocks) > CACHED_CLOCKS:
                self._cached_clocks.clear()  # a cache: rows of sandboxes gone quiet would pile up
        return {digest: self._cached_clocks[digest] for digest in digests if digest in self._cached_clocks}

    def _trim_due(self, connection: sa.Connection, digests: list[str]) -> None:
        # Trimming costs an index walk of ``limit`` entries, so a sandbox's shard is
        # trimmed once a tenth of the limit has come in since the last time; reads
        # bound the union exactly, so the few extra rows are never seen.
        for digest in digests:
            self._untrimmed[digest] = self._untrimmed.get(digest, 0) + 1
        due = [digest for digest, count in self._untrimmed.items() if count >= self._trim_every]
        if len(self._untrimmed) > UNTRIMMED_SANDBOXES:
            due = list(self._untrimmed)
        for digest in due:
            self._trim(connection, digest)
            del self._untrimmed[digest]

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


def _stopped() -> RuntimeError:
    return RuntimeError("the journal writer has stopped")


def _settle(batch: list[_Pending], failure: BaseException | None) -> None:
    """Tells the entries' waiters (from the writer thread); those on an event loop in one call per loop."""
    by_loop: dict[asyncio.AbstractEventLoop, list[asyncio.Future[None]]] = {}
    for pending in batch:
        if isinstance(pending.done, Future):
            if failure is None:
                pending.done.set_result(None)
            else:
                pending.done.set_exception(failure)
        else:
            by_loop.setdefault(pending.done.get_loop(), []).append(pending.done)
    for loop, waiting in by_loop.items():
        with contextlib.suppress(RuntimeError):  # the loop has closed: nobody is waiting
            loop.call_soon_threadsafe(_settle_on_loop, waiting, failure)


def _settle_on_loop(waiting: list[asyncio.Future[None]], failure: BaseException | None) -> None:
    for done in waiting:
        if done.done():  # the request was cancelled (its client went away)
            continue
        if failure is None:
            done.set_result(None)
        else:
            done.set_exception(failure)


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
