"""PostgreSQL's reads run each statement in its own transaction, on read-only sessions no ping
precedes (``storage/plain_reads.py``): what a write committed is read at once, a write that
strayed into a read fails, and a server restart costs no failed read. Reads of one statement
(``AloneReads``: fault rules, webhook endpoints) take the same sessions."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import event

from mockserver.integration.local_postgres import PostgresServer
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage.database.engine import create_engine
from mockserver.storage.database.plain_reads import AloneReads, PlainReads
from mockserver.storage.database.write_locks import lock_key
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash
from tests.asgi_client import TestClient
from tests.conftest import START, ApiClient, own_postgres

# A server of the module's own: a restart ends every session on it.
server = pytest.fixture(scope="module", name="server")(own_postgres)


def test_sqlite_reads_keep_their_transaction(tmp_path: object) -> None:
    engine = create_engine(f"{tmp_path}/sandbox.db")
    assert PlainReads.of(engine) is None
    engine.dispose()


def test_a_read_session_refuses_writes_and_sees_every_commit(server: PostgresServer) -> None:
    engine = create_engine(server.create_database())
    table = sa.Table("notes", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))
    table.create(engine)
    reads = PlainReads.of(engine)
    assert reads is not None
    count = sa.select(sa.func.count()).select_from(table)
    with reads.session(lambda connection: connection.execute(count).scalar()) as (connection, found):
        assert found == 0
        with engine.begin() as writer:
            writer.execute(sa.insert(table).values(id=1))
        assert connection.execute(count).scalar() == 1, "each statement sees what was committed before it"
        with pytest.raises(sa.exc.InternalError, match="read-only transaction"):
            connection.execute(sa.insert(table).values(id=2))
    reads.dispose()
    engine.dispose()


def test_a_get_after_a_restart_is_answered(server: PostgresServer) -> None:
    settings = Settings.load({"db": server.create_database(), "start_at": START, "frozen": True}, environ={})
    with TestClient(create_app(settings)) as http:
        api = ApiClient(http, "sk_rsv_plain_reads_0001")
        assert api.book(slot_id=3, weeks_ahead=1).status_code == 201
        assert api.get("/bookings/1").status_code == 200
        server.restart()
        answer = api.get("/bookings/1")
        assert answer.status_code == 200, answer.text
        assert answer.json()["data"]["id"] == 1


def test_a_get_and_a_create_are_served_on_the_loop_and_a_create_whose_lock_is_held_on_a_thread(
    server: PostgresServer, hops: list[str]
) -> None:
    url = server.create_database()
    settings = Settings.load({"db": url, "start_at": START, "frozen": True}, environ={})
    key = "sk_rsv_plain_reads_0002"
    with TestClient(create_app(settings)) as http:
        api = ApiClient(http, key)
        assert api.get("/bookings/1").status_code == 200  # first sight: seeded off the loop
        hops.clear()
        assert api.get("/bookings/1").status_code == 200
        assert api.book(slot_id=3, weeks_ahead=1).status_code == 201
        assert not [hop for hop in hops if "get_booking" in hop or "create_booking" in hop], hops
        other, clients = create_engine(url), ThreadPoolExecutor(2)
        lock = {"key": lock_key(sandbox_hash(key))}
        with other.connect() as holder:  # another server's write, holding the sandbox's lock
            holder.execute(sa.text("SELECT pg_advisory_lock(:key)"), lock)
            try:
                waiting = clients.submit(api.book, slot_id=3, weeks_ahead=2)
                time.sleep(0.3)
                assert not waiting.done(), "the create waits for the lock"
                read = clients.submit(api.get, "/bookings/1").result(timeout=5)
                assert read.status_code == 200, "and holds nothing else up: the loop serves on"
            finally:
                holder.execute(sa.text("SELECT pg_advisory_unlock(:key)"), lock)
            assert waiting.result(timeout=10).status_code == 201
        other.dispose()
        assert [hop for hop in hops if "create_booking" in hop], "it waited on a thread, not on the loop"


def _table(engine: sa.Engine) -> sa.Table:
    table = sa.Table("notes", sa.MetaData(), sa.Column("id", sa.Integer, primary_key=True))
    table.create(engine)
    return table


def test_a_read_sees_what_was_committed_and_holds_no_transaction(server: PostgresServer) -> None:
    engine = create_engine(server.create_database())
    plain = PlainReads.of(engine)
    table, reads = _table(engine), AloneReads(engine, plain)
    assert reads.all(sa.select(table)) == []
    with engine.begin() as connection:
        connection.execute(sa.insert(table).values(id=1))
    assert [row.id for row in reads.all(sa.select(table))] == [1]
    with engine.connect() as connection:
        idle = connection.execute(
            sa.text("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction'")
        ).scalar()
    assert idle == 0, "a read left a transaction open"
    assert plain is not None
    plain.dispose()
    engine.dispose()


def test_a_read_after_a_restart_is_answered(server: PostgresServer) -> None:
    engine = create_engine(server.create_database())
    plain = PlainReads.of(engine)
    table, reads = _table(engine), AloneReads(engine, plain)
    assert reads.all(sa.select(table)) == []
    server.restart()
    assert reads.all(sa.select(table)) == [], "read again on a fresh connection"
    assert plain is not None
    plain.dispose()
    engine.dispose()


def test_an_event_loops_reads_keep_one_connection_and_a_read_inside_a_read_takes_another(
    server: PostgresServer,
) -> None:
    engine = create_engine(server.create_database())
    plain = PlainReads.of(engine)
    assert plain is not None
    checkouts: list[object] = []
    event.listen(plain._engine, "checkout", lambda dbapi, *_: checkouts.append(dbapi))

    def driver(connection: sa.Connection) -> Any:
        return connection.connection.driver_connection

    async def reads_on_a_loop() -> list[Any]:
        outers = []
        for _ in range(3):
            with plain.session(driver) as (_, outer):
                outers.append(outer)
                with plain.session(driver) as (_, inner):
                    assert inner is not outer, "a read inside a read has a connection of its own"
        return outers

    outers = asyncio.run(reads_on_a_loop())
    assert len({id(outer) for outer in outers}) == 1, "the loop's reads followed each other on one"
    assert len(checkouts) == 4, "the loop's kept connection once, and each read inside a read"
    checkouts.clear()
    for _ in range(2):  # a thread with no loop (a handler's write path, a control handler)
        with plain.session(driver):
            pass
    assert len(checkouts) == 2, "a read off the loop checks one out of the pool"
    plain.dispose()
    engine.dispose()
