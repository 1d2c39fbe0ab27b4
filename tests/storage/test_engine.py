"""Opening one SQLite file from several workers at once; a PostgreSQL pool's connections that
their server has ended."""

from __future__ import annotations

import os
import resource
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from mockserver.integration.local_postgres import PostgresServer
from mockserver.storage.database.engine import KeptConnection, create_engine, writing
from mockserver.storage.database.prepare import prepare_database
from mockserver.storage.database.urls import database_file_of


@contextmanager
def another_worker_writing(path: Path) -> Iterator[None]:
    """A second connection inside a write transaction, as a worker creating the schema is."""
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("CREATE TABLE IF NOT EXISTS busy (id INTEGER)")
        yield
        holder.execute("COMMIT")
    finally:
        holder.close()


def test_a_worker_opens_a_prepared_file_while_another_writes(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.db"
    prepare_database(str(path))
    engine = create_engine(str(path))
    with another_worker_writing(path), engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_an_unprepared_file_is_what_serve_must_avoid(tmp_path: Path) -> None:
    """Why ``serve`` prepares the file: a fresh one cannot switch to WAL while another writes."""
    path = tmp_path / "sandbox.db"
    engine = create_engine(str(path))
    with another_worker_writing(path), pytest.raises(sa.exc.OperationalError, match="locked"):
        engine.connect()
    engine.dispose()


@pytest.mark.parametrize("name", ["my%20sandbox.db", "what?.db", "sä ndbox #1.db"])
def test_a_file_is_opened_by_its_own_name_whatever_it_holds(tmp_path: Path, name: str) -> None:
    """SQLAlchemy reads a URL's "%20" as a space and its "?" as a query's start: a file named so
    was prepared under its name and opened under another."""
    path = tmp_path / name
    assert database_file_of(str(path)) == str(path)
    prepare_database(str(path))
    engine = create_engine(str(path))
    with writing(engine) as connection:
        connection.exec_driver_sql("CREATE TABLE entries (n INTEGER PRIMARY KEY)")
    engine.dispose()
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT count(*) FROM entries").fetchone() == (0,)
    assert {file.name for file in tmp_path.iterdir()} <= {
        name + suffix for suffix in ("", "-wal", "-shm", "-writer.lock")
    }


@pytest.fixture
def entries(tmp_path: Path) -> Iterator[sa.Engine]:
    """A SQLite file with one table of entries, for the kept connection's transactions."""
    engine = create_engine(str(tmp_path / "kept.db"))
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE entries (n INTEGER PRIMARY KEY)")
    yield engine
    engine.dispose()


def test_a_kept_connection_commits_each_transaction_and_survives_a_failed_one(entries: sa.Engine) -> None:
    engine = entries
    kept = KeptConnection()
    with kept.transaction(engine) as first:
        first.exec_driver_sql("INSERT INTO entries VALUES (1)")

    def both() -> None:
        with kept.transaction(engine) as again:
            again.exec_driver_sql("INSERT INTO entries VALUES (2)")
            again.exec_driver_sql("INSERT INTO entries VALUES (1)")  # the whole transaction goes

    with pytest.raises(sa.exc.IntegrityError):
        both()
    with kept.transaction(engine) as third:
        assert third is first  # one connection throughout, not one checked out per transaction
        third.exec_driver_sql("INSERT INTO entries VALUES (3)")
    # Committed as each block ended: another connection sees exactly the two that succeeded,
    # and the kept one holds no transaction open (a writer elsewhere is not kept waiting).
    with engine.begin() as other:
        assert [row[0] for row in other.exec_driver_sql("SELECT n FROM entries ORDER BY n")] == [1, 3]
        other.exec_driver_sql("INSERT INTO entries VALUES (4)")
    assert engine.pool.checkedout() == 1  # type: ignore[attr-defined]
    kept.close()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_kept_connections_transactions_are_the_drivers_each_on_one_snapshot(entries: sa.Engine) -> None:
    """SQLAlchemy begins once on a kept connection; each transaction after is the driver's
    own: one snapshot for all its reads, and ended when its block ends, so the next sees what
    others committed meanwhile (a snapshot left open would show a reader the past for ever)."""
    engine = entries
    begun: list[sa.Connection] = []
    sa.event.listen(engine, "begin", begun.append)
    kept = KeptConnection()

    def count(connection: sa.Connection) -> int:
        return int(connection.exec_driver_sql("SELECT count(*) FROM entries").scalar_one())

    for n in range(1, 4):
        with kept.transaction(engine) as reading:
            before = count(reading)
            with engine.begin() as other:  # another worker's write, between two reads of one
                other.exec_driver_sql(f"INSERT INTO entries VALUES ({n})")
            assert count(reading) == before == n - 1
    assert len(begun) == 1 + 3  # SQLAlchemy's begin on the kept connection once; the writer's three
    with kept.transaction(engine) as reading:
        assert count(reading) == 3
    kept.close()


def test_a_transaction_inside_another_on_a_kept_connection_is_refused(entries: sa.Engine) -> None:
    engine = entries
    kept = KeptConnection()
    with kept.transaction(engine):
        pass  # SQLAlchemy's transaction is open from here on

    def nested() -> None:
        with kept.transaction(engine) as outer:
            outer.exec_driver_sql("INSERT INTO entries VALUES (1)")
            with kept.transaction(engine):
                pass

    with pytest.raises(sa.exc.InvalidRequestError, match="already begun"):
        nested()
    with engine.connect() as other:  # the outer one rolled back whole, none of it committed
        assert other.exec_driver_sql("SELECT count(*) FROM entries").scalar_one() == 0
    kept.close()


def test_a_kept_connection_follows_a_new_engine(tmp_path: Path) -> None:
    old, new = create_engine(str(tmp_path / "old.db")), create_engine(str(tmp_path / "new.db"))
    kept = KeptConnection()
    with kept.transaction(old) as connection:
        connection.exec_driver_sql("CREATE TABLE marks (n INTEGER)")
    with kept.transaction(new) as connection:
        connection.exec_driver_sql("CREATE TABLE marks (n INTEGER)")
    assert old.pool.checkedout() == 0  # type: ignore[attr-defined]
    assert new.pool.checkedout() == 1  # type: ignore[attr-defined]
    kept.close()
    old.dispose()
    new.dispose()


def test_a_kept_connection_is_one_per_thread_and_close_ends_them_all(tmp_path: Path) -> None:
    engine = create_engine(str(tmp_path / "threads.db"))
    kept = KeptConnection()
    here = kept.connection(engine)
    assert kept.connection(engine) is here
    there: list[sa.Connection] = []
    thread = threading.Thread(target=lambda: there.append(kept.connection(engine)))
    thread.start()
    thread.join()
    assert there[0] is not here  # a thread never uses another's connection
    assert engine.pool.checkedout() == 2  # type: ignore[attr-defined]
    kept.close()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    again = kept.connection(engine)  # the next use makes a new one
    assert again is not here
    assert not again.closed
    kept.close()
    engine.dispose()


def test_a_pooled_connection_its_server_ended_is_replaced_not_handed_out(postgres: PostgresServer) -> None:
    """No round trip asks whether a pooled connection lives (``pool_pre_ping`` made two a
    write): one its server ended while it sat in the pool (a restart, an administrator) is
    known by what the server sent as it ended it, and a new one serves the write."""
    engine = create_engine(postgres.create_database())
    try:
        with engine.connect() as connection:
            ended = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        # Waits until that session's process has ended (PostgreSQL 14 and later).
        postgres.execute(f"SELECT pg_terminate_backend({ended}, 10000)")
        with writing(engine, "a sandbox") as connection:
            serving = connection.exec_driver_sql("SELECT pg_backend_pid()").scalar()
        assert serving != ended
        assert engine.pool.checkedout() == 0
    finally:
        engine.dispose()


def test_a_pooled_connection_past_descriptor_1024_is_handed_out(postgres: PostgresServer) -> None:
    """A long-lived worker holds more than 1,024 descriptors (its files, sockets and shards):
    the check of a pooled connection works past the limit ``select`` has (it had raised
    "filedescriptor out of range" on every checkout there)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1100:
        pytest.skip(f"this process may open only {hard} descriptors")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, 1100), hard))
    held = [os.dup(0) for _ in range(1030)]
    engine = create_engine(postgres.create_database())
    try:
        for _ in range(5):
            with writing(engine, "a sandbox") as connection:
                descriptor = connection.connection.dbapi_connection.fileno()  # type: ignore[union-attr]
            if descriptor > 1024:
                break
            # Another thread of this process (an earlier test's, ending) closed a low descriptor
            # after the ones above were taken: hold it too, and connect again.
            engine.dispose()
            held += [os.dup(0) for _ in range(16)]
        assert descriptor > 1024
        with writing(engine, "a sandbox") as connection:  # the same connection, checked again
            assert connection.exec_driver_sql("SELECT 1").scalar() == 1
    finally:
        engine.dispose()
        for descriptor in held:
            os.close(descriptor)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_a_failed_statements_message_names_no_values(database: str) -> None:
    """Logged as "storage unavailable on PUT /_sandbox/state: …", the message of a failed
    write held every row of the import it was writing: 4 KB of a sandbox's customers a line."""
    engine = create_engine(database)
    try:
        with pytest.raises(sa.exc.DBAPIError) as failed, engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO no_such_table VALUES (:who)"), {"who": "ada@example.com"})
    finally:
        engine.dispose()
    assert "no_such_table" in str(failed.value)
    assert "ada@example.com" not in str(failed.value)
