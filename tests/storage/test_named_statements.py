"""A PostgreSQL connection's statements through libpq under names of its own
(``storage/database/named_statements.py``): named on their second run and sent by name after,
a name counted made only once its Parse answered, names kept across psycopg's rollbacks, the
first error of a pipeline raised once all of it is read, and a lost connection raised as
psycopg's ``OperationalError``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from mockserver.storage.database import named_statements
from mockserver.storage.database.cursors import KeptCursors, kept_cursors
from mockserver.storage.database.engine import create_engine
from mockserver.storage.database.named_statements import Query, begin_command
from mockserver.storage.database.plain_reads import PlainReads
from tests.storage.traces import libpq_trace

PLUS_ONE = "SELECT %(n)s::int + 1 AS more"
FAILING = "SELECT 1 / %(n)s::int AS quotient"


@pytest.fixture
def engine(pg_database: str) -> Iterator[sa.Engine]:
    engine = create_engine(pg_database)  # the store's: psycopg's own preparing off
    yield engine
    engine.dispose()


@contextmanager
def traced(kept: KeptCursors, tmp_path: Path) -> Iterator[list[str]]:
    """libpq's messages to the server, as ``kind name``: ``Parse "booking_sandbox_1"``, ``Bind ""``
    (but a ``BEGIN``'s)."""
    sent: list[str] = []
    with libpq_trace(kept.driver.pgconn, tmp_path) as lines:
        yield sent
    begin = False
    for line in lines:
        fields = line.split("\t")
        if fields[0] != "F" or fields[2] not in ("Parse", "Bind"):
            continue
        words = fields[3].split()
        if fields[2] == "Parse":
            begin = words[1] == '"BEGIN"'
        if not begin:
            sent.append(f"{fields[2]} {words[0 if fields[2] == 'Parse' else 1]}")
        elif fields[2] == "Bind":
            begin = False


def plus_one(kept: KeptCursors, n: int) -> list[tuple[Any, ...]]:
    cursor = kept.cursor()
    cursor.execute(PLUS_ONE, {"n": n})
    return cursor.fetchall()


def in_one_pipeline(kept: KeptCursors, sent: list[tuple[Any, str, int]]) -> None:
    with kept.pipeline():
        for cursor, sql, n in sent:
            cursor.execute(sql, {"n": n})


def test_a_statement_is_named_on_its_second_run_and_sent_by_that_name_after(
    engine: sa.Engine, tmp_path: Path
) -> None:
    with engine.connect() as connection:
        kept = kept_cursors(connection)
        with traced(kept, tmp_path) as sent:
            assert [plus_one(kept, n) for n in (1, 2, 3, 4)] == [[(2,)], [(3,)], [(4,)], [(5,)]]
        assert sent == [
            'Parse ""',  # the first run: unnamed, as psycopg's own
            'Bind ""',
            'Parse "booking_sandbox_1"',  # the second: named, in the same round trip
            'Bind "booking_sandbox_1"',
            'Bind "booking_sandbox_1"',
            'Bind "booking_sandbox_1"',
        ]
        kept.driver.rollback()


def test_a_name_whose_parse_followed_a_failed_statement_is_not_counted_made(
    engine: sa.Engine, tmp_path: Path
) -> None:
    """A Parse in a pipeline that an earlier statement aborted never ran: counted made, the
    next run would be sent by a name the server does not know."""
    with engine.connect() as connection:
        kept = kept_cursors(connection)
        plus_one(kept, 1)
        failing, after = kept.cursors(2)
        # PLUS_ONE's second run: named here, never made.
        sent = [(failing, FAILING, 0), (after, PLUS_ONE, 2)]
        with pytest.raises(psycopg.errors.DivisionByZero):
            in_one_pipeline(kept, sent)
        with pytest.raises(sa.exc.InvalidRequestError):
            after.fetchall()  # aborted: no answer
        kept.driver.rollback()
        with traced(kept, tmp_path) as sent:
            assert plus_one(kept, 3) == [(4,)]
            assert plus_one(kept, 4) == [(5,)]
        # As a statement never named: unnamed, then named (a new name) on its next run.
        assert sent == ['Parse ""', 'Bind ""', 'Parse "booking_sandbox_2"', 'Bind "booking_sandbox_2"']
        kept.driver.rollback()


def test_names_outlive_a_rollback_of_psycopgs_and_a_failed_statement_of_sqlalchemys(
    engine: sa.Engine, tmp_path: Path
) -> None:
    with engine.connect() as connection:
        kept = kept_cursors(connection)
        plus_one(kept, 1)
        plus_one(kept, 2)
        for _ in range(6):  # more runs than psycopg's own preparing would wait for, were it on
            connection.execute(sa.text("SELECT 1"))
        with pytest.raises(sa.exc.DataError):
            connection.execute(sa.text("SELECT 1 / 0"))
        connection.rollback()  # psycopg's: a DEALLOCATE ALL, had psycopg prepared anything
        with traced(kept, tmp_path) as sent:
            assert plus_one(kept, 3) == [(4,)]
        assert sent == ['Bind "booking_sandbox_1"']
        kept.driver.rollback()


def test_the_stores_engines_leave_preparing_to_the_store(engine: sa.Engine) -> None:
    """Were psycopg's preparing on, its first statement prepared would make every rollback
    after it a ``DEALLOCATE ALL``: the store's names gone under it."""
    reads = PlainReads(engine)
    with engine.connect() as connection:
        assert connection.connection.driver_connection.prepare_threshold is None  # type: ignore[union-attr]
    with reads.session(lambda connection: None) as (connection, _):
        assert connection.connection.driver_connection.prepare_threshold is None  # type: ignore[union-attr]
    reads.dispose()


def test_a_pipelines_first_error_is_raised_once_all_of_it_is_read(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        kept = kept_cursors(connection)
        before, failing, after = kept.cursors(3)
        sent = [(before, PLUS_ONE, 1), (failing, FAILING, 0), (after, FAILING, 0)]  # the last aborted
        with pytest.raises(psycopg.errors.DivisionByZero):
            in_one_pipeline(kept, sent)
        assert before.fetchall() == [(2,)], "run before the error"
        for unanswered in (failing, after):
            with pytest.raises(sa.exc.InvalidRequestError):
                unanswered.fetchone()
        kept.driver.rollback()
        assert plus_one(kept, 5) == [(6,)], "the connection answers after its rollback"
        kept.driver.rollback()


def test_a_transaction_begins_with_its_first_statement_unless_in_autocommit(engine: sa.Engine) -> None:
    idle, in_transaction = psycopg.pq.TransactionStatus.IDLE, psycopg.pq.TransactionStatus.INTRANS
    with engine.connect() as connection:
        kept = kept_cursors(connection)
        driver = kept.driver
        driver.rollback()
        plus_one(kept, 1)
        assert driver.pgconn.transaction_status == in_transaction, "as psycopg's cursor would"
        driver.rollback()
        driver.autocommit = True
        plus_one(kept, 1)
        assert driver.pgconn.transaction_status == idle
        driver.autocommit = False


def test_many_statements_go_in_one_pipeline_and_all_run(engine: sa.Engine) -> None:
    """More than the socket's buffers hold: answers are read while the rest is still sent."""
    with engine.connect() as connection:
        connection.execute(sa.text("CREATE TEMPORARY TABLE numbers (n int, pad text)"))
        kept = kept_cursors(connection)
        cursor = kept.cursor()
        cursor.executemany("INSERT INTO numbers VALUES (%s, %s)", [(n, "x" * 200) for n in range(5000)])
        cursor.execute("SELECT count(*), sum(n) FROM numbers")
        assert cursor.fetchone() == (5000, sum(range(5000)))
        assert cursor.fetchone() is None
        kept.driver.rollback()


def test_past_the_bound_a_statement_is_sent_unnamed(
    engine: sa.Engine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(named_statements, "NAMES_KEPT", 1)
    with engine.connect() as connection:
        kept = kept_cursors(connection)
        with traced(kept, tmp_path) as sent:
            for _ in range(3):
                plus_one(kept, 1)
                cursor = kept.cursor()
                cursor.execute(FAILING, {"n": 1})
                assert cursor.fetchall() == [(1,)]
        assert sent.count('Parse ""') == 4, "the second statement's every run, and each one's first"
        assert 'Parse "booking_sandbox_1"' in sent
        kept.driver.rollback()


def test_a_connection_lost_midway_raises_psycopgs_operational_error(engine: sa.Engine) -> None:
    with engine.connect() as connection, engine.connect() as other:
        kept = kept_cursors(connection)
        plus_one(kept, 1)
        kept.driver.rollback()
        pid = kept.driver.info.backend_pid
        other.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        other.commit()
        with pytest.raises(psycopg.OperationalError) as lost:
            plus_one(kept, 2)
        assert connection.dialect.is_disconnect(lost.value, connection.connection.dbapi_connection, None)
        connection.invalidate()
        assert plus_one(kept_cursors(connection), 3) == [(4,)], "a new connection, new names"
        kept_cursors(connection).driver.rollback()


def test_a_query_is_put_in_libpqs_form_once() -> None:
    named = Query("SELECT %(a)s, %(b)s, %(a)s WHERE x LIKE 'a%%'")
    assert named.text == b"SELECT $1, $2, $1 WHERE x LIKE 'a%'"
    assert named.names == ("a", "b")
    assert len(named.formats) == 2
    positional = Query("SELECT %s + %s")
    assert (positional.text, positional.names, len(positional.formats)) == (b"SELECT $1 + $2", None, 2)
    for unsent in ("SELECT %b", "SELECT %(a)s, %s"):
        with pytest.raises(ValueError, match="placeholder"):
            Query(unsent)


class Settings:
    def __init__(self, **settings: Any) -> None:
        self.isolation_level = settings.get("isolation_level")
        self.read_only = settings.get("read_only")
        self.deferrable = settings.get("deferrable")


def test_begin_says_what_psycopgs_own_would() -> None:
    level = psycopg.IsolationLevel.REPEATABLE_READ
    assert begin_command(Settings()) == b"BEGIN"
    assert begin_command(Settings(isolation_level=level, read_only=True, deferrable=False)) == (
        b"BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY NOT DEFERRABLE"
    )


def test_a_pipeline_libpq_refused_to_open_leaves_the_next_one_to_open(engine: sa.Engine) -> None:
    """libpq refuses pipeline mode on a connection still answering something else: that
    statement fails, and the next, once the connection is free, goes out as usual."""
    with engine.connect() as connection:
        kept = kept_cursors(connection)
        pgconn = kept.driver.pgconn
        pgconn.send_query(b"SELECT 1")  # answered, not yet read
        with pytest.raises(psycopg.OperationalError):
            plus_one(kept, 1)
        while pgconn.get_result() is not None:
            pass
        assert plus_one(kept, 2) == [(3,)]
        kept.driver.rollback()
