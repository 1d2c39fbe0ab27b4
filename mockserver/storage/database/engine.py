"""Database engine set-up: the one place that knows each backend's quirks.

Two backends are supported. **SQLite** (a file): several uvicorn workers share it; WAL lets readers run
beside a writer, and ``BEGIN IMMEDIATE`` takes the write lock at the start of a write transaction, so a
capacity check and the insert that relies on it cannot interleave with another process's; writers queue
for it at a gate (``write_gate.py``), not in SQLite's sleeping retries. **PostgreSQL**
(``postgresql+psycopg://``): several servers on several hosts share it; a write transaction names the
sandboxes it changes (``write_locks.py``) and begins by taking a transaction-scoped advisory lock on
each, so writes to one sandbox take turns and writes to different sandboxes never wait for each other.
Reads block nobody: a plain BEGIN on SQLite, autocommit on PostgreSQL (``plain_reads.py``).
"""

from __future__ import annotations

import select
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from mockserver.storage.calendar import schema as calendar_tables
from mockserver.storage.control import schema as control_tables
from mockserver.storage.database.checkpoints import BACKSTOP_PAGES, Checkpoints
from mockserver.storage.database.urls import backend_of, database_file_of, database_url
from mockserver.storage.database.write_behind import commit_writes, discard_writes, flush_before_statement
from mockserver.storage.database.write_gate import WriteGate, gated_connection_class
from mockserver.storage.database.write_locks import (
    BEGIN_MODE_OPTION,
    begin_postgresql_transaction,
    implicit_transactions,
    write_options,
)
from mockserver.storage.kernel.json_columns import dump_json, load_json
from mockserver.storage.lifecycle import schema as lifecycle_tables
from mockserver.storage.reseller import schema as reseller_tables
from mockserver.storage.slots import schema as slots_tables

# Each context keeps its tables in its own schema module, all on the one metadata.
CONTEXT_TABLES = (slots_tables, calendar_tables, lifecycle_tables, reseller_tables, control_tables)

THREAD_POOL_SIZE = 40  # anyio's default limit of worker threads
POSTGRES_POOL_SIZE = 10
"""Connections a worker keeps open to PostgreSQL (and as many more under a burst). Smaller
than the thread pool: a team runs several servers of several workers on one database, whose
default ``max_connections`` is 100; a request that finds none free waits for one."""


def database_file(engine: sa.Engine) -> Path | None:
    """The engine's SQLite file, for what lives beside it; ``None`` for any other database."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


HIDE_PARAMETERS = True
"""A failed statement's message names no values: "storage unavailable on PUT /_sandbox/state"
logged every row of the import it was writing (4 KB of a sandbox's customers a line)."""


def create_engine(db: str) -> sa.Engine:
    url = database_url(db)
    if backend_of(db) == "postgresql":
        return _postgresql_engine(url)
    path = Path(database_file_of(db))
    connection_class = gated_connection_class(WriteGate(Path(f"{path}-writer.lock")), Checkpoints(path))
    engine = sa.create_engine(
        url,
        connect_args={"timeout": 30, "check_same_thread": False, "factory": connection_class},
        # Connexion runs sync handlers on anyio's thread pool, up to 40 at once.
        # A smaller pool opened and closed a connection (and ran its PRAGMAs)
        # for most requests under load.
        pool_size=THREAD_POOL_SIZE,
        max_overflow=8,
        json_serializer=dump_json,
        json_deserializer=load_json,
        hide_parameters=HIDE_PARAMETERS,
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


def _postgresql_engine(url: str) -> sa.Engine:
    engine = sa.create_engine(
        url,
        connect_args={"prepare_threshold": None},  # the store's own names: named_statements.py
        pool_size=POSTGRES_POOL_SIZE,
        max_overflow=POSTGRES_POOL_SIZE,
        json_serializer=dump_json,
        json_deserializer=load_json,
        hide_parameters=HIDE_PARAMETERS,
    )
    # A team's database outlives its servers' connections (restarts, failovers).
    event.listen(engine, "checkout", refuse_if_closed_by_server)
    event.listen(engine, "begin", begin_postgresql_transaction)
    event.listen(engine, "checkin", implicit_transactions)
    # A handler's writes wait to go with what its transaction sends next (``write_behind.py``).
    event.listen(engine, "before_cursor_execute", flush_before_statement)
    event.listen(engine, "commit", commit_writes)
    event.listen(engine, "rollback", discard_writes)
    return engine


def refuse_if_closed_by_server(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled connection is given out only if its server has said nothing since it came back:
    an idle session is sent nothing, except as the server ends it (a restart's FATAL message,
    then the socket's end). SQLAlchemy's ``pool_pre_ping`` asked the server instead: two round
    trips on every write, the ``BEGIN`` its select opened and the select. Refused, the pool
    makes a new connection in its place."""
    if dbapi_connection.closed:
        raise sa.exc.DisconnectionError("the connection was closed")
    # poll, not select: a busy process's descriptors pass select's limit of 1,024.
    events = select.poll()
    events.register(dbapi_connection.fileno(), select.POLLIN)
    if events.poll(0):
        raise sa.exc.DisconnectionError("the server ended the session while it was in the pool")


def _configure_sqlite_connection(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event, not the sqlite3 module, decide how transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout=30000")
    # Switching to WAL needs the file to itself, and SQLite answers "database is locked" at
    # once instead of waiting while another worker is creating the schema. WAL is a property
    # of the file: ``serve`` sets it before starting workers, so here it is only read.
    if cursor.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Checkpoints run beside the writers (checkpoints.py); a writer's own is the backstop.
    cursor.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
    cursor.close()


def _begin_sqlite_transaction(connection: sa.Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_MODE_OPTION, "DEFERRED")
    # A write waits at the gate (write_gate.py), then begins with the database to itself:
    # one writer at a time, so the locks a write names are already held.
    connection.connection.driver_connection.begin(mode)  # type: ignore[union-attr]


def connection_lost(engine: sa.Engine) -> Callable[[BaseException], bool]:
    """Whether an error is the database going away under a request (a PostgreSQL restart, a
    dropped connection), not a statement's fault: the request changed nothing it was answered
    for, and the same request may succeed in a moment. SQLite's own errors are the sandbox's."""
    server = engine.dialect.name == "postgresql"
    # psycopg's own, unwrapped: what a pipeline on the driver's connection raises.
    driver = engine.dialect.loaded_dbapi
    lost_by_driver = (driver.OperationalError, driver.InterfaceError) if server else ()

    def lost(error: BaseException) -> bool:
        if isinstance(error, sa.exc.DBAPIError):
            return error.connection_invalidated or (
                server and isinstance(error, (sa.exc.OperationalError, sa.exc.InterfaceError))
            )
        return isinstance(error, lost_by_driver)

    return lost


def writing(engine: sa.Engine, *locks: str) -> AbstractContextManager[sa.Connection]:
    """A write transaction on ``engine`` holding ``locks`` (see ``write_options``); committed
    unless the block raises."""
    return _pooled(engine, write_options(*locks))


def snapshot(engine: sa.Engine) -> AbstractContextManager[sa.Connection]:
    """A read transaction that sees the database at one moment, whatever commits beside it.
    PostgreSQL's read committed gives each statement a moment of its own: a state export read
    the clock, then bookings another server made after it, and its own import refused the
    document ("created_at lies after the document's clock"). SQLite's read transaction in WAL
    is one moment already, from its first read."""
    postgresql = engine.dialect.name == "postgresql"
    return _pooled(engine, {"isolation_level": "REPEATABLE READ"} if postgresql else {})


class KeptConnection:
    """A connection kept, one per thread, for transactions that follow each other there (a
    SQLite journal shard's commits; a worker's reads on its event loop and the writes of its
    writer thread, ``on_loop.SteadyConnections``): checking one out of the pool and setting it
    up took 34 us of a write transaction, beginning and committing on a kept one 13. On
    PostgreSQL, whose server may restart under one, an event loop's reads keep one and its
    handlers' writes another, each ``checked`` before use (``plain_reads``, ``loop_writes``)."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._threads = threading.local()
        self._all: list[sa.Connection] = []
        self._lock = threading.Lock()

    def connection(self, engine: sa.Engine) -> sa.Connection:
        """This thread's connection to ``engine``, made on first use (and again for a new engine)."""
        kept: tuple[sa.Engine, sa.Connection] | None = getattr(self._threads, "kept", None)
        if kept is not None and kept[0] is engine and not kept[1].closed:
            return kept[1]
        connection = engine.connect().execution_options(**self._options)
        with self._lock:
            if kept is not None and kept[1] in self._all:
                self._all.remove(kept[1])
                kept[1].close()
            self._all.append(connection)
        self._threads.kept = (engine, connection)
        return connection

    def checked(self, engine: sa.Engine) -> sa.Connection:
        """This thread's connection, asked first what a pool's checkout asks: one whose session
        the server ended is invalidated, so its next statement takes a fresh connection."""
        connection = self.connection(engine)
        if not connection.invalidated:
            try:
                refuse_if_closed_by_server(connection.connection.dbapi_connection, None, None)
            except sa.exc.DisconnectionError:
                connection.invalidate()
        return connection

    @contextmanager
    def transaction(self, engine: sa.Engine) -> Iterator[sa.Connection]:
        """A transaction on this thread's connection (begun as this keeper's options say),
        committed unless the block raises. SQLAlchemy's own transaction is begun once and left
        open on the kept connection; each transaction is the driver's, begun inside it as the
        "begin" event begins one and committed by the driver. SQLAlchemy's begin and commit
        cost 7-12 us a transaction, more than the driver's begin, a one-row read and its commit
        together (8 us), and a GET holds one or two such reads. A block that raises ends both
        with SQLAlchemy's rollback."""
        connection = self.connection(engine)
        driver = connection.connection.driver_connection
        if not connection.in_transaction():
            connection.begin()  # whose "begin" event begins the driver's
        elif driver.in_transaction:  # type: ignore[union-attr]
            # One inside another on this thread, which SQLAlchemy's begin refused as well: the
            # inner one's commit would end the outer one's transaction halfway.
            raise sa.exc.InvalidRequestError(
                "a transaction is already begun on this thread's kept connection"
            )
        else:
            _begin_sqlite_transaction(connection)
        try:
            yield connection
            driver.commit()  # type: ignore[union-attr]
        except BaseException:
            connection.rollback()
            raise

    def close(self) -> None:
        """Closes every thread's connection; a thread's next use makes a new one."""
        with self._lock:
            kept, self._all = self._all, []
        for connection in kept:
            connection.close()


def transaction(
    engine: sa.Engine, options: dict[str, Any], kept: KeptConnection | None
) -> AbstractContextManager[sa.Connection]:
    """One transaction, committed unless the block raises: on ``kept``'s connection (left open
    after), or on one from the pool with ``options`` (closed after)."""
    return _pooled(engine, options) if kept is None else kept.transaction(engine)


@contextmanager
def _pooled(engine: sa.Engine, options: dict[str, Any]) -> Iterator[sa.Connection]:
    with engine.connect().execution_options(**options) as connection, connection.begin():
        yield connection
