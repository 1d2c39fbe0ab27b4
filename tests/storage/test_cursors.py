"""A PostgreSQL connection's cursors (``storage/database/cursors.py``): where each statement's
answer waits, read from where it stopped; one set per driver connection, made afresh with a
new one; and a server's GETs and creates, once each statement has run, prepare nothing more and
send nothing through psycopg's own cursors."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage.database.cursors import Cursor, kept_cursors
from mockserver.storage.database.engine import create_engine
from mockserver.storage.database.named_statements import NamedStatements
from tests.asgi_client import TestClient
from tests.conftest import START, ApiClient


@pytest.fixture
def engine(pg_database: str) -> Iterator[sa.Engine]:
    engine = create_engine(pg_database)
    yield engine
    engine.dispose()


def test_a_cursor_reads_its_answer_from_where_it_stopped(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        cursor = kept_cursors(connection).cursor()
        assert isinstance(cursor, Cursor)
        with pytest.raises(sa.exc.InvalidRequestError):
            cursor.fetchall()  # nothing sent yet
        cursor.execute("SELECT n, n::text AS word FROM generate_series(1, 3) AS n")
        assert cursor.description == [("n", 23), ("word", 25)]
        assert cursor.fetchone() == (1, "1")
        assert cursor.fetchall() == [(2, "2"), (3, "3")]
        assert cursor.fetchone() is None
        kept_cursors(connection).driver.rollback()


def test_a_driver_connection_has_one_set_and_a_new_connection_a_new_one(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        kept = kept_cursors(connection)
        assert kept_cursors(connection) is kept, "one per driver connection"
        connection.invalidate()  # the pooled record reconnects: its names went with the old one
        connection.execute(sa.text("SELECT 1"))
        assert kept_cursors(connection) is not kept
        cursor = kept_cursors(connection).cursor()
        cursor.execute("SELECT %s + 1", (4,))
        assert cursor.fetchall() == [(5,)]


def test_a_servers_gets_and_creates_prepare_nothing_after_their_first(
    pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every statement of theirs is the store's, sent by a name made on its second run: none
    goes through psycopg's cursors, which would run it unprepared."""
    unnamed: list[Any] = []
    by_psycopg: list[Any] = []
    name = NamedStatements._name
    execute = psycopg.Cursor.execute

    def naming(self: NamedStatements, key: Any, types: Any) -> Any:
        unnamed.append(key[0])
        return name(self, key, types)

    def executing(self: psycopg.Cursor[Any], query: Any, *args: Any, **kwargs: Any) -> Any:
        by_psycopg.append(query)
        return execute(self, query, *args, **kwargs)

    settings = Settings.load({"db": pg_database, "start_at": START, "frozen": True}, environ={})
    with TestClient(create_app(settings)) as http:
        api = ApiClient(http, "sk_rsv_named_statements")
        for weeks in (1, 2, 3):  # first sight, then each statement's second run, on each connection
            assert api.book(slot_id=3, weeks_ahead=weeks).status_code == 201
            assert api.get("/bookings/1").status_code == 200
        monkeypatch.setattr(NamedStatements, "_name", naming)
        monkeypatch.setattr(psycopg.Cursor, "execute", executing)
        for weeks in (4, 5, 6):
            made_now = api.book(slot_id=3, weeks_ahead=weeks)
            assert made_now.status_code == 201, made_now.text
            read = api.get(f"/bookings/{made_now.json()['data']['id']}")
            assert read.status_code == 200
            assert read.json()["data"] == made_now.json()["data"]
    assert unnamed == [], f"{len(unnamed)} statements sent unnamed by requests whose statements had all run"
    assert by_psycopg == [], f"{len(by_psycopg)} statements through psycopg's cursors"


SQLITE_WITHOUT_PSYCOPG = """
import sys

class NoPsycopg:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("psycopg", "psycopg_binary", "psycopg_c"):
            raise ImportError(f"{name} is not installed (the postgresql extra)")
        return None

sys.meta_path.insert(0, NoPsycopg())
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START, ApiClient
from tests.asgi_client import TestClient

settings = Settings.load({"db": sys.argv[1], "start_at": START, "frozen": True}, environ={})
with TestClient(create_app(settings)) as http:
    api = ApiClient(http, "sk_rsv_without_psycopg")
    made = api.book(slot_id=3)
    assert made.status_code == 201, made.text
    assert api.get(f"/bookings/{made.json()['data']['id']}").json() == made.json()
"""
"""A create and its read on a SQLite server, where psycopg cannot be imported."""


def test_a_sqlite_server_runs_without_psycopg_installed(tmp_path: Path) -> None:
    """psycopg is the ``postgresql`` extra: nothing a SQLite server runs may import it."""
    done = subprocess.run(
        [sys.executable, "-c", SQLITE_WITHOUT_PSYCOPG, str(tmp_path / "sandbox.db")],
        cwd=Path(__file__).parents[2],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
