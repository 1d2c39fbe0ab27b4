"""Database engine set-up, and the one place that knows SQLite's quirks.

Several uvicorn workers share one SQLite file. WAL lets readers run beside a
writer; ``BEGIN IMMEDIATE`` takes the write lock at the start of a write
transaction, so a capacity check and the insert that relies on it cannot
interleave with another process's; writers queue for it at a gate
(``write_gate.py``), not in SQLite's sleeping retries. Reads use a plain deferred BEGIN and see a
consistent snapshot without blocking anyone.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from .calendar import schema as calendar_tables
from .control import schema as control_tables
from .lifecycle import schema as lifecycle_tables
from .reseller import schema as reseller_tables
from .schema import metadata
from .slots import schema as slots_tables
from .write_gate import WriteGate, gated_connection_class

# Each context keeps its tables in its own schema module, all on the one metadata.
CONTEXT_TABLES = (slots_tables, calendar_tables, lifecycle_tables, reseller_tables, control_tables)

BEGIN_MODE_OPTION = "sandbox_begin"
THREAD_POOL_SIZE = 40  # anyio's default limit of worker threads


def database_url(db: str) -> str:
    """Accept a plain file path or a full SQLAlchemy URL."""
    if "://" in db:
        return db
    return f"sqlite:///{Path(db).expanduser().resolve()}"


def database_file(engine: sa.Engine) -> Path | None:
    """The engine's SQLite file, for what lives beside it; ``None`` for any other database."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


def create_engine(db: str) -> sa.Engine:
    url = database_url(db)
    if not url.startswith("sqlite"):
        return sa.create_engine(url, pool_pre_ping=True)
    if url in ("sqlite://", "sqlite:///:memory:"):
        raise ValueError("an in-memory database cannot be shared between requests; give a file path")
    gate = WriteGate(Path(f"{sa.make_url(url).database}-writer.lock"))
    engine = sa.create_engine(
        url,
        connect_args={"timeout": 30, "check_same_thread": False, "factory": gated_connection_class(gate)},
        # Connexion runs sync handlers on anyio's thread pool, up to 40 at once.
        # A smaller pool opened and closed a connection (and ran its PRAGMAs)
        # for most requests under load.
        pool_size=THREAD_POOL_SIZE,
        max_overflow=8,
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_sqlite_transaction)
    return engine


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
    cursor.close()


def prepare_database(db: str) -> None:
    """Put a SQLite file in WAL mode before several workers open it at once (see above)."""
    url = database_url(db)
    if not url.startswith("sqlite"):
        return
    engine = create_engine(db)
    try:
        with engine.connect():
            pass
    finally:
        engine.dispose()


def _begin_sqlite_transaction(connection: sa.Connection) -> None:
    mode = connection.get_execution_options().get(BEGIN_MODE_OPTION, "DEFERRED")
    # A write waits at the gate (write_gate.py), then begins with the database to itself.
    connection.connection.driver_connection.begin(mode)  # type: ignore[union-attr]


def create_schema(engine: sa.Engine) -> None:
    """Every context's tables (``CONTEXT_TABLES``), created where missing."""
    with engine.connect().execution_options(**write_options()) as connection, connection.begin():
        metadata.create_all(connection, checkfirst=True)


def write_options() -> dict[str, str]:
    return {BEGIN_MODE_OPTION: "IMMEDIATE"}
