"""What ``serve`` does to the database before its banner, before it imports every layer and
forks the workers (``mockserver.server.workers``): a ``--db`` it cannot use is refused in one
line, not with a worker's traceback after a banner that looked like a started server.

- A SQLite file is put in WAL mode before several workers open it at once. Switching needs
  the file to itself (see ``engine.py``), and the standard library does it in one PRAGMA. A
  folder, a missing folder or a file that is no database is refused here, saying which.
- The database (a SQLite file or a PostgreSQL URL) is reached and its schema made or
  upgraded (``migrations.ensure_schema``), which refuses another program's database and a
  newer release's. Servers starting together on one database take turns under
  ``SCHEMA_LOCK``; a worker that finds the schema current reads one row.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path


def prepare_database(db: str) -> None:
    if "://" in db:
        from mockserver.storage.database.urls import backend_of, database_file_of  # noqa: PLC0415

        if backend_of(db) != "sqlite":
            _reach(db)
            return
        db = database_file_of(db)
    path = Path(db).expanduser().resolve()
    try:
        if path.is_file():
            _look_before_writing(path)
        with closing(sqlite3.connect(path, timeout=30)) as connection:
            connection.execute("PRAGMA journal_mode=WAL")
    except sqlite3.Error as error:
        raise UnusableDatabaseFile(f"cannot use {path}: {why_unusable(path, error)}") from None
    _reach(str(path))


def _look_before_writing(path: Path) -> None:
    """Refuses a file ``ensure_schema`` would refuse before anything writes to it: WAL mode
    rewrites its header, and the engine's write gate makes a lock file beside it."""
    import sqlalchemy as sa  # noqa: PLC0415

    from mockserver.storage.migrations import found_version  # noqa: PLC0415

    uri = f"{path.as_uri()}?mode=ro"
    look = sa.create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), poolclass=sa.NullPool
    )
    try:
        with look.connect() as connection:
            found_version(connection)
    except sa.exc.DBAPIError as error:
        if isinstance(error.orig, sqlite3.Error):
            raise error.orig from None  # sqlite3's own, which the caller words
        raise
    finally:
        look.dispose()


class UnusableDatabaseFile(ValueError):
    """A SQLite file ``serve`` cannot open, or that is not a database."""


def why_unusable(path: Path, error: sqlite3.Error) -> str:
    """Why SQLite cannot use the file at ``path``, in the user's terms."""
    # SQLite says "unable to open database file" for a folder, a missing folder and a file it
    # may not read alike: the user is told which.
    if path.is_dir():
        return "it is a folder; give a file in it, e.g. --db " + str(path / "sandbox.db")
    if not path.parent.is_dir():
        return f"its folder {path.parent} does not exist"
    if getattr(error, "sqlite_errorname", "") == "SQLITE_NOTADB":
        return "it is not a SQLite database; give a new file name, or a file serve made"
    return f"SQLite says {error}"


def shown(db: str) -> str:
    """The database as the banner shows it: a password in a URL is never printed."""
    if "://" not in db:
        return db
    from mockserver.storage.database.urls import shown_url  # noqa: PLC0415

    return shown_url(db)


def _reach(db: str) -> None:
    import sqlalchemy as sa  # noqa: PLC0415

    from mockserver.storage.database.engine import create_engine  # noqa: PLC0415
    from mockserver.storage.database.urls import DatabaseUnreachable, shown_url  # noqa: PLC0415
    from mockserver.storage.migrations import ensure_schema  # noqa: PLC0415

    engine = create_engine(db)
    try:
        ensure_schema(engine)
    except sa.exc.OperationalError as error:
        raise DatabaseUnreachable(f"cannot reach {shown_url(db)}: {error.orig}") from None
    finally:
        engine.dispose()
