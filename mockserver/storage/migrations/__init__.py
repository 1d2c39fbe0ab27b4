"""The schema's versions, kept by Alembic for both backends.

A new database is made whole from the tables' definitions and stamped with the newest
revision (Alembic's advice for a fresh database); one made by an earlier release is brought
up to date by the revisions in ``versions/``. Release 0.1.0 kept no version: its databases
are recognised by their tables and stamped with the baseline revision before upgrading.
Whoever comes first (``serve`` itself for a PostgreSQL URL, else the first worker; one of
several servers starting together) does the work under ``SCHEMA_LOCK``; the others find the
newest version and read one row. Alembic is imported only when there is something to do.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from mockserver.storage.control import journal_schema
from mockserver.storage.database.engine import writing
from mockserver.storage.database.write_locks import SCHEMA_LOCK
from mockserver.storage.kernel.schema import metadata

HEAD = "0009"
"""The newest revision (``tests/storage/test_migrations.py`` holds it to Alembic's own head)."""
BASELINE = "0001"
"""The schema of release 0.1.0, the first one in use."""
RELEASE_0_1_0 = "0.1.0"
"""What a database of release 0.1.0 (tables, no version) is found at."""
VERSION_TABLE = "alembic_version"
SCRIPTS = Path(__file__).parent
VERSIONS = sa.Table(VERSION_TABLE, sa.MetaData(), sa.Column("version_num", sa.String(32), primary_key=True))
"""Alembic's version table, as ``alembic stamp`` makes it. A new database is stamped here
without importing Alembic: every ``serve`` without ``--db`` starts on a new one, and the
import was 0.1 s of its start-up."""


def target_metadata(backend: str) -> list[sa.MetaData]:
    """What the main database holds: every context's tables and, where no journal shard
    files can live beside it (PostgreSQL), the journal's table too."""
    return [metadata] if backend == "sqlite" else [metadata, journal_schema.metadata]


def ensure_schema(engine: sa.Engine) -> str | None:
    """Brings ``engine``'s database to ``HEAD``: made whole when empty, upgraded when older.
    The version it found (``None`` for an empty database)."""
    with writing(engine, SCHEMA_LOCK) as connection:
        found = _found(connection)
        if found == HEAD:
            return found
        if found is None:
            for tables in target_metadata(engine.url.get_backend_name()):
                tables.create_all(connection, checkfirst=True)
            VERSIONS.create(connection, checkfirst=True)
            connection.execute(sa.insert(VERSIONS).values(version_num=HEAD))
            return None
        if found == RELEASE_0_1_0:
            _run(connection, "stamp", BASELINE)
        _run(connection, "upgrade", HEAD)
        return found


def stored_version(engine: sa.Engine) -> str | None:
    """The revision ``engine``'s database is at: ``0.1.0`` for that release's unversioned
    schema, ``None`` for an empty database."""
    with engine.connect() as connection:
        return _found(connection)


def _found(connection: sa.Connection) -> str | None:
    inspector = sa.inspect(connection)
    if inspector.has_table(VERSION_TABLE):
        found = connection.execute(sa.select(VERSIONS.c.version_num)).scalar()
        if found is not None:
            return str(found)
    return RELEASE_0_1_0 if inspector.has_table("sandboxes") else None


def _run(connection: sa.Connection, command: str, revision: str) -> None:
    # Alembic's command layer weighs about 130 ms of imports; a database already at HEAD never pays it.
    from alembic import command as alembic_command  # noqa: PLC0415
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = connection
    getattr(alembic_command, command)(config, revision)
