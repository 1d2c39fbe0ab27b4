"""Writes journal entries by group commit: the entries that arrive together share one transaction.

A request's entry goes into this process's own journal shard (``storage.journal_shards``),
so no other process ever waits to write it. A client holding its answer finds the exchange
in the journal, whichever worker it asks.

The requests on an event loop write from the loop: the entries of one turn of the loop are
committed together at its end. Handing them to a thread cost a third of a worker's GETs on
SQLite and three fifths on PostgreSQL (the two threads took turns for the GIL on every
batch, and every batch woke the loop from outside). Where the shard is a SQLite file of this
process's own, a request on the loop is answered once its entry is queued, under the
process's pending mark (``storage.control.journal_pending``), which every journal read waits
on until the turn has committed: waiting in each request instead cost a suspension and a turn
per request. On PostgreSQL, whose servers share one journal table and no file lock, a turn's
requests are answered once its commit is done: two round trips on the loop, whatever the
turn holds (``storage.control.journal_pipeline``). Entries from threads (the webhook sender,
the control API) go to the writer thread, and their submitters wait for the commit.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.clock import system_now
from mockserver.storage.control.journal_appends import ShardAppends
from mockserver.storage.control.journal_pending import PendingMark
from mockserver.storage.control.journal_shards import JournalShards, entry_id
from mockserver.storage.database.engine import connection_lost, database_file

from .journal_clocks import BatchClocks, EntryClocks
from .journal_doubts import doubted, unwritten
from .journal_entries import Recorded, entry_row
from .journal_kept import KeptEntries
from .journal_trims import TrimsDue
from .journal_waiters import Waiter, settle, settle_here, stopped

logger = logging.getLogger(__name__)

# One transaction stays short even when a burst has queued up behind it.
BATCH_LIMIT = 256
# How often the idle writer tries again to write the entries kept while the database is away.
KEPT_RETRY_SECONDS = 0.5


Tally = Callable[[Iterable[tuple[str, Recorded]]], list[dict[str, Any]]]
"""What a batch covered (``mockserver.coverage.recording``), as rows to count with its entries."""


@dataclass(frozen=True)
class _Pending:
    digest: str
    exchange: Recorded
    real_time: datetime
    """When it was handed over; the sandbox clock is applied to it at write time."""
    micros: int
    """The same instant on the system clock, which orders entries across shards."""
    done: Waiter | None
    """None for an entry answered before its commit (the loop's on SQLite, under the pending mark)."""
    clock_row: Any = None
    """Its sandbox's clock row as its request read it (PostgreSQL's first read): no read of its own."""
    tried_as: int | None = None
    """The id an attempt whose outcome is unknown gave it (``journal_doubts``)."""


class JournalWriter:
    def __init__(
        self,
        main: sa.Engine,
        shards: JournalShards,
        limit: int,
        now: Callable[[], datetime] = system_now,
        *,
        tally: Tally | None = None,
        max_bytes: int | None = None,
    ) -> None:
        self._main = main
        self._tally = tally
        self._lost = connection_lost(main)
        self._kept: KeptEntries[_Pending] = KeptEntries()
        # A SQLite shard's answers leave before their turn's commit, under the pending mark.
        self._marked = database_file(main) is not None
        self._shards = shards
        # The shards are of the main database's kind (SQLite files beside it, or its own table).
        self._appends = ShardAppends(main.dialect)
        self._limit = limit
        self._max_bytes = max_bytes
        self._now = now
        self._last_id: int | None = None
        self._trims = TrimsDue(limit, max_bytes)
        self._entry_clocks = EntryClocks(main)
        self._queue: queue.SimpleQueue[_Pending | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._stopped = False
        # The loop's entries of this turn (and the thread that queued them, which holds the
        # pending mark until they are committed), and the one lock both writers take per commit.
        self._turn: list[_Pending] = []
        self._turn_thread: int | None = None
        self._turn_mark: PendingMark | None = None
        self._commit_lock = threading.Lock()

    def submit(self, digest: str, exchange: Recorded) -> Future[None]:
        """Queues one entry; the future is done once the entry is committed (for threads)."""
        done: Future[None] = Future()
        self._hand_over(digest, exchange, done)
        return done

    def submit_async(self, digest: str, exchange: Recorded, clock_row: Any = None) -> asyncio.Future[None]:
        """The same for a request on an event loop: the entry is committed at the end of the
        loop's turn. On SQLite the future is done at once, and readers wait for that commit
        (``journal_pending``); on PostgreSQL it is done once that commit is."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        if self._stopped:
            self._hand_over(digest, exchange, done)  # which refuses
            return done
        if not self._turn:
            if self._marked:
                mark = self._shards.mark()
                assert mark is not None, "a SQLite shard has a pending mark"
                mark.hold()  # before the first answer of the turn leaves
                self._turn_mark = mark
            self._turn_thread = threading.get_ident()
            # After the callbacks already due this turn: their entries join this commit.
            loop.call_soon(self._commit_turn)
        self._turn.append(self._pending(digest, exchange, None if self._marked else done, clock_row))
        if self._marked:
            done.set_result(None)
        return done

    def commit_own_turn(self) -> None:
        """Commits the loop's queued entries now, when called on the thread that queued them (a
        journal read there would otherwise wait for its own mark); elsewhere does nothing."""
        if self._turn and self._turn_thread == threading.get_ident():
            self._commit_turn()

    def _commit_turn(self) -> None:
        batch, self._turn = self._turn, []
        if not batch:
            return  # committed already, by a read on this thread
        failure: BaseException | None = None
        try:
            if self._stopped:
                failure = stopped()
                logger.error("journal: %d entries came after the writer stopped", len(batch))
            else:
                failure = self._commit(batch)  # logged there, where the answers have left
        finally:
            # The mark held for this turn (asking the shards again after a stop would take a slot).
            if self._turn_mark is not None:
                self._turn_mark.release()
                self._turn_mark = None
            settle_here(batch, failure)  # PostgreSQL's answers, waiting for this commit

    def _hand_over(self, digest: str, exchange: Recorded, done: Waiter) -> None:
        if self._stopped:
            done.set_exception(stopped())
            return
        self._start()
        self._queue.put(self._pending(digest, exchange, done))

    def _pending(
        self, digest: str, exchange: Recorded, done: Waiter | None, clock_row: Any = None
    ) -> _Pending:
        return _Pending(digest, exchange, self._now(), time.time_ns() // 1000, done, clock_row)

    def stop(self) -> None:
        """Writes what is queued, then ends the thread."""
        self._stopped = True
        self._queue.put(None)
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
        with self._commit_lock:
            self._appends.close()

    def _start(self) -> None:
        # Lazily, so the thread belongs to the worker process that serves requests.
        if self._thread is None:
            with self._start_lock:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="journal-writer", daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                first = self._queue.get(timeout=KEPT_RETRY_SECONDS if self._kept else None)
            except queue.Empty:
                self._commit([])  # nothing new: the kept entries alone
                continue
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
                settle(batch, self._commit(batch))
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
                settle([late], stopped())

    def _commit(self, batch: list[_Pending]) -> BaseException | None:
        """Writes ``batch`` in one transaction; what went wrong, if anything. Never raises: the
        writer thread that ended at a failure left every later submitter waiting for good."""
        with self._commit_lock:
            try:
                return self._commit_locked(batch)
            except Exception as failure:
                logger.exception("journal: %d entries were not written", len(batch))
                return failure

    def _commit_locked(self, batch: list[_Pending]) -> BaseException | None:
        kept = self._kept.take()
        if not (writing := [*kept, *batch]):
            return None
        failure = self._commit_once(writing)
        if (
            isinstance(failure, sa.exc.DBAPIError) and failure.connection_invalidated
        ) or self._shards.lease_broken():
            # PostgreSQL restarted under the slot's lease: lease a slot again (the lowest free,
            # maybe another) and write under it what the old one did not commit.
            self._shards.lost_lease()
            self._last_id = None
            writing = doubted(writing, self._attempted)
            failure = self._commit_once(writing)
        if failure is not None and self._lost(failure):
            # The database is away: its answers have left (their waiters hear of it); the
            # entries wait, in order, for the next commit once it is back.
            self._kept.keep([replace(p, done=None) for p in doubted(writing, self._attempted)], failure)
            self._last_id = None
        elif failure is not None:
            logger.error("journal: %d entries were not written: %s", len(writing), failure)
        else:
            self._kept.written(len(kept))
        return failure

    def _commit_once(self, batch: list[_Pending]) -> BaseException | None:
        self._attempted: dict[int, int] = {}  # id(pending) -> the id this attempt gives it
        try:
            digests = {pending.digest for pending in batch if pending.clock_row is None}
            slot, shard = self._shards.own()
            lease = self._shards.lease()
            # A SQLite shard is a file apart: its clocks are read (or kept) before its transaction.
            clocks = self._entry_clocks.of(digests) if lease is None else {}
            with self._appends.transaction(shard, lease) as appending:
                if lease is not None:
                    clocks = self._entry_clocks.of(digests, appending.clock_rows)
                last = appending.newest_id() if self._last_id is None else self._last_id
                rows, dating = [], BatchClocks()
                for pending in (batch := unwritten(appending.present, batch)):
                    last = self._attempted[id(pending)] = entry_id(pending.micros, slot, last)
                    shared = clocks.get(pending.digest) if pending.clock_row is None else pending.clock_row
                    at = dating.at(shared, pending.real_time)
                    rows.append(entry_row(last, pending.digest, at, pending.exchange))
                if rows:
                    appending.insert(rows)
                if self._tally is not None and (
                    covered := self._tally((p.digest, p.exchange) for p in batch)
                ):
                    appending.count(covered)
                for digest in self._trims.after(rows):
                    appending.trim(digest, self._limit, self._max_bytes)  # the newest, within the bound
            self._last_id = last
        except Exception as failure:  # the requests waiting on it report it; the writer goes on
            return failure
        return None
