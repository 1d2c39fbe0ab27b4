"""A handler's write transaction on PostgreSQL in fewer round trips.

A create made eleven round trips inside its sandbox's lock, each a send, a poll and a receive
that hold the event loop (``on_loop.py``): psycopg's ``BEGIN``, the locks, the clock row, the
customer's lookup, an id counter, the customer's insert, the duplicate check, the capacity
count, another id counter, the booking's insert and the ``COMMIT``. These take most of them
away, all inside one transaction, in the order its statements were asked for:

- **First reads.** What every write reads first (its tenant's clock row and id counters) is
  sent in the pipeline that takes its locks, after them, so it sees what the lock's last holder
  committed; an id is then taken from the counters read there (``kernel/rows.py``), and the
  counter's new value written behind.
- **Writes behind.** A statement whose answer nobody reads (an insert, an update without
  ``RETURNING``) is queued, and sent in one pipeline with whatever the transaction sends next:
  a read, a statement of SQLAlchemy's, or the ``COMMIT``. The server runs them in the order
  they were asked for; only the error of a failed one comes later, from the statement it was
  sent with, and aborts the transaction as it would have. A rollback drops the queue unsent.
- **Reads ahead.** A read its handler knows it will make from its request alone (a create's
  customer by their email, the bookings on the occurrence it asks for) is sent with the first
  reads, and its rows are kept for the statement with the same parameters when it comes. They
  were read under the lock, as that statement would have been; they are handed out only while
  nothing the transaction wrote could have changed them (no write to a table they read, and no
  statement of SQLAlchemy's, whose tables are not known here), else the statement goes out.
- **Reads named.** A read the transaction's code knows it will make once it has read something
  (a lifecycle booking's places and order lines, known by the booking's ids: ``name``) goes
  with the transaction's next read, after the writes queued before it, and is kept the same way.
  Where the same read went ahead under another key (those places by the booking's uuid), its
  kept rows answer it instead (``answer_as``), if no write has dropped them since.

SQLite's transactions (no round trips) and PostgreSQL's other writes run as they did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

import sqlalchemy as sa

from mockserver.storage.database.cursors import KeptCursors

WRITE_BEHIND_OPTION = "sandbox_write_behind"
"""The execution option that holds a transaction's ``WriteBehind`` (one transaction's)."""


class Prepared(Protocol):
    """A statement run on the driver's cursor (``statements.prepared.Prepared``, which runs its
    writes through here)."""

    def send_on(self, cursor: Any, params: Mapping[str, Any]) -> None: ...

    def rows_from(self, cursor: Any, *, first: bool = False) -> list[Any]: ...

    def queued(self, params: Mapping[str, Any]) -> tuple[str, Any]: ...

    @property
    def tables(self) -> frozenset[str]: ...

    @property
    def reads_only(self) -> bool: ...


class WriteBehind:
    """One PostgreSQL write transaction's first reads and the writes it has not sent yet."""

    def __init__(
        self,
        first_reads: Sequence[tuple[Prepared, Mapping[str, Any]]],
        check: Callable[[list[Any]], None] | None = None,
        ahead: Sequence[tuple[Prepared, Mapping[str, Any]]] = (),
    ) -> None:
        self._first_reads = [*first_reads, *ahead]
        self._ahead_from = len(first_reads)
        self._kept_reads: dict[tuple[Prepared, Any], list[Any]] = {}
        """Reads ahead's rows, by statement and parameters, until used or a write may change them."""
        self._named: dict[tuple[Prepared, Any], Mapping[str, Any]] = {}
        """Reads named to go with the next read, not sent yet."""
        self._check = check
        """Given the first first read's rows once received; may refuse the transaction by raising
        (``tenancy/first_reads.py``: a request that went on a row that has changed)."""
        self._first_rows: list[list[Any]] | None = None
        self._sent: list[Any] = []
        self._writes: list[tuple[str, Any]] = []
        self._cursors: KeptCursors | None = None
        self.kept: dict[object, Any] = {}
        """What the transaction's own code keeps of its first reads (its tenant's id counters)."""

    # as the transaction begins (``write_locks.begin_postgresql_transaction``)

    def send_first_reads(self, cursors: KeptCursors) -> None:
        """Sends the first reads, in the pipeline that has just asked for the locks, on the
        transaction's connection's cursors."""
        self._cursors = cursors
        self._sent = cursors.cursors(len(self._first_reads))
        for (prepared, params), cursor in zip(self._first_reads, self._sent, strict=True):
            prepared.send_on(cursor, params)

    def receive_first_reads(self) -> None:
        """Takes the first reads' rows, once their pipeline has synced."""
        sent = zip(self._first_reads, self._sent, strict=True)
        rows = [prepared.rows_from(cursor) for (prepared, _), cursor in sent]
        self._first_rows, self._sent = rows[: self._ahead_from], []
        ahead = zip(self._first_reads[self._ahead_from :], rows[self._ahead_from :], strict=True)
        for (prepared, params), kept in ahead:
            self._kept_reads[prepared, read_key(params)] = kept
        if self._check is not None:
            self._check(rows[0])

    def first_rows(self, index: int) -> list[Any] | None:
        """The rows of the ``index``-th first read; None if the transaction has not begun."""
        return None if self._first_rows is None else self._first_rows[index]

    # inside the transaction

    def write(self, prepared: Prepared, rows: Sequence[Mapping[str, Any]]) -> None:
        """Queues a statement whose answer is not read, once per parameter set."""
        self._written(prepared.tables)
        self._writes.extend(prepared.queued(params) for params in rows)

    def run(
        self, prepared: Prepared, params: Mapping[str, Any], *, first: bool, returns_rows: bool
    ) -> list[Any]:
        """Queues a write; runs a read, after the writes queued before it in one round trip (a
        read with the reads named to go with the next one, ``name``)."""
        if not returns_rows:
            self.write(prepared, [params])
            return []
        named: dict[tuple[Prepared, Any], Mapping[str, Any]] = {}
        if not prepared.reads_only:  # an id counter's UPDATE ... RETURNING
            self._written(prepared.tables)
        else:
            key = (prepared, read_key(params))
            if self._kept_reads and (kept := self._kept_reads.pop(key, None)) is not None:
                return kept[:1] if first else kept
            named, self._named = self._named, {}
            named.pop(key, None)
        on = self._on
        if not self._writes and not named:
            cursor = on.cursor()
            prepared.send_on(cursor, params)
            return prepared.rows_from(cursor, first=first)
        writes, cursor, *cursors = on.cursors(2 + len(named))
        with on.pipeline():
            self._send_writes(writes)
            for ((read, _), given), sent in zip(named.items(), cursors, strict=True):
                read.send_on(sent, given)
            prepared.send_on(cursor, params)
        for (key, _), sent in zip(named.items(), cursors, strict=True):
            self._kept_reads[key] = key[0].rows_from(sent)
        return prepared.rows_from(cursor, first=first)

    def name(self, prepared: Prepared, params: Mapping[str, Any]) -> None:
        """A read the transaction will make soon (found with what it read): sent with its next
        read, after the writes queued before that, and kept as a read ahead is."""
        key = (prepared, read_key(params))
        if key not in self._kept_reads:
            self._named[key] = params

    def answer_as(
        self, kept: tuple[Prepared, Mapping[str, Any]], asked: tuple[Prepared, Mapping[str, Any]]
    ) -> bool:
        """Whether ``kept``'s rows are still kept (no write since could have changed them); if so
        they answer ``asked`` instead, once, as ``ReadAhead.answer_as``."""
        return pass_on(self._kept_reads, kept, asked)

    def flush(self) -> None:
        """Sends the queued writes now (before a statement that is not sent through here)."""
        self._kept_reads.clear()
        if self._writes:
            with self._on.pipeline():
                self._send_writes(self._on.cursor())

    def commit(self) -> None:
        """Sends the queued writes and the ``COMMIT`` in one round trip (the driver's own
        ``commit`` then finds no transaction to end). Sent as a statement: the driver's
        ``commit`` inside a pipeline syncs, and the pipeline's end syncs again, an empty round trip."""
        if self._writes:
            cursor = self._on.cursor()
            with self._on.pipeline():
                self._send_writes(cursor)
                cursor.execute("COMMIT")
        self._cursors = None
        self._kept_reads.clear()
        self._named.clear()

    def discard(self) -> None:
        """Drops the queued writes: the transaction is rolled back."""
        self._writes, self._cursors, self._sent = [], None, []
        self._kept_reads.clear()
        self._named.clear()

    @property
    def begun(self) -> bool:
        return self._cursors is not None

    @property
    def _on(self) -> KeptCursors:
        """The transaction's connection's cursors (it has begun)."""
        assert self._cursors is not None, "the transaction has begun"
        return self._cursors

    def _written(self, tables: frozenset[str]) -> None:
        for read in [read for read in self._kept_reads if read[0].tables & tables]:
            del self._kept_reads[read]

    def _send_writes(self, cursor: Any) -> None:
        writes, self._writes = self._writes, []
        for sql, arguments in writes:
            cursor.execute(sql, arguments)


def pass_on(
    kept_rows: dict[tuple[Prepared, Any], list[Any]],
    kept: tuple[Prepared, Mapping[str, Any]],
    asked: tuple[Prepared, Mapping[str, Any]],
) -> bool:
    """Whether ``kept``'s rows are in ``kept_rows``; if so they are kept for ``asked`` instead."""
    rows = kept_rows.pop((kept[0], read_key(kept[1])), None)
    if rows is None:
        return False
    kept_rows[asked[0], read_key(asked[1])] = rows
    return True


def read_key(params: Mapping[str, Any]) -> Any:
    """A read's parameters as a key: the same values, the same key (a list's as a tuple)."""
    return tuple(sorted((name, tuple(v) if isinstance(v, list) else v) for name, v in params.items()))


def write_behind(connection: sa.Connection) -> WriteBehind | None:
    """The transaction's ``WriteBehind``, where it has one (a handler's write on PostgreSQL)."""
    behind: WriteBehind | None = connection.get_execution_options().get(WRITE_BEHIND_OPTION)
    return behind if behind is not None and behind.begun else None


def flush_before_statement(connection: sa.Connection, *_: Any) -> None:
    """``before_cursor_execute``: a statement of SQLAlchemy's goes after the writes queued before it."""
    behind = write_behind(connection)
    if behind is not None:
        behind.flush()


def commit_writes(connection: sa.Connection) -> None:
    """``commit``: the queued writes go with the ``COMMIT``."""
    behind = write_behind(connection)
    if behind is not None:
        behind.commit()


def discard_writes(connection: sa.Connection) -> None:
    """``rollback``: the queued writes are never sent."""
    behind = write_behind(connection)
    if behind is not None:
        behind.discard()
