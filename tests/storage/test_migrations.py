"""Schema versions: a database made by release 0.1.0 upgrades in place, on both backends.

The databases are dumps that release 0.1.0 made (``releases/README.md`` says how), loaded as
they are, plus a table an even older release left behind; the upgrade runs as a user's would
(the server starting on it, or ``booking-sandbox db upgrade``).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from mockserver.cli import main
from mockserver.integration.local_postgres import PostgresServer
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage import migrations
from mockserver.storage.database.engine import create_engine
from mockserver.storage.database.prepare import prepare_database
from mockserver.storage.database.urls import database_url
from mockserver.storage.migrations import (
    HEAD,
    KNOWN,
    SCRIPTS,
    UnusableSchema,
    ensure_schema,
    stored_version,
    target_metadata,
)
from tests.asgi_client import TestClient
from tests.conftest import START

RELEASES = Path(__file__).parent / "releases"
KEY = "sk_rsv_release_0_1_0"
HEADERS = {"Authorization": f"Bearer {KEY}"}
LEFTOVER = "CREATE TABLE journal_heads (sandbox_hash VARCHAR(64) PRIMARY KEY, last_id BIGINT NOT NULL)"


def load_release_0_1_0(database: str, backend: str) -> None:
    run_script(database, backend, (RELEASES / f"release-0.1.0.{backend}.sql").read_text(), LEFTOVER)


def run_script(database: str, backend: str, *scripts: str) -> None:
    """SQL run on the database by its own driver, as another program (or release) would."""
    url = sa.make_url(database_url(database))
    if backend == "sqlite":
        with sqlite3.connect(url.database or "") as connection:
            for script in scripts:
                connection.executescript(script)
        return
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as connection:
        for script in scripts:
            connection.execute(script.encode())
            connection.execute("SET search_path = public")


def schema_differences(engine: sa.Engine) -> list[object]:
    """What Alembic's autogenerate would write to bring the database to the code's tables."""
    wanted = sa.MetaData()
    for metadata in target_metadata(engine.url.get_backend_name()):
        for table in metadata.tables.values():
            table.to_metadata(wanted)
    with engine.connect() as connection:
        return list(compare_metadata(MigrationContext.configure(connection), wanted))


def test_head_is_alembic_head_and_revisions_form_one_line() -> None:
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_heads() == [HEAD]
    assert [r.revision for r in scripts.walk_revisions()] == [
        "0011",
        "0010",
        "0009",
        "0008",
        "0007",
        "0006",
        "0005",
        "0004",
        "0003",
        "0002",
        "0001",
    ]
    assert {r.revision for r in scripts.walk_revisions()} == KNOWN, "what a database may be upgraded from"


def test_a_database_made_by_release_0_1_0_upgrades_in_place_keeping_its_data(
    database: str, backend: str, request: pytest.FixtureRequest
) -> None:
    load_release_0_1_0(database, backend)
    engine = create_engine(database)
    assert stored_version(engine) == "0.1.0"

    app = create_app(Settings.load({"db": database, "start_at": START, "frozen": True}, environ={}))
    assert stored_version(engine) == HEAD
    tables = set(sa.inspect(engine).get_table_names())
    assert "journal_heads" not in tables, "what no code reads is gone"
    assert {"sandboxes", "bookings", "fault_rules", "webhooks", "alembic_version"} <= tables

    with TestClient(app) as http:
        booking = http.get("/reservekit/v1/bookings/25", headers=HEADERS)
        assert booking.status_code == 200, booking.text
        assert booking.json()["data"]["date"] == "2027-02-01"
        assert booking.json()["data"]["customer"]["email"] == "ada@example.com"
        faults = http.get("/_sandbox/faults", headers=HEADERS).json()
        assert [(f["path"], f["status"], f["count"]) for f in faults["faults"]] == [("/v1/services", 503, 2)]
        hooks = http.get("/_sandbox/webhooks", headers=HEADERS).json()
        assert [h["events"] for h in hooks["webhooks"]] == [["bookings.create"]]
        assert http.get("/reservekit/v1/services", headers=HEADERS).status_code == 503, "the rule still fires"
        created = http.post(
            "/reservekit/v1/bookings", json={"date": "2027-02-08", "time_slot_id": 1}, headers=HEADERS
        )
        assert created.status_code == 201, created.text
        assert created.json()["data"]["id"] == 26, "ids go on from where 0.1.0 left them"
    assert schema_differences(engine) == []
    made_whole = functions_of_a_new_database(backend, request)
    assert functions(engine) == made_whole, "the bounded lock as a new database has it"
    engine.dispose()


def functions(engine: sa.Engine) -> list[str]:
    """The definitions of the sandbox's own functions (PostgreSQL's; SQLite has none)."""
    if engine.dialect.name == "sqlite":
        return []
    with engine.connect() as connection:
        found = connection.execute(
            sa.text(
                "SELECT pg_get_functiondef(p.oid) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                " WHERE n.nspname = current_schema() ORDER BY p.proname"
            )
        )
        return [str(definition) for (definition,) in found]


def functions_of_a_new_database(backend: str, request: pytest.FixtureRequest) -> list[str]:
    if backend == "sqlite":
        return []
    server: PostgresServer = request.getfixturevalue("postgres")
    engine = create_engine(server.create_database())
    ensure_schema(engine)
    made = functions(engine)
    engine.dispose()
    assert len(made) == 1, made
    return made


def test_a_new_database_is_made_whole_and_stamped(database: str) -> None:
    engine = create_engine(database)
    assert stored_version(engine) is None
    assert ensure_schema(engine) is None
    assert stored_version(engine) == HEAD
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == HEAD, "as Alembic reads it"
    assert ensure_schema(engine) == HEAD, "a second start finds it current"
    assert schema_differences(engine) == []
    engine.dispose()


def test_a_new_database_after_the_first_is_sent_what_the_first_was_sent(
    database: str,
    backend: str,
    tmp_path: Path,
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first new database in a process is made by ``create_all``, the next ones by the
    statements it sent, sent again: both have the same tables, columns, indexes and constraints."""
    monkeypatch.setattr(migrations, "MADE_WHOLE", {})
    other = str(tmp_path / "second.db")
    if backend != "sqlite":
        other = request.getfixturevalue("postgres").create_database()
        drop = request.getfixturevalue("drop_later")
        request.addfinalizer(lambda: drop(other))
    first, second = create_engine(database), create_engine(other)
    assert ensure_schema(first) is None
    assert len(migrations.MADE_WHOLE) == 1, "what create_all sent is kept"
    assert ensure_schema(second) is None
    assert stored_version(second) == HEAD
    assert _schema(second) == _schema(first)
    assert schema_differences(second) == []
    first.dispose()
    second.dispose()


def test_a_database_holding_only_an_empty_version_table_is_made_whole(database: str) -> None:
    """An ``alembic_version`` table with no row (made by hand, or by a tool stopped half way)
    reads as an empty database: it is made whole and stamped, its version table kept, not made
    a second time."""
    engine = create_engine(database)
    with engine.begin() as connection:
        migrations.VERSIONS.create(connection)
    assert ensure_schema(engine) is None
    assert stored_version(engine) == HEAD
    assert schema_differences(engine) == []
    engine.dispose()


def _schema(engine: sa.Engine) -> list[tuple[object, ...]]:
    if engine.url.get_backend_name() == "sqlite":
        query = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    else:
        query = """
            SELECT 'column', table_name, column_name, data_type, column_default, is_nullable
              FROM information_schema.columns WHERE table_schema = 'public'
            UNION ALL SELECT 'index', tablename, indexname, indexdef, NULL, NULL
              FROM pg_indexes WHERE schemaname = 'public'
            UNION ALL SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid), NULL, NULL
              FROM pg_constraint WHERE connamespace = 'public'::regnamespace
            ORDER BY 1, 2, 3"""
    with engine.connect() as connection:
        return [tuple(row) for row in connection.exec_driver_sql(query)]


def test_db_upgrade_says_what_it_did(database: str, backend: str, capsys: pytest.CaptureFixture[str]) -> None:
    load_release_0_1_0(database, backend)
    assert main(["db", "version", "--db", database]) == 0
    assert capsys.readouterr().out.strip() == f"0.1.0 (current is {HEAD})"
    assert main(["db", "upgrade", "--db", database]) == 0
    assert capsys.readouterr().out.strip().endswith(f"upgraded from 0.1.0 to revision {HEAD}")
    assert main(["db", "upgrade", "--db", database]) == 0
    assert capsys.readouterr().out.strip().endswith(f"already at revision {HEAD}")


@pytest.mark.parametrize("action", ["version", "upgrade"])
def test_db_commands_refuse_an_unreachable_database_in_one_line(
    action: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unreachable = [
        # Nothing listens on port 1; the password must not be printed.
        ("postgresql+psycopg://sandbox:s3cret@127.0.0.1:1/sandbox", "127.0.0.1:1"),
        (str(tmp_path / "no such folder" / "sandbox.db"), "no such folder"),
    ]
    for db, named in unreachable:
        with pytest.raises(SystemExit) as exited:
            main(["db", action, "--db", db])
        assert exited.value.code == 5  # what was named is not usable
        said = capsys.readouterr().err.strip()
        missing = action == "version" and "://" not in db  # a file: version makes none to read
        assert said.startswith(
            "booking-sandbox db: there is no database file"
            if missing
            else "booking-sandbox db: cannot reach "
        ), said
        assert named in said
        assert "s3cret" not in said
        assert "Traceback" not in said
        assert len(said.splitlines()) <= 2  # the driver's own reason, as it words it


def refused_by_db_commands(database: str, said: str, capsys: pytest.CaptureFixture[str]) -> None:
    for action in ("version", "upgrade"):
        with pytest.raises(SystemExit) as exited:
            main(["db", action, "--db", database])
        assert exited.value.code == 5  # what was named is not usable
        [error] = capsys.readouterr().err.splitlines()
        assert said in error


def test_another_programs_database_is_refused_by_every_command_and_left_as_it_was(
    database: str, backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Its tables share a sandbox's names: made beside them, ours would be skipped and every
    # request would fail on theirs.
    run_script(
        database, backend, "CREATE TABLE bookings (reference TEXT); CREATE TABLE invoices (total INTEGER)"
    )
    engine = create_engine(database)
    said = "the database holds tables of another program (bookings, invoices)"
    with pytest.raises(UnusableSchema, match=re.escape(said)):
        ensure_schema(engine)
    with pytest.raises(UnusableSchema, match=re.escape(said)):
        prepare_database(database)  # what serve runs before its banner
    refused_by_db_commands(database, said, capsys)
    assert sorted(sa.inspect(engine).get_table_names()) == ["bookings", "invoices"]
    engine.dispose()


def test_a_newer_releases_database_is_refused_by_every_command_and_left_as_it_was(
    database: str, backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = create_engine(database)
    ensure_schema(engine)
    newer = f"{int(HEAD) + 1:04d}"
    run_script(database, backend, f"UPDATE alembic_version SET version_num = '{newer}'")
    said = f"schema is at revision {newer}, which this release does not know (its newest is {HEAD})"
    with pytest.raises(UnusableSchema, match=re.escape(said)):
        ensure_schema(engine)
    with pytest.raises(UnusableSchema, match=re.escape(said)):
        prepare_database(database)
    refused_by_db_commands(database, said, capsys)
    with engine.connect() as connection:
        assert MigrationContext.configure(connection).get_current_revision() == newer, "left as it was"
    assert schema_differences(engine) == []
    engine.dispose()


def test_db_version_of_a_file_that_is_not_there_says_so_and_makes_none(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    typo = tmp_path / "sandbx.db"
    with pytest.raises(SystemExit) as exited:
        main(["db", "version", "--db", str(typo)])
    assert exited.value.code == 5
    assert capsys.readouterr().err == f"booking-sandbox db: there is no database file {typo}\n"
    assert list(tmp_path.iterdir()) == [], "nothing made"


def test_db_commands_say_why_sqlite_cannot_open_a_file_as_serve_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SQLite says "unable to open database file" for a folder and a missing folder alike:
    ``db upgrade --db /tmp`` said that, where ``serve --db /tmp`` says it is a folder."""
    foreign = tmp_path / "notes.db"
    foreign.write_bytes(b"not a database at all, but long enough to have a header" * 4)
    for db, said in (
        (tmp_path, f"it is a folder; give a file in it, e.g. --db {tmp_path / 'sandbox.db'}"),
        (tmp_path / "gone" / "sandbox.db", f"its folder {tmp_path / 'gone'} does not exist"),
        (foreign, "it is not a SQLite database"),
    ):
        with pytest.raises(SystemExit) as exited:
            main(["db", "upgrade", "--db", str(db)])
        assert exited.value.code == 5
        error = capsys.readouterr().err
        assert error.startswith("booking-sandbox db: cannot "), error
        assert said in error, error
    with pytest.raises(SystemExit):
        main(["db", "version", "--db", str(tmp_path)])
    assert (
        capsys.readouterr().err
        == f"booking-sandbox db: there is no database file {tmp_path}: it is a folder\n"
    )
