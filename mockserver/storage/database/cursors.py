"""A PostgreSQL connection's cursors: each statement sent through libpq under a name of the
connection's own (``named_statements.py``), its answer kept on its cursor till read.

A psycopg cursor worked out how to send each parameter and read each column and kept it while
it ran the same statement again, so the store kept a cursor per statement. Here the
connection's ``Transformer`` does that work, and a cursor is no more than where a statement's
answer waits: one is made for each statement whose answer a block reads, and dropped after. A
block's statements go out together in ``pipeline``; outside one, each is a round trip alone.
SQLAlchemy's own statements still go through psycopg's cursors, unprepared (psycopg's
preparing is off on these connections: ``named_statements.py`` says why).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

if TYPE_CHECKING:
    from mockserver.storage.database.named_statements import NamedStatements

INFO_KEY = "booking_sandbox_cursors"
"""Where a pooled connection's ``KeptCursors`` live: its ``info``, which follows the driver's
connection from checkout to checkout and is dropped with it (a reconnection starts afresh,
and so do its names)."""


class Cursor:
    """Where one statement's answer waits (a DB-API cursor's part the store uses)."""

    __slots__ = ("_at", "_result", "_session")

    def __init__(self, session: NamedStatements) -> None:
        self._session = session
        self._result: Any = None
        self._at = 0

    def execute(self, sql: str, args: Any = None) -> None:
        self._result = None
        self._session.send(self, sql, args)

    def executemany(self, sql: str, many: Sequence[Any]) -> None:
        """Each set of arguments, in one pipeline; the answer kept is the last one's."""
        self._result = None
        with self._session.pipeline():
            for args in many:
                self._session.send(self, sql, args)

    def answered(self, result: Any) -> None:
        """The statement's answer (``None``: it failed, or never ran)."""
        self._result, self._at = result, 0

    @property
    def description(self) -> list[tuple[str, int]] | None:
        """Each column's name and type, worked out when asked: a statement's row maker asks once
        (``Prepared``), where working it out for every answer cost a GET of one booking 3 %."""
        result = self._result
        if result is None or not result.nfields:
            return None
        return [(result.fname(i).decode(), result.ftype(i)) for i in range(result.nfields)]

    def fetchall(self) -> list[tuple[Any, ...]]:
        result = self._answer()
        rows = self._session.rows(result, self._at, result.ntuples)
        self._at = result.ntuples
        return rows

    def fetchone(self) -> tuple[Any, ...] | None:
        result = self._answer()
        if self._at >= result.ntuples:
            return None
        self._at += 1
        return self._session.rows(result, self._at - 1, self._at)[0]

    def _answer(self) -> Any:
        if self._result is None:
            raise sa.exc.InvalidRequestError("the statement has no answer to read")
        return self._result


class KeptCursors:
    """One driver connection's statements (``NamedStatements``), and cursors for them."""

    __slots__ = ("session",)

    def __init__(self, driver: Any) -> None:
        # psycopg is an extra: a SQLite server never imports it.
        from mockserver.storage.database.named_statements import NamedStatements  # noqa: PLC0415

        self.session = NamedStatements(driver)

    @property
    def driver(self) -> Any:
        """The psycopg connection the statements go on (the session's)."""
        return self.session.driver

    def cursor(self) -> Cursor:
        """Where a statement's answer waits (one each, for the answers a block reads)."""
        return Cursor(self.session)

    def cursors(self, count: int) -> list[Cursor]:
        return [Cursor(self.session) for _ in range(count)]

    def pipeline(self) -> AbstractContextManager[None]:
        """The block's statements go out together as it ends (its first error raised then)."""
        return self.session.pipeline()


def kept_cursors(connection: sa.Connection) -> KeptCursors:
    """The kept cursors of ``connection``'s driver connection (a PostgreSQL one)."""
    pooled = connection.connection
    kept: KeptCursors | None = pooled.info.get(INFO_KEY)
    if kept is None:
        kept = pooled.info[INFO_KEY] = KeptCursors(pooled.driver_connection)
    return kept
