"""Where the journal lives: one SQLite file per writing process, read together.

Every request is journaled. Had all worker processes written to one database,
they would all queue for its one write lock (the brief's "one global lock
across workers"). Instead each process writes only its own shard,
``<db>.journal/shard-<slot>.db``, and a read opens every shard (readers never
block a writer in WAL mode). A process takes the lowest free slot by holding an
``flock`` on ``shard-<slot>.lock`` for its lifetime, so a restarted worker
reuses a slot and the number of files stays bounded by how many processes ever
ran at once. PostgreSQL keeps the journal in its own table, one shard that servers on
every host write to and read from; there a process's slot is a session advisory lock, held
by a connection kept for it, so two processes on two hosts never hold one slot and their ids
never collide. The journal is written through that same connection (``lease``): a restart of
the server ends the session and its lock, so the next write fails instead of going out under a
slot another process may have taken since, and the slot is leased again (``lost_lease``).
"""

from __future__ import annotations

import fcntl
import threading
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa

from mockserver.storage.control.journal_pending import PendingMark, PendingReader, pending_path
from mockserver.storage.control.journal_schema import journal, metadata
from mockserver.storage.database.engine import create_engine, database_file, writing
from mockserver.storage.database.write_locks import lock_key
from mockserver.storage.migrations import ensure_schema, made_as_before

TRY_SLOT = "SELECT pg_try_advisory_lock(%s)"
INDEX_WALKS = ("SET enable_seqscan = off", "SET enable_bitmapscan = off")
"""The slot's session walks the journal's indexes, whatever the table's statistics say.

Every statement of a batch finds its rows by an index: the sandboxes' rows by key, the newest
id, the coverage rows, and the trims, which walk a sandbox's newest entries to find where the
limit and the bound fall. Until the table is first analysed (autovacuum, within a minute or
so, and again after each tenth of it changes), the planner guesses a sandbox holds a hundred
entries, and walks them as a bitmap: every index entry of the sandbox, dead ones too, each
heap page they name, then a sort. Under load, trims leave tens of thousands of dead entries
between vacuums: a trim's walk visited 2,887 pages and took 2.0 to 3.3 ms where, backwards
along the index, it visits about 1,000 and takes 0.24 to 0.46 ms (one sandbox's 1,000
entries, 20,000 dead). Analysed, with one sandbox in the table, it scanned the whole heap."""
SHARD_CACHE_KIB = 1024
"""A shard's connections keep at most 1 MiB of its pages each, not SQLite's 2 MB.

A shard is appended to at one end and trimmed at the other: a page is written once and read
again by the trim that deletes its entries (or a read of the journal, now and then). With
SQLite's default each connection kept up to 2 MB of them; after `serving.py`'s loads a server
of two workers took 148-150 MB (PSS), 146 MB with this bound, rates alike. At 512 KiB (145 MB)
the trims read their pages from the file again, and GETs lost 2 % (three alternated pairs:
-3.7, -1.5, -2.0 %)."""
SHARD_SLOTS = 64
"""Processes that can journal into one database at once; ids leave room for this many."""
OLD_INDEX = "ix_journal_sandbox_id"
"""A shard's index before migration 0009, replaced when an older release's shard is opened."""


def entry_id(micros: int, slot: int, last: int) -> int:
    """A journal id: time-ordered, unique across shards, increasing within one. ``last`` may
    be another slot's (PostgreSQL's one table, another host's clock ahead of ours): the id
    still ends in our own slot, so it never meets another process's."""
    candidate = micros * SHARD_SLOTS + slot
    return candidate if candidate > last else (last // SHARD_SLOTS + 1) * SHARD_SLOTS + slot


class JournalShards:
    def __init__(self, main: sa.Engine) -> None:
        self._main = main
        database = database_file(main)
        self._directory = None if database is None else Path(f"{database}.journal")
        self._readers: dict[Path, sa.Engine] = {}
        self._own: tuple[int, sa.Engine] | None = None
        self._slot_lock: IO[bytes] | None = None
        self._slot_lease: sa.Connection | None = None
        self._mark: PendingMark | None = None
        self._pending = None if self._directory is None else PendingReader(self._directory)
        self._lock = threading.Lock()
        if self._directory is None:
            ensure_schema(main)

    def own(self) -> tuple[int, sa.Engine]:
        """This process's slot and shard, taken on first use (so by the worker, not its parent)."""
        with self._lock:
            if self._own is None:
                self._own = self._take_slot()
            return self._own

    def lease(self) -> sa.Connection | None:
        """The connection holding this process's slot on PostgreSQL, which every journal write
        goes through; None for SQLite shards (their slot is a file lock held for the process)."""
        self.own()
        return self._slot_lease

    def lease_broken(self) -> bool:
        """Whether the slot's session has ended under a write on its driver's connection (whose
        errors reach the writer as psycopg's own, not SQLAlchemy's, which would say so)."""
        lease = self._slot_lease
        if lease is None or lease.invalidated:
            return lease is not None
        driver = lease.connection.driver_connection
        return bool(driver is None or driver.closed or getattr(driver, "broken", False))

    def lost_lease(self) -> None:
        """The lease's session ended (the server restarted): the slot is another's to take, so
        the next ``own`` leases one again, with a new connection."""
        with self._lock:
            if self._slot_lease is not None:
                self._slot_lease.invalidate()
                self._slot_lease.close()
                self._slot_lease = None
                self._own = None

    def mark(self) -> PendingMark | None:
        """This process's pending mark (``journal_pending``): a SQLite shard's; none on PostgreSQL."""
        self.own()
        return self._mark

    def wait_for_pending(self) -> None:
        """Returns once every entry any process has answered is committed (``journal_pending``)."""
        if self._pending is not None:
            self._pending.wait()

    def readers(self) -> list[sa.Engine]:
        """Every shard there is, this process's included."""
        if self._directory is None:
            return [self._main]
        with self._lock:
            for path in sorted(self._directory.glob("shard-*.db")):
                if path not in self._readers:
                    self._readers[path] = _shard_engine(path)
            return list(self._readers.values())

    def close(self) -> None:
        with self._lock:
            for engine in self._readers.values():
                engine.dispose()
            self._readers.clear()
            if self._own is not None and self._directory is not None:
                self._own[1].dispose()
            self._own = None
            if self._mark is not None:
                self._mark.close()
                self._mark = None
            if self._pending is not None:
                self._pending.close()
            if self._slot_lock is not None:
                self._slot_lock.close()  # releases the flock: the slot is free again
                self._slot_lock = None
            if self._slot_lease is not None:
                # Closed for good, not returned to the pool: its session's lock goes with it.
                self._slot_lease.invalidate()
                self._slot_lease.close()
                self._slot_lease = None

    def _take_slot(self) -> tuple[int, sa.Engine]:
        if self._directory is None:
            return self._lease_slot(), self._main
        self._directory.mkdir(parents=True, exist_ok=True)
        for slot in range(SHARD_SLOTS):
            handle = (self._directory / f"shard-{slot}.lock").open("ab")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            self._slot_lock = handle
            self._mark = PendingMark(pending_path(self._directory, slot))
            path = self._directory / f"shard-{slot}.db"
            engine = self._readers.get(path) or _shard_engine(path)
            self._readers[path] = engine
            return slot, engine
        raise RuntimeError(f"more than {SHARD_SLOTS} processes are journaling into {self._directory}")

    def _lease_slot(self) -> int:
        lease = self._main.connect()
        try:
            for slot in range(SHARD_SLOTS):
                taken = lease.exec_driver_sql(TRY_SLOT, (lock_key(f"journal slot {slot}"),)).scalar()
                lease.commit()  # the lock is the session's: it outlives the transaction
                if taken:
                    for setting in INDEX_WALKS:
                        lease.exec_driver_sql(setting)
                    lease.commit()  # the session's settings, as its lock: never returned to the pool
                    self._slot_lease = lease
                    return slot
        except BaseException:
            lease.close()
            raise
        lease.close()
        raise RuntimeError(f"more than {SHARD_SLOTS} processes are journaling into one database")


def _shard_engine(path: Path) -> sa.Engine:
    engine = create_engine(str(path))
    sa.event.listen(engine, "connect", _bound_cache)
    _create_schema(engine)
    return engine


def _bound_cache(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute(f"PRAGMA cache_size=-{SHARD_CACHE_KIB}")  # negative: KiB, not pages


def _create_schema(engine: sa.Engine) -> None:
    with writing(engine) as connection:
        tables = connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'")
        if not tables.all():  # a new shard (every app's, in a test process): made as the first was
            made_as_before(
                connection, "journal shard", lambda: metadata.create_all(connection, checkfirst=False)
            )
            return
        metadata.create_all(connection, checkfirst=True)
        # A shard an older release made (a server's --db reused after an upgrade).
        columns = {column["name"] for column in sa.inspect(connection).get_columns("journal")}
        if "stored_bytes" not in columns:
            connection.exec_driver_sql(
                "ALTER TABLE journal ADD COLUMN stored_bytes INTEGER NOT NULL DEFAULT 0"
            )
        # The index before entries' sizes were in it (migration 0009 says why).
        connection.exec_driver_sql(f"DROP INDEX IF EXISTS {OLD_INDEX}")
        for index in journal.indexes:
            index.create(connection, checkfirst=True)
