"""A PostgreSQL connection's cursors, kept from one statement to the next
(``storage/database/cursors.py``): each statement gets the cursor that ran it last, a cursor
whose block failed is closed, not kept, and a server's requests make no cursor after their
first."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage.database import cursors
from mockserver.storage.database.cursors import KeptCursors, kept_cursors
from tests.conftest import START, ApiClient


class FakeCursor:
    def __init__(self) -> None:
        self.closed = False

    def close(self) -> None:
        self.closed = True


class FakeDriver:
    def __init__(self) -> None:
        self.made: list[FakeCursor] = []

    def cursor(self) -> FakeCursor:
        self.made.append(FakeCursor())
        return self.made[-1]


def test_a_statement_gets_the_cursor_that_ran_it_last() -> None:
    driver = FakeDriver()
    kept = KeptCursors(driver)
    with kept.taking(["booking", "customer"]) as [booking, customer]:
        pass
    with kept.taking(["customer", "booking", "booking"]) as [again, first, second]:
        assert again is customer, "each statement's own cursor, not any idle one"
        assert first is booking
        assert second not in (booking, customer), "a statement run twice at once takes a second cursor"
    with kept.taking(["booking", "booking"]) as both:
        assert set(map(id, both)) == {id(first), id(second)}, "both are kept for the statement"
    assert len(driver.made) == 3
    assert not any(cursor.closed for cursor in driver.made)


def test_a_block_that_raises_closes_its_cursors_and_keeps_none() -> None:
    driver = FakeDriver()
    kept = KeptCursors(driver)
    with pytest.raises(RuntimeError), kept.taking(["booking", None]):
        raise RuntimeError("the pipeline failed")
    assert [cursor.closed for cursor in driver.made] == [True, True]
    with kept.one("booking") as cursor:
        assert cursor is driver.made[2], "a new cursor: the failed one is the driver's to know"


def test_a_connection_keeps_a_bounded_number_and_never_a_closed_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cursors, "KEPT", 2)
    driver = FakeDriver()
    kept = KeptCursors(driver)
    with kept.taking(["a", "b", "c"]) as taken:
        taken[1].close()  # closed by whoever used it
    assert [cursor.closed for cursor in driver.made] == [False, True, False]
    with kept.taking(["a", "b", "c"]) as again:
        assert again[0] is taken[0], "a and c were kept"
        assert again[2] is taken[2]
        assert again[1] is not taken[1], "the closed one was not"
    assert len(driver.made) == 4
    assert len([cursor for cursor in driver.made if not cursor.closed]) == 2, "past the bound: closed"


def send_both(kept: KeptCursors, taken: list[Any], *statements: tuple[str, int]) -> None:
    with kept.taking([sql for sql, _ in statements]) as cursors, kept.driver.pipeline():
        taken.extend(cursors)
        for cursor, (sql, value) in zip(cursors, statements, strict=True):
            cursor.execute(sql, (value,))


def test_a_failed_statement_leaves_its_connection_with_working_cursors(pg_database: str) -> None:
    engine = sa.create_engine(pg_database, poolclass=sa.NullPool)
    failing, working = "SELECT 1 / %s", "SELECT %s + 1"
    with engine.connect() as connection:
        kept = kept_cursors(connection)
        assert kept_cursors(connection) is kept, "one per driver connection"
        taken: list[Any] = []
        with pytest.raises(psycopg.errors.DivisionByZero):
            send_both(kept, taken, (failing, 0), (working, 1))
        assert [cursor.closed for cursor in taken] == [True, True], "a failed pipeline's cursors are not kept"
        kept.driver.rollback()  # the transaction the failed statement left
        with kept.one(working) as cursor:
            cursor.execute(working, (2,))
            assert cursor.fetchall() == [(3,)]
        connection.invalidate()  # the pooled record reconnects: its cursors went with the old one
        connection.execute(sa.text("SELECT 1"))
        assert kept_cursors(connection) is not kept
        with kept_cursors(connection).one(working) as cursor:
            cursor.execute(working, (4,))
            assert cursor.fetchall() == [(5,)]
    engine.dispose()


def test_a_servers_gets_and_creates_make_no_cursor_after_their_first(
    pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Any] = []
    original = psycopg.Cursor.__init__

    def counted(self: psycopg.Cursor[Any], *args: Any, **kwargs: Any) -> None:
        made.append(self)
        original(self, *args, **kwargs)

    settings = Settings.load({"db": pg_database, "start_at": START, "frozen": True}, environ={})
    with create_app(settings).test_client() as http:
        api = ApiClient(http, "sk_rsv_kept_cursors")
        for weeks in (1, 2):  # first sight, then each statement's first run
            assert api.book(slot_id=3, weeks_ahead=weeks).status_code == 201
            assert api.get("/bookings/1").status_code == 200
        monkeypatch.setattr(psycopg.Cursor, "__init__", counted)
        for weeks in (3, 4, 5):
            made_now = api.book(slot_id=3, weeks_ahead=weeks)
            assert made_now.status_code == 201, made_now.text
            read = api.get(f"/bookings/{made_now.json()['data']['id']}")
            assert read.status_code == 200
            assert read.json()["data"] == made_now.json()["data"]
    assert made == [], f"{len(made)} cursors made by requests whose statements had all run"
