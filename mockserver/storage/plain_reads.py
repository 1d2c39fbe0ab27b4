"""PostgreSQL's reads: each statement its own transaction, on connections no ping precedes.

A handler that only reads (a GET) had opened a transaction on a pooled connection: the pool's
ping, then ``BEGIN``, the tenant's clock row and the handler's selects, then ``COMMIT``, every
one a round trip. Read committed, which every PostgreSQL transaction here is, gives each
statement its own snapshot already, so autocommit sees what that transaction saw, less the
``BEGIN`` and the ``COMMIT``. The sessions are read-only (``default_transaction_read_only``):
a write that strayed into a read fails rather than commit on its own.

The ping guarded against a connection the server had dropped (a restart, a failover). The
tenant's clock row, a read's first statement, guards instead: a connection found dropped
there is let go and the read begins again on a fresh one, once; nothing was read on it yet.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import sqlalchemy as sa

T = TypeVar("T")

POOL_SIZE = 4
"""Connections a worker keeps for reads: its handlers run on two threads a core
(``http/handler_threads.py``)."""


class PlainReads:
    def __init__(self, main: sa.Engine) -> None:
        self._engine = sa.create_engine(
            main.url,
            isolation_level="AUTOCOMMIT",
            pool_size=POOL_SIZE,
            max_overflow=POOL_SIZE,
            pool_reset_on_return=None,
            connect_args={"options": "-c default_transaction_read_only=on"},
        )
        # Its connections close with the store that holds it, not later.
        weakref.finalize(self, self._engine.dispose)

    @classmethod
    def of(cls, main: sa.Engine) -> PlainReads | None:
        """PostgreSQL's; None for SQLite, whose reads keep their transaction (and a connection
        per thread)."""
        return cls(main) if main.dialect.name == "postgresql" else None

    @contextmanager
    def session(self, first: Callable[[sa.Connection], T]) -> Iterator[tuple[sa.Connection, T]]:
        """A connection for one read, and what ``first``, its first statement, found there."""
        for attempt in range(2):
            with self._engine.connect() as connection:
                try:
                    found = first(connection)
                except self._engine.dialect.loaded_dbapi.Error as error:
                    # The driver's own error: the statement ran prepared on its cursor.
                    dbapi = connection.connection.dbapi_connection
                    if attempt or not self._engine.dialect.is_disconnect(error, dbapi, None):
                        raise
                    connection.invalidate()
                    continue
                yield connection, found
                return

    def dispose(self) -> None:
        self._engine.dispose()
