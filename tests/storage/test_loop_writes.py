"""A worker's event loop keeps one PostgreSQL connection for its handlers' writes
(``storage/database/loop_writes.py``): one connection for writes that follow each other, each
transaction with its own options only, a fresh one where the server ended the session, and a
pooled one for a write inside a write or off the loop."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from mockserver.storage.database.engine import create_engine
from mockserver.storage.database.loop_writes import LoopWrites
from mockserver.storage.database.write_locks import LocksBusy, lock_key, write_options

NOTE = sa.Table("notes", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))


@pytest.fixture
def engine(pg_database: str) -> Iterator[sa.Engine]:
    engine = create_engine(pg_database)
    NOTE.create(engine)
    yield engine
    engine.dispose()


def on_a_loop(work: Callable[[], Any]) -> Any:
    async def run() -> Any:
        return work()

    return asyncio.run(run())


def note(writes: LoopWrites, note_id: int, **options: Any) -> int:
    """Writes a note; the backend's process id that wrote it."""
    with writes.transaction(options, None) as connection:
        connection.execute(sa.insert(NOTE).values(id=note_id))
        return int(connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one())


def notes(engine: sa.Engine) -> list[int]:
    with engine.connect() as connection:
        return sorted(connection.execute(sa.select(NOTE.c.id)).scalars())


def test_writes_on_a_loop_follow_each_other_on_one_connection(engine: sa.Engine) -> None:
    writes, checkouts = LoopWrites(engine), []
    event.listen(engine, "checkout", lambda *_: checkouts.append(1))
    backends = on_a_loop(lambda: {note(writes, n, **write_options("sandbox a")) for n in range(1, 5)})
    assert len(backends) == 1
    assert len(checkouts) == 1, "one checkout for four transactions"
    off_the_loop = note(writes, 5)
    assert len(checkouts) == 2, "off a loop: a pooled connection"
    assert off_the_loop not in backends
    assert notes(engine) == [1, 2, 3, 4, 5]
    writes.dispose()


def test_a_write_inside_a_write_takes_another_connection(engine: sa.Engine) -> None:
    writes = LoopWrites(engine)

    def nested() -> tuple[int, int]:
        with writes.transaction({}, None) as outer:
            outer.execute(sa.insert(NOTE).values(id=1))
            inner = note(writes, 2)
            return int(outer.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()), inner

    outer, inner = on_a_loop(nested)
    assert outer != inner
    assert notes(engine) == [1, 2]
    writes.dispose()


def test_a_transaction_keeps_none_of_the_last_ones_options(engine: sa.Engine) -> None:
    writes = LoopWrites(engine)
    on_a_loop(lambda: note(writes, 1, **write_options("sandbox a", bounded=True)))
    with engine.connect() as holder:
        holder.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": lock_key("sandbox a")})
        assert on_a_loop(lambda: note(writes, 2)), "not the last transaction's lock"
        with pytest.raises(LocksBusy):
            on_a_loop(lambda: note(writes, 3, **write_options("sandbox a", bounded=True)))
        holder.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key("sandbox a")})
    on_a_loop(lambda: note(writes, 4, **write_options("sandbox a", bounded=True)))
    assert notes(engine) == [1, 2, 4], "the refused write wrote nothing; the next one did"
    writes.dispose()


def test_a_session_the_server_ended_is_replaced_before_the_next_write(engine: sa.Engine) -> None:
    writes = LoopWrites(engine)
    first = on_a_loop(lambda: note(writes, 1, **write_options("sandbox a")))
    with engine.connect() as admin:
        # Waits until that session's process has ended (PostgreSQL 14 and later): without the
        # wait, the next write could meet the session before its end reached the client, which
        # no check ahead of a statement can know (a CI run failed so, once).
        admin.execute(sa.text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": first})
    second = on_a_loop(lambda: note(writes, 2, **write_options("sandbox a")))
    assert second != first
    assert notes(engine) == [1, 2]
    writes.dispose()


def test_a_session_ended_inside_a_transaction_fails_it_and_the_next_write_reconnects(
    engine: sa.Engine,
) -> None:
    # The end is found by the transaction's own statement, not before it (``checked``): the
    # connection is invalidated mid-transaction, and what ``_reset`` leaves must let the next
    # ``begin`` take a fresh connection.
    writes = LoopWrites(engine)

    def ended_midway() -> None:
        with writes.transaction(write_options("sandbox a"), None) as connection:
            connection.execute(sa.insert(NOTE).values(id=1))
            pid = connection.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
            with engine.connect() as admin:
                admin.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            connection.execute(sa.insert(NOTE).values(id=2))

    with pytest.raises(sa.exc.OperationalError):
        on_a_loop(ended_midway)
    checkouts: list[int] = []
    event.listen(engine, "checkout", lambda *_: checkouts.append(1))
    backends = {
        on_a_loop(lambda: note(writes, 3, **write_options("sandbox a"))),
        on_a_loop(lambda: note(writes, 4, **write_options("sandbox a", bounded=True))),
    }
    assert len(backends) == 1, "the loop's one connection"
    assert len(checkouts) == 1, "made again once, and kept"
    assert notes(engine) == [3, 4], "the ended transaction wrote nothing; the next ones did"
    writes.dispose()
