"""``booking-sandbox db``: the database's schema version, and upgrading it in place.

``serve`` upgrades a database at start-up; this is for who would rather do it beforehand
(a team's deploy step, before replicas start) or see what a database holds first.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .exits import UNUSABLE
from .flags import settings_from_flags


def add_db_commands(commands: Any) -> None:
    db = commands.add_parser("db", help="show or upgrade the database's schema version")
    actions = db.add_subparsers(required=True, metavar="ACTION")
    for name, run, text in (
        ("upgrade", _upgrade, "make the schema current (the newest revision), keeping every row"),
        ("version", _version, "print the schema revision the database is at"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("--db", help="SQLite file or postgresql+psycopg:// URL (or BOOKING_SANDBOX_DB)")
        action.set_defaults(run=run, parser=action)


def _engine(args: argparse.Namespace) -> Any:
    # SQLAlchemy only for these commands (as for serve's workers), not for every command.
    from mockserver.storage.database.engine import create_engine  # noqa: PLC0415
    from mockserver.storage.database.urls import UnsupportedDatabase  # noqa: PLC0415

    settings = settings_from_flags({"db": args.db})
    if not settings.db:
        args.parser.error("give --db (or BOOKING_SANDBOX_DB)")
    try:
        return create_engine(settings.db)
    except UnsupportedDatabase as error:
        args.parser.error(str(error))


@contextmanager
def _reached(args: argparse.Namespace) -> Iterator[Any]:
    """The database's engine, disposed after; one that cannot be reached, is no database or
    holds a schema this release must not touch is refused in one line (its password masked),
    not with the driver's traceback."""
    import sqlite3  # noqa: PLC0415

    import sqlalchemy as sa  # noqa: PLC0415

    from mockserver.storage.database.engine import database_file  # noqa: PLC0415
    from mockserver.storage.database.prepare import why_unusable  # noqa: PLC0415
    from mockserver.storage.database.urls import shown_url  # noqa: PLC0415
    from mockserver.storage.migrations import UnusableSchema  # noqa: PLC0415

    engine = _engine(args)
    where = shown_url(str(engine.url))
    try:
        yield engine
    except sa.exc.DBAPIError as error:
        how = "reach" if isinstance(error, sa.exc.OperationalError) else "use"
        file = database_file(engine)
        # SQLite's "unable to open database file" is a folder, a missing folder or a file it
        # may not read alike: said as serve says which.
        said = (
            why_unusable(file, error.orig) if file and isinstance(error.orig, sqlite3.Error) else error.orig
        )
        print(f"booking-sandbox db: cannot {how} {where}: {said}".strip(), file=sys.stderr)
        raise SystemExit(UNUSABLE) from None
    except UnusableSchema as error:
        print(f"booking-sandbox db: {where}: {error}", file=sys.stderr)
        raise SystemExit(UNUSABLE) from None
    finally:
        engine.dispose()


def _upgrade(args: argparse.Namespace) -> int:
    from mockserver.storage.database.urls import shown_url  # noqa: PLC0415
    from mockserver.storage.migrations import HEAD, ensure_schema  # noqa: PLC0415

    with _reached(args) as engine:
        found = ensure_schema(engine)
    where = shown_url(str(engine.url))
    if found == HEAD:
        print(f"{where}: already at revision {HEAD}")
    elif found is None:
        print(f"{where}: created at revision {HEAD}")
    else:
        print(f"{where}: upgraded from {found} to revision {HEAD}")
    return 0


def _version(args: argparse.Namespace) -> int:
    from mockserver.storage.database.engine import database_file  # noqa: PLC0415
    from mockserver.storage.migrations import HEAD, stored_version  # noqa: PLC0415

    with _reached(args) as engine:
        file = database_file(engine)
        if file is not None and not file.is_file():
            # SQLite would make it, and a mistyped path would read as an empty database.
            folder = ": it is a folder" if file.is_dir() else ""
            print(f"booking-sandbox db: there is no database file {file}{folder}", file=sys.stderr)
            raise SystemExit(UNUSABLE)
        found = stored_version(engine)
    print(found or "empty (no schema yet)", "(current)" if found == HEAD else f"(current is {HEAD})")
    return 0
