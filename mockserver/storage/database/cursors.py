"""A PostgreSQL connection's cursors, kept from one statement to the next.

A psycopg cursor works out how to send each parameter's type and how to read each column's
type (its ``Transformer``'s dumpers and loaders), and keeps what it found while it runs the
same statement (the same query object) again. A cursor made for each statement worked them
out every time: a row of fifteen columns cost 92 us of CPU on a new cursor against 58 on one
that ran it last, and a request made two cursors (one booking) to ten (a merchant's create).
Kept here, a driver connection's cursors are taken for a statement or a pipeline, each the
cursor that ran its statement last where one is idle, and given back once their rows are read.
Each holds its last result until its next statement: the statements they serve read a few rows
each, and at most ``KEPT`` are kept.

A cursor whose block failed is closed, not given back: after a pipeline's error its state is
psycopg's to know. SQLite's cursors are not kept: one left after ``fetchone`` keeps its
statement open, and a new one costs next to nothing there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa

KEPT = 48
"""The most cursors a connection keeps between statements: one for each statement a worker runs
often, and a few for statements whose answers are not read."""

INFO_KEY = "booking_sandbox_cursors"
"""Where a pooled connection's ``KeptCursors`` live: its ``info``, which follows the driver's
connection from checkout to checkout and is dropped with it (a reconnection starts afresh)."""


class KeptCursors:
    """One driver connection's idle cursors, by the statement each ran last (``None``: any)."""

    __slots__ = ("_free", "_kept", "driver")

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self._free: dict[object, list[Any]] = {}
        self._kept = 0

    def take(self, statements: Sequence[object]) -> list[Any]:
        """A cursor for each statement (the one that ran it last, where it is idle), to be given
        back with the same statements once their rows are read, or closed."""
        taken = []
        for statement in statements:
            idle = self._free.get(statement)
            if idle:
                self._kept -= 1
                taken.append(idle.pop())
            else:
                taken.append(self.driver.cursor())
        return taken

    def give_back(self, statements: Sequence[object], cursors: list[Any]) -> None:
        for statement, cursor in zip(statements, cursors, strict=True):
            if self._kept < KEPT and not cursor.closed:
                self._free.setdefault(statement, []).append(cursor)
                self._kept += 1
            else:
                cursor.close()

    @contextmanager
    def taking(self, statements: Sequence[object]) -> Iterator[list[Any]]:
        """A cursor for each statement, for the block: given back if it ends well, closed if it
        raises."""
        cursors = self.take(statements)
        try:
            yield cursors
        except BaseException:
            close_all(cursors)
            raise
        self.give_back(statements, cursors)

    @contextmanager
    def one(self, statement: object = None) -> Iterator[Any]:
        with self.taking((statement,)) as [cursor]:
            yield cursor


def kept_cursors(connection: sa.Connection) -> KeptCursors:
    """The kept cursors of ``connection``'s driver connection (a PostgreSQL one)."""
    pooled = connection.connection
    kept: KeptCursors | None = pooled.info.get(INFO_KEY)
    if kept is None:
        kept = pooled.info[INFO_KEY] = KeptCursors(pooled.driver_connection)
    return kept


def close_all(cursors: list[Any]) -> None:
    for cursor in cursors:
        cursor.close()
