"""What a ``--db`` names: a SQLite file or a PostgreSQL URL, read once in every spelling a
person pastes, refused in one sentence where the sandbox cannot run on it, and shown without
its password."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa


class UnsupportedDatabase(ValueError):
    """A ``--db`` naming a backend the sandbox does not run on."""


class DatabaseUnreachable(ValueError):
    """A ``--db`` that names a supported database nobody answers for (or that refuses us)."""


def database_url(db: str) -> str:
    """Accept a plain file path or a full SQLAlchemy URL."""
    if db.startswith("postgres://"):
        # libpq's other spelling, which platforms' DATABASE_URL use; SQLAlchemy knows no "postgres".
        return "postgresql+psycopg://" + db.removeprefix("postgres://")
    if "://" in db:
        return db
    # Escaped as a URL: SQLAlchemy reads "%20" in a URL as a space and "?" as its query's start,
    # and a file named with either was opened under another name than the one prepared.
    return sa.URL.create("sqlite", database=str(Path(db).expanduser().resolve())).render_as_string()


def backend_of(db: str) -> str:
    """``sqlite`` or ``postgresql``; refuses any other backend, and an in-memory SQLite."""
    try:
        url = sa.make_url(database_url(db))
    except ValueError as error:
        # SQLAlchemy's words for a port that is no number (an IPv6 host's bracket left open
        # reads as one) are int()'s.
        said = str(error)
        why = f"its port {said.rpartition(': ')[2]} is no number" if "int()" in said else said
        raise UnsupportedDatabase(
            f"cannot be read as a database URL ({why}): write "
            "postgresql+psycopg://user:password@host:port/database, or a SQLite file"
        ) from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.database in (None, "", ":memory:"):
            raise UnsupportedDatabase("an in-memory database is not shared between workers: give a file")
        return backend
    if backend == "postgresql":
        if url.get_driver_name() != "psycopg":
            raise UnsupportedDatabase(
                f"PostgreSQL is reached through psycopg 3: write postgresql+psycopg://, not {url.drivername}://"
            )
        if importlib.util.find_spec("psycopg") is None:
            raise UnsupportedDatabase("PostgreSQL needs psycopg: pip install 'booking-sandbox[postgresql]'")
        return backend
    raise UnsupportedDatabase(f"{backend} is not supported: give a SQLite file or postgresql+psycopg://")


def database_file_of(db: str) -> str:
    """The file a ``sqlite:///`` URL names."""
    return str(sa.make_url(database_url(db)).database)


def shown_url(db: str) -> str:
    """The database as a banner or a log may show it: a password is never printed."""
    if "://" not in db:
        return db
    return sa.make_url(db).render_as_string(hide_password=True)
