"""PostgreSQL's journal batch in two round trips, whatever it holds.

Each batch had been a transaction of its own statements, one round trip each: psycopg's
``BEGIN``, a clock row per sandbox, the insert, the coverage counts, a trim now and then and
the ``COMMIT``. Committed on the event loop (``control/journal_writer.py``), every round trip
holds the loop. Here the reads that date the entries go first, all in one pipeline (read
committed: outside the transaction they see what inside it they would), and the writes are
queued, then sent between a ``BEGIN`` and a ``COMMIT`` of their own in a second pipeline. The
slot's connection is in autocommit for that: psycopg would otherwise send its own ``BEGIN``
and wait for it, a pipeline's sync of its own. A statement that fails aborts the rest of the
pipeline, ``COMMIT`` included; the transaction left is rolled back, so a failed batch writes
nothing, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from mockserver.storage.control.journal_schema import count_rows, count_statement, journal
from mockserver.storage.database.cursors import KeptCursors
from mockserver.storage.statements.prepared import Prepared
from mockserver.storage.statements.prepared_statements import PreparedStatements
from mockserver.storage.tenancy.sandbox_rows import SHARED_ROW

POSTGRESQL_COUNT = count_statement("%s")


class PipelinedBatch:
    """One batch on the connection holding the process's slot (``journal_shards``): reads at
    once, writes when ``commit`` sends them."""

    def __init__(
        self,
        cursors: KeptCursors,
        statements: PreparedStatements,
        reads: tuple[sa.Executable, str],
        trims: Sequence[sa.Executable],
    ) -> None:
        driver = cursors.driver
        if not driver.autocommit:
            driver.autocommit = True  # the slot's session is idle between batches
        self._cursors = cursors
        self._statements = statements
        self._newest, self._present = reads  # the newest id, which of some ids are held
        self._trims = trims
        self._writes: list[Callable[[Any], None]] = []

    def clock_rows(self, digests: list[str]) -> dict[str, Any]:
        shared = self._prepared(SHARED_ROW)
        found = {}
        cursors = self._cursors.cursors(len(digests))
        with self._cursors.pipeline():
            for digest, cursor in zip(digests, cursors, strict=True):
                shared.send_on(cursor, {"digest": digest})
        for digest, cursor in zip(digests, cursors, strict=True):
            rows = shared.rows_from(cursor, first=True)
            if rows:
                found[digest] = rows[0]
        return found

    def newest_id(self) -> int:
        newest = self._prepared(self._newest)
        [row] = newest.run_on(self._cursors.cursor(), {})
        return int(row[0] or 0)

    def present(self, ids: list[int]) -> set[int]:
        cursor = self._cursors.cursor()
        cursor.execute(self._present % ", ".join(["%s"] * len(ids)), ids)
        return {row[0] for row in cursor.fetchall()}

    def insert(self, rows: Sequence[Mapping[str, Any]]) -> None:
        insert = self._statements.prepared_insert(journal, tuple(rows[0]))
        assert insert is not None, "no journal column has a default SQLAlchemy fills in"
        self._writes.append(lambda cursor: insert.run_many_on(cursor, rows))

    def count(self, rows: Sequence[Mapping[str, Any]]) -> None:
        ordered = count_rows(rows)
        if len(ordered) == 1:  # in the pipeline already: executemany's own bookkeeping is for nothing
            self._writes.append(lambda cursor: cursor.execute(POSTGRESQL_COUNT, ordered[0]))
        else:
            self._writes.append(lambda cursor: cursor.executemany(POSTGRESQL_COUNT, ordered))

    def trim(self, digest: str, keep: int, max_bytes: int | None = None) -> None:
        by_count, by_bytes = (self._prepared(trim) for trim in self._trims)
        self._writes.append(lambda cursor: by_count.send_on(cursor, {"digest": digest, "skipped": keep - 1}))
        if max_bytes is not None:
            self._writes.append(
                lambda cursor: by_bytes.send_on(cursor, {"digest": digest, "max_bytes": max_bytes})
            )

    def commit(self) -> None:
        """Sends the queued writes in one transaction, in one round trip."""
        if not self._writes:
            return
        try:
            cursor = self._cursors.cursor()
            with self._cursors.pipeline():
                cursor.execute("BEGIN")
                for write in self._writes:
                    write(cursor)
                cursor.execute("COMMIT")
        except BaseException:
            if not self._cursors.driver.closed:
                self._cursors.driver.rollback()  # the transaction the failed statement left, if any
            raise
        finally:
            self._writes = []

    def _prepared(self, statement: sa.Executable) -> Prepared:
        prepared = self._statements.get(statement)
        assert prepared is not None, "the journal's statements are all preparable"
        return prepared
