"""PostgreSQL's reads: each statement its own transaction, on connections no ping precedes.

A handler that only reads (a GET) had opened a transaction on a pooled connection: the pool's
ping, then ``BEGIN``, the tenant's clock row and the handler's selects, then ``COMMIT``, every
one a round trip. Read committed, which every PostgreSQL transaction here is, gives each
statement its own snapshot already, so autocommit sees what that transaction saw, less the
``BEGIN`` and the ``COMMIT``. The sessions are read-only (``default_transaction_read_only``):
a write that strayed into a read fails rather than commit on its own.

The ping guarded against a connection the server had dropped (a restart, a failover). Two
guards stand in its place: a checkout gives out no connection whose server has said anything
since it came back (``engine.refuse_if_closed_by_server``, no round trip), and a read's first
statement, if it finds the connection dropped all the same, lets it go and begins again on a
fresh one, once; nothing was read on it yet. The first guard is the one left to a read whose
clock row its request read already (``tenancy/first_reads.py``). The same sessions serve
the reads of one statement made before a request's own (``AloneReads``: a sandbox's fault
rules, its webhook endpoints): through the main pool each was a checkout and its ping, the
begin the select opened and the rollback that closed it (py-spy: the fault rules cost more of
a worker than the handler, 31 % against 28 %). Statements run prepared on the driver's cursor
(``prepared.py``), so a dropped connection shows as the driver's own error, and SQLAlchemy's
disconnect test is asked here. Reads and fault rules are served on the event loop
(``storage/on_loop.py``, ``control/traffic.py``), so a connection is given up on after
``CONNECT_TIMEOUT_S``, not the system's TCP time-out (minutes). A worker's event loop runs its
reads one after another, so it keeps one connection for them (``KeptConnection``), asked before
each read what a checkout asks; a checkout and a new ``sa.Connection`` per read were 7.6 % of
a GET's instructions.
"""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event

from mockserver.storage.database.engine import HIDE_PARAMETERS, KeptConnection, refuse_if_closed_by_server
from mockserver.storage.database.read_ahead import READ_AHEAD_OPTION, send_before_statement
from mockserver.storage.kernel.json_columns import dump_json, load_json
from mockserver.storage.statements.prepared_statements import statements_for

T = TypeVar("T")

PLAIN_READ_OPTION = "booking_sandbox_plain_read"
"""Set on every connection of ``PlainReads``: a ledger there knows each statement is a round
trip, and that nothing it reads can change under it by its own hand (the session is read-only)."""


def plain_read(connection: sa.Connection) -> bool:
    return bool(connection.get_execution_options().get(PLAIN_READ_OPTION))


POOL_SIZE = 4
"""Connections a worker keeps for reads: its event loop's, and its handlers' threads' (two a
core, ``http/handler_threads.py``)."""
CONNECT_TIMEOUT_S = 5


class PlainReads:
    def __init__(self, main: sa.Engine) -> None:
        self._engine = sa.create_engine(
            main.url,
            isolation_level="AUTOCOMMIT",
            execution_options={PLAIN_READ_OPTION: True},
            pool_size=POOL_SIZE,
            max_overflow=POOL_SIZE,
            pool_reset_on_return=None,
            json_serializer=dump_json,
            json_deserializer=load_json,
            hide_parameters=HIDE_PARAMETERS,
            connect_args={
                "options": "-c default_transaction_read_only=on",
                "connect_timeout": CONNECT_TIMEOUT_S,
                "prepare_threshold": None,  # the store's own names (``named_statements.py``)
            },
        )
        event.listen(self._engine, "checkout", refuse_if_closed_by_server)
        event.listen(self._engine, "before_cursor_execute", send_before_statement)
        self._kept = KeptConnection()
        self._lent = threading.local()  # "lent": whether this thread's kept connection is in use
        # Its connections close with the store that holds it, not later.
        weakref.finalize(self, _close, self._kept, self._engine)

    @classmethod
    def of(cls, main: sa.Engine) -> PlainReads | None:
        """PostgreSQL's; None for SQLite, whose reads keep their transaction (and a connection
        per thread)."""
        return cls(main) if main.dialect.name == "postgresql" else None

    @contextmanager
    def session(self, first: Callable[[sa.Connection], T]) -> Iterator[tuple[sa.Connection, T]]:
        """A connection for one read, and what ``first``, its first statement, found there."""
        for attempt in range(2):
            with self._connection() as connection:
                try:
                    found = first(connection)
                except self._engine.dialect.loaded_dbapi.Error as error:
                    dbapi = connection.connection.dbapi_connection
                    if attempt or not self._engine.dialect.is_disconnect(error, dbapi, None):
                        raise
                    connection.invalidate()
                    continue
                yield connection, found
                return

    @contextmanager
    def _connection(self) -> Iterator[sa.Connection]:
        """An event loop's reads follow each other on one connection it keeps (a checkout, its
        check and a new ``sa.Connection`` per read were 7.6 % of a GET's instructions). Another
        thread's read (a handler's write path, a control handler), or a read inside a read,
        takes one from the pool."""
        if getattr(self._lent, "lent", False) or not on_a_loop():
            with self._engine.connect() as connection:
                yield connection
            return
        connection = self._kept.checked(self._engine)
        self._lent.lent = True
        try:
            yield connection
        finally:
            self._lent.lent = False
            connection.execution_options(**{READ_AHEAD_OPTION: None})
            # As a pooled connection's close would: SQLAlchemy's own (autocommit: nothing is
            # sent), which an invalidated connection needs before its next use takes a fresh
            # one from the pool.
            if connection.in_transaction() or connection.invalidated:
                connection.rollback()

    def dispose(self) -> None:
        _close(self._kept, self._engine)


class AloneReads:
    """Reads of one statement, outside any request's transaction: in a ``PlainReads`` session
    on PostgreSQL, on a connection of the main pool on SQLite."""

    def __init__(self, main: sa.Engine, plain: PlainReads | None) -> None:
        self._main = main
        self._plain = plain
        self._statements = statements_for(main.dialect)

    def all(self, statement: sa.Executable, params: Mapping[str, Any] | None = None) -> list[Any]:
        """The statement's rows (a select built once, its values in ``params``)."""
        given = params or {}
        if self._plain is None:
            with self._main.connect() as connection:
                return self._statements.all(connection, statement, given)
        with self._plain.session(lambda connection: self._statements.all(connection, statement, given)) as (
            _,
            rows,
        ):
            return rows


def _close(kept: KeptConnection, engine: sa.Engine) -> None:
    kept.close()
    engine.dispose()


def on_a_loop() -> bool:
    """Whether this thread runs an event loop (a worker's: its reads take turns on it)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
