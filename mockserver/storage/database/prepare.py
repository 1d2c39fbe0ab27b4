"""What ``serve`` does to the database before it imports the rest, without SQLAlchemy.

``serve`` checks its options, prints its banner and prepares the database before it imports
every layer and forks the workers (``mockserver.server.workers``), so a wrong ``--db`` is refused in
a fraction of a second, not after the imports. Two things happen here:

- A SQLite file is put in WAL mode before several workers open it at once. Switching needs
  the file to itself (see ``engine.py``), and the standard library does it in one PRAGMA.
- A database URL (PostgreSQL) is reached and its schema made or upgraded, so a wrong or
  unreachable one is refused in one line before any worker starts. A URL needs SQLAlchemy
  to be read anyway.

A SQLite file's schema is made or upgraded by the first worker, under ``SCHEMA_LOCK``,
while the others wait for it (``migrations.ensure_schema``).
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def prepare_database(db: str) -> None:
    if "://" in db:
        from mockserver.storage.database.engine import backend_of, database_file_of  # noqa: PLC0415

        if backend_of(db) != "sqlite":
            _reach(db)
            return
        db = database_file_of(db)
    with closing(sqlite3.connect(Path(db).expanduser().resolve(), timeout=30)) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def shown(db: str) -> str:
    """The database as the banner shows it: a password in a URL is never printed."""
    if "://" not in db:
        return db
    from mockserver.storage.database.engine import shown_url  # noqa: PLC0415

    return shown_url(db)


def _reach(db: str) -> None:
    import sqlalchemy as sa  # noqa: PLC0415

    from mockserver.storage.database.engine import DatabaseUnreachable, create_engine, shown_url  # noqa: PLC0415
    from mockserver.storage.migrations import ensure_schema  # noqa: PLC0415

    engine = create_engine(db)
    try:
        ensure_schema(engine)
    except sa.exc.OperationalError as error:
        raise DatabaseUnreachable(f"cannot reach {shown_url(db)}: {error.orig}") from None
    finally:
        engine.dispose()
