"""A batch of journal entries appended to this process's shard, in one transaction.

Every request's entry is committed before its answer leaves, so this transaction is on
every request's path: one per turn of a worker's event loop. Through SQLAlchemy's
``Connection``, its begin and commit layers and the insert's execution cost as much as
SQLite's own commit (215 us of CPU for one entry, SQLite's part 70). So the batch runs on the
driver's cursor with the statements SQLAlchemy compiled once (``Prepared``), on both backends.
A SQLite shard is a file only this process writes (the slot it holds): its transactions run on
the driver's connection, kept for the process, begun as ``engine.py`` begins every write
(``BEGIN IMMEDIATE``, through the write gate). PostgreSQL's one journal table, which servers
on every host share, is written on the connection that holds the process's slot
(``journal_shards``), in two round trips (``journal_pipeline``): a restart of the server ends
that session, so the write fails rather than go out under a slot no longer held. There the
coverage counts had been compiled anew for every batch (a multi-row ``INSERT ... ON CONFLICT``
of the batch's size), and the clock rows that date the entries read on a connection of their
own (a checkout, its ping, a begin and a rollback).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Protocol

import sqlalchemy as sa

from mockserver.storage.control.journal_pipeline import PipelinedBatch
from mockserver.storage.control.journal_schema import count_rows, count_statement, journal
from mockserver.storage.database.cursors import kept_cursors
from mockserver.storage.statements.prepared import Prepared
from mockserver.storage.statements.prepared_statements import PreparedStatements, statements_for
from mockserver.storage.tenancy.sandbox_rows import SHARED_ROW

NEWEST = sa.select(sa.func.max(journal.c.id))
PRESENT = f"SELECT id FROM {journal.name} WHERE id IN (%s)"
"""Which of some entry ids the journal holds (``control/journal_doubts``): asked only after a
commit whose outcome is unknown, so written for the driver as it comes, not prepared."""
TRIM = sa.delete(journal).where(
    journal.c.sandbox_hash == sa.bindparam("digest"),
    journal.c.id
    < sa.select(journal.c.id)
    .where(journal.c.sandbox_hash == sa.bindparam("digest"))
    .order_by(journal.c.id.desc())
    .offset(sa.bindparam("skipped"))
    .limit(1)
    .scalar_subquery(),
)
"""Leaves a sandbox's newest ``skipped + 1`` entries in the shard."""
_RUNNING = (
    sa.select(
        journal.c.id,
        sa.func.sum(journal.c.stored_bytes)
        .over(order_by=journal.c.id.desc(), rows=(None, 0))
        .label("running"),
    )
    .where(journal.c.sandbox_hash == sa.bindparam("digest"))
    .subquery()
)
TRIM_BYTES = sa.delete(journal).where(
    journal.c.sandbox_hash == sa.bindparam("digest"),
    journal.c.id
    <= sa.select(_RUNNING.c.id)
    .where(_RUNNING.c.running > sa.bindparam("max_bytes"))
    .order_by(_RUNNING.c.id.desc())
    .limit(1)
    .scalar_subquery(),
)
"""Leaves a sandbox's newest entries whose bytes, summed newest first, stay within ``max_bytes``."""
STORED = sa.select(sa.func.coalesce(sa.func.sum(journal.c.stored_bytes), 0)).where(
    journal.c.sandbox_hash == sa.bindparam("digest")
)
"""What a sandbox's entries hold in all: its index alone, no running sums (``_OnTheDriver.trim``)."""


class Appending(Protocol):
    """One shard's transaction, as the journal writer uses it."""

    def newest_id(self) -> int:
        """The newest id in the shard (0 for an empty one)."""

    def present(self, ids: list[int]) -> set[int]:
        """Which of ``ids`` the shard holds."""

    def insert(self, rows: Sequence[Mapping[str, Any]]) -> None: ...

    def trim(self, digest: str, keep: int, max_bytes: int | None = None) -> None:
        """Keeps the sandbox's newest ``keep`` entries in this shard, within ``max_bytes``."""

    def count(self, rows: Sequence[Mapping[str, Any]]) -> None:
        """Adds each row's ``count`` to the coverage it names (``journal_schema.coverage``)."""

    def clock_rows(self, digests: list[str]) -> dict[str, Any]:
        """The sandboxes' rows in the main database (``SHARED_ROW``), whose clocks date their
        entries, by hash (none for a sandbox gone); PostgreSQL's only (a SQLite shard is a file
        apart from the main one)."""


class ShardAppends:
    """Transactions on one process's shard (under its journal writer's commit lock)."""

    def __init__(self, dialect: sa.Dialect) -> None:
        self._statements = statements_for(dialect)
        self._kept: tuple[sa.Engine, Any] | None = None  # a SQLite shard's driver connection

    @contextmanager
    def transaction(self, shard: sa.Engine, lease: sa.Connection | None = None) -> Iterator[Appending]:
        """A transaction on ``shard``: committed unless the block raises, rolled back if it does.
        On PostgreSQL it runs on ``lease``, the connection holding the process's slot: its reads
        at once, its writes queued and sent in one round trip as the block ends."""
        if shard.dialect.name != "sqlite":
            assert lease is not None, "PostgreSQL's journal is written under the process's slot"
            batch = PipelinedBatch(
                kept_cursors(lease), self._statements, (NEWEST, PRESENT), (TRIM, TRIM_BYTES)
            )
            yield batch
            batch.commit()
            return
        driver = self._driver_connection(shard)
        driver.begin("IMMEDIATE")  # the gated connection's (engine.py): through the write gate
        cursor = driver.cursor()
        try:
            yield _OnTheDriver(cursor, self._statements, SQLITE_COUNT)
        except BaseException:
            cursor.close()
            driver.rollback()
            raise
        cursor.close()
        try:
            driver.commit()
        except BaseException:
            driver.rollback()  # a failed COMMIT leaves the transaction open
            raise

    def close(self) -> None:
        if self._kept is not None:
            self._kept[1].close()
            self._kept = None

    def _driver_connection(self, shard: sa.Engine) -> Any:
        if self._kept is None or self._kept[0] is not shard:
            self.close()
            # The pool's connection, set up by the engine's "connect" event (WAL, no implicit
            # transactions); kept out of the pool for the process's lifetime.
            self._kept = (shard, shard.raw_connection())
        return self._kept[1].driver_connection


SQLITE_COUNT = count_statement("?")


class _OnTheDriver:
    def __init__(self, cursor: Any, statements: PreparedStatements, count: str) -> None:
        self._cursor = cursor
        self._statements = statements
        self._count = count

    def count(self, rows: Sequence[Mapping[str, Any]]) -> None:
        self._cursor.executemany(self._count, count_rows(rows))

    def clock_rows(self, digests: list[str]) -> dict[str, Any]:
        shared = self._prepared(SHARED_ROW)
        found = {digest: shared.run_on(self._cursor, {"digest": digest}, first=True) for digest in digests}
        return {digest: rows[0] for digest, rows in found.items() if rows}

    def newest_id(self) -> int:
        [row] = self._prepared(NEWEST).run_on(self._cursor, {})
        return int(row[0] or 0)

    def present(self, ids: list[int]) -> set[int]:
        return {row[0] for row in self._cursor.execute(PRESENT % ", ".join("?" * len(ids)), ids)}

    def insert(self, rows: Sequence[Mapping[str, Any]]) -> None:
        insert = self._statements.prepared_insert(journal, tuple(rows[0]))
        assert insert is not None, "no journal column has a default SQLAlchemy fills in"
        insert.run_many_on(self._cursor, rows)

    def trim(self, digest: str, keep: int, max_bytes: int | None = None) -> None:
        self._prepared(TRIM).run_on(self._cursor, {"digest": digest, "skipped": keep - 1})
        # The running sums walk the sandbox's entries in SQLite's window machinery (942 us for
        # 1,064 entries, at a trim every hundred entries) where their total takes 119 us, and
        # most sandboxes' entries stay within the bound. (PostgreSQL's run in its pipeline.)
        if (
            max_bytes is not None
            and self._prepared(STORED).run_on(self._cursor, {"digest": digest})[0][0] > max_bytes
        ):
            self._prepared(TRIM_BYTES).run_on(self._cursor, {"digest": digest, "max_bytes": max_bytes})

    def _prepared(self, statement: sa.Executable) -> Prepared:
        prepared = self._statements.get(statement)
        assert prepared is not None, "the journal's statements are all preparable"
        return prepared
