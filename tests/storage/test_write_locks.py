"""A write's locks on PostgreSQL (``storage/database/write_locks.py``): a bounded write gives up
on its sandbox's lock after ``LOOP_LOCK_WAIT_MS``, and only that wait is bounded: a later wait
in the same transaction, and any wait of an unbounded write, lasts as long as the lock is held.
A create refused its lock on the loop leaves the loop's connection answering the next ones."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
import sqlalchemy as sa

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage.database.engine import connection_lost, create_engine
from mockserver.storage.database.write_locks import (
    LOOP_LOCK_WAIT_MS,
    LocksBusy,
    lock_key,
    write_options,
)
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash
from tests.asgi_client import TestClient
from tests.conftest import START

HELD_S = 0.6
"""How long another session holds a lock the test waits for: well past the bounded wait."""


@pytest.fixture
def engine(pg_database: str) -> Iterator[sa.Engine]:
    engine = create_engine(pg_database)
    yield engine
    engine.dispose()


@contextmanager
def held_by_another(engine: sa.Engine, name: str, seconds: float) -> Iterator[None]:
    """Another session takes ``name``'s lock, and lets it go ``seconds`` later (the block ends
    once it has)."""
    held = threading.Event()

    def hold() -> None:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": lock_key(name)})
            held.set()
            time.sleep(seconds)
            connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(name)})

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(5)
        yield
    finally:
        holder.join()


def test_a_bounded_write_gives_up_on_a_held_lock_after_its_wait(engine: sa.Engine) -> None:
    with held_by_another(engine, "sandbox a", HELD_S):
        began = time.monotonic()
        with pytest.raises(LocksBusy), engine.connect() as connection:
            connection.execution_options(**write_options("sandbox a", bounded=True)).begin()
        waited = time.monotonic() - began
    assert LOOP_LOCK_WAIT_MS / 1000 <= waited < HELD_S, f"gave up after {waited:.3f} s"


def test_an_unbounded_write_waits_for_the_lock(engine: sa.Engine) -> None:
    with held_by_another(engine, "sandbox a", HELD_S):
        began = time.monotonic()
        with (
            engine.connect() as connection,
            connection.execution_options(**write_options("sandbox a")).begin(),
        ):
            pass
        assert time.monotonic() - began >= HELD_S * 0.9


def test_only_the_bounded_lock_is_bounded_a_later_wait_in_its_transaction_is_not(engine: sa.Engine) -> None:
    bounded = write_options("sandbox a", bounded=True)
    with held_by_another(engine, "sandbox b", HELD_S):
        began = time.monotonic()
        with engine.connect() as connection, connection.execution_options(**bounded).begin():
            # The sandbox's own lock was free; a lock the transaction finds later is waited for.
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": lock_key("sandbox b")})
            timeout = connection.execute(sa.text("SHOW lock_timeout")).scalar()
    assert time.monotonic() - began >= HELD_S * 0.9
    assert timeout == "0", "the session's own wait, unbounded"


def test_a_create_refused_its_lock_on_the_loop_leaves_the_loops_connection_answering(
    engine: sa.Engine, pg_database: str
) -> None:
    """A create whose bounded wait runs out has sent its first reads behind the lock, in the
    pipeline the lock's error aborts: a statement psycopg first prepared there was never made.
    Its rollback must leave psycopg knowing that (its prepared statements cleared), or the loop's
    next create asks for a statement the server does not have (with a rollback that kept them,
    the loop's next create answered 500: docs/performance.md, the twenty-fourth round)."""
    key = "sk_rsv_refused_lock"
    app = create_app(
        Settings.load(
            {"db": pg_database, "start_at": START, "frozen": True},
            environ={},
        )
    )
    with TestClient(app, headers={"Authorization": f"Bearer {key}"}) as client:
        slot = client.get("/reservekit/v1/time-slots/50").json()["data"]

        def create(week: int) -> int:
            day = (START + timedelta(days=(slot["day_of_week"] - START.isoweekday()) % 7 + 7 * week)).date()
            body = {"time_slot_id": 50, "date": day.isoformat(), "customer_email": f"c{week}@example.com"}
            path = f"/reservekit/v1/bookings?service_id={slot['service_id']}"
            return int(client.post(path, json=body).status_code)

        # Refused at the loop's fourth to eighth runs of a create's statements: one refusal
        # falls on psycopg's preparing (a statement's sixth run), with room either side.
        answers = [create(week) for week in range(1, 4)]
        for week in range(4, 9):
            with held_by_another(engine, sandbox_hash(key), LOOP_LOCK_WAIT_MS / 1000 * 4):
                answers.append(create(week))  # refused on the loop; waits on a thread
        answers += [create(week) for week in range(9, 12)]  # on the loop's connection again
    assert answers == [201] * 11


def test_a_write_whose_session_ends_at_its_begin_is_a_lost_connection_and_no_traceback(
    engine: sa.Engine, caplog: pytest.LogCaptureFixture
) -> None:
    """The server ends the session between the pool's checkout and the write's locks (a restart
    does so to every session). The locks' pipeline raised the driver's error outside SQLAlchemy's
    statements: the pool then rolled the dead session back on its return, and logged that
    failing as a traceback, "Exception during reset or similar", on every database restart."""
    ended: list[int] = []

    def end_its_session(connection: sa.Connection) -> None:
        if ended:
            return
        ended.append(connection.connection.driver_connection.info.backend_pid)  # type: ignore[union-attr]
        with engine.connect() as admin:
            admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": ended[0]})
        time.sleep(0.2)  # the server's FATAL message, then the socket's end

    sa.event.listen(engine, "engine_connect", end_its_session)
    lost_by_driver = pytest.raises(engine.dialect.loaded_dbapi.OperationalError)
    with (
        lost_by_driver as lost,
        engine.connect().execution_options(**write_options("a sandbox")) as connection,
    ):
        connection.begin()
    assert connection_lost(engine)(lost.value)  # answered 503, "nothing was changed"
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR] == []
    with engine.connect().execution_options(**write_options("a sandbox")) as connection, connection.begin():
        assert connection.execute(sa.text("SELECT 1")).scalar() == 1
