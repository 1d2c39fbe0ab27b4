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

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from mockserver.storage.control import journal_schema
from mockserver.storage.database.engine import writing
from mockserver.storage.database.write_locks import BOUNDED_LOCK_FUNCTION, SCHEMA_LOCK
from mockserver.storage.kernel.schema import metadata

HEAD = "0011"
"""The newest revision (``tests/storage/test_migrations.py`` holds it to Alembic's own head)."""
BASELINE = "0001"
"""The schema of release 0.1.0, the first one in use."""
RELEASE_0_1_0 = "0.1.0"
"""What a database of release 0.1.0 (tables, no version) is found at."""
VERSION_TABLE = "alembic_version"
SCRIPTS = Path(__file__).parent
KNOWN = frozenset(path.name.partition("_")[0] for path in (SCRIPTS / "versions").glob("[0-9]*.py"))
"""Every revision this release can upgrade from (each a file of ``versions/``)."""
VERSIONS = sa.Table(VERSION_TABLE, sa.MetaData(), sa.Column("version_num", sa.String(32), primary_key=True))
"""Alembic's version table, as ``alembic stamp`` makes it. A new database is stamped here
without importing Alembic: every ``serve`` without ``--db`` starts on a new one, and the
import was 0.1 s of its start-up."""


def target_metadata(backend: str) -> list[sa.MetaData]:
    """What the main database holds: every context's tables and, where no journal shard
    files can live beside it (PostgreSQL), the journal's table too."""
    return [metadata] if backend == "sqlite" else [metadata, journal_schema.metadata]


class UnusableSchema(ValueError):
    """A database ``ensure_schema`` leaves as it is: another program's, or a newer release's."""


def ensure_schema(engine: sa.Engine) -> str | None:
    """Brings ``engine``'s database to ``HEAD``: made whole when empty, upgraded when older.
    The version it found (``None`` for an empty database). A database ``found_version``
    refuses is left as it is."""
    with writing(engine, SCHEMA_LOCK) as connection:
        found = found_version(connection)
        if found == HEAD:
            return found
        if found is None:
            _make_whole(connection)
            VERSIONS.create(connection, checkfirst=True)
            connection.execute(sa.insert(VERSIONS).values(version_num=HEAD))
            return None
        if found == RELEASE_0_1_0:
            _run(connection, "stamp", BASELINE)
        _run(connection, "upgrade", HEAD)
        return found


MADE_WHOLE: dict[tuple[str, object, str], Sequence[tuple[str, Any]]] = {}
"""What ``create_all`` sent to make an empty database whole, by driver, server version and schema."""


def _make_whole(connection: sa.Connection) -> None:
    """Every table and index (and PostgreSQL's bounded lock), on a database that has none of
    them (``made_as_before``)."""

    def make() -> None:
        # No table of this schema is there (``found_version``), so nothing is looked for first.
        for tables in target_metadata(connection.engine.url.get_backend_name()):
            tables.create_all(connection, checkfirst=False)
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(BOUNDED_LOCK_FUNCTION)

    made_as_before(connection, "main", make)


def made_as_before(connection: sa.Connection, schema: str, make: Callable[[], None]) -> None:
    """``make`` (a schema's tables made on a database that has none of them), sent as before: the
    first such database of a process is made by ``make``, and what it sent to the driver is
    kept; the next ones are sent the same statements again. ``create_all``'s checks and
    compiling were three quarters of making a new SQLite database's schema (a ``serve`` without
    ``--db`` makes one, and so does every test's app, and each its journal's shard)."""
    key = (connection.engine.url.drivername, connection.dialect.server_version_info, schema)
    sent = MADE_WHOLE.get(key)
    if sent is not None:
        cursor = connection.connection.cursor()
        try:
            for statement, parameters in sent:
                cursor.execute(statement, parameters)
        finally:
            cursor.close()
        return
    recorded: list[tuple[str, Any]] = []

    def record(_c: object, _cursor: object, statement: str, parameters: Any, *_: object) -> None:
        recorded.append((statement, parameters))

    sa.event.listen(connection, "before_cursor_execute", record)
    try:
        make()
    finally:
        sa.event.remove(connection, "before_cursor_execute", record)
    MADE_WHOLE[key] = tuple(recorded)


def stored_version(engine: sa.Engine) -> str | None:
    """The revision ``engine``'s database is at (see ``found_version``)."""
    with engine.connect() as connection:
        return found_version(connection)


def found_version(connection: sa.Connection) -> str | None:
    """The revision the database is at: ``0.1.0`` for that release's unversioned schema,
    ``None`` for an empty database. Raises ``UnusableSchema`` for one this release must not
    touch: another program's (a sandbox's tables made beside its own, and its tables of a
    sandbox's names, ``bookings`` or ``customers``, left as they are to fail every request),
    or a newer release's (a revision this release's code cannot read)."""
    tables = set(sa.inspect(connection).get_table_names())
    found = (
        connection.execute(sa.select(VERSIONS.c.version_num)).scalar() if VERSION_TABLE in tables else None
    )
    if found is not None:
        if found != HEAD and found not in KNOWN:
            raise UnusableSchema(
                f"the database's schema is at revision {found}, which this release does not know (its"
                f" newest is {HEAD}): a newer booking-sandbox made it; upgrade booking-sandbox, or give"
                " another database"
            )
        return str(found)
    if "sandboxes" in tables:
        return RELEASE_0_1_0
    theirs = sorted(tables - {VERSION_TABLE})
    if theirs:
        shown = ", ".join(theirs[:5]) + (f" and {len(theirs) - 5} more" if len(theirs) > 5 else "")
        raise UnusableSchema(
            f"the database holds tables of another program ({shown}): give a new file or an empty database"
        )
    return None


def _run(connection: sa.Connection, command: str, revision: str) -> None:
    # Alembic's command layer weighs about 130 ms of imports; a database already at HEAD never pays it.
    from alembic import command as alembic_command  # noqa: PLC0415
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = connection
    getattr(alembic_command, command)(config, revision)
