"""A real PostgreSQL restart under journal writes: the slot leases end with their sessions, a
process leases a slot again before it writes another entry, and every entry whose commit was
reported done is there once, with ids unique across the processes."""

from __future__ import annotations

import itertools
import logging
import threading
import time

import psycopg
import pytest
import sqlalchemy as sa

from mockserver.control.journal_writer import JournalWriter
from mockserver.integration.local_postgres import PostgresServer
from mockserver.storage.control.journal_pipeline import PipelinedBatch
from mockserver.storage.control.journal_schema import journal
from mockserver.storage.control.journal_shards import JournalShards
from mockserver.storage.database.engine import create_engine
from mockserver.storage.migrations import ensure_schema
from tests.conftest import own_postgres
from tests.control.test_journal_writer import SANDBOX, exchange

# A server of the test's own.
server = pytest.fixture(name="server")(own_postgres)


class Process:
    """One server process's journal: its own engine, shards (slot) and writer."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self.shards = JournalShards(self.engine)
        self.writer = JournalWriter(self.engine, self.shards, limit=100_000)

    def write(self, path: str) -> None:
        self.writer.submit(SANDBOX, exchange(path)).result(timeout=30)

    @property
    def slot(self) -> int:
        return self.shards.own()[0]

    def close(self) -> None:
        self.writer.stop()
        self.shards.close()
        self.engine.dispose()


def test_after_a_restart_no_two_processes_write_under_one_slot(server: PostgresServer) -> None:
    url = server.create_database()
    engine = create_engine(url)
    ensure_schema(engine)
    first = Process(url)
    first.write("/before")
    assert first.slot == 0
    server.restart()
    second = Process(url)  # started afterwards: slot 0's lock went with the first's session
    second.write("/second")
    assert second.slot == 0
    first.write("/after")  # its lease is gone: it leases again before writing
    moved = first.slot
    assert moved != second.slot
    first.close()
    second.close()
    with engine.connect() as connection:
        ids = [row.id for row in connection.execute(sa.select(journal.c.id))]
    assert len(ids) == len(set(ids)) == 3
    assert sorted(i % 64 for i in ids) == sorted([0, 0, moved])
    engine.dispose()


def test_every_entry_reported_written_through_a_restart_under_load_is_there_once(
    server: PostgresServer, said: list[logging.LogRecord]
) -> None:
    url = server.create_database()
    engine = create_engine(url)
    ensure_schema(engine)
    process = Process(url)
    written: list[str] = []
    failed: list[str] = []
    stop = threading.Event()

    def load(worker: int) -> None:
        for n in itertools.count():
            if stop.is_set():
                return
            path = f"/w{worker}/{n}"
            try:
                process.write(path)
            except Exception:
                failed.append(path)
                time.sleep(0.01)
            else:
                written.append(path)

    threads = [threading.Thread(target=load, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    server.restart()
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    process.close()
    with engine.connect() as connection:
        rows = connection.execute(sa.select(journal.c.id, journal.c.path)).all()
    engine.dispose()
    stored = [row.path for row in rows]
    assert len(written) > 10, "the load wrote nothing"
    assert set(written) <= set(stored), f"{len(set(written) - set(stored))} entries reported written are gone"
    assert len(stored) == len(set(stored)), "an entry was written twice"
    assert len({row.id for row in rows}) == len(rows)
    # One restart: the log says at most once that the database went, and then that it is back.
    lines = [record.getMessage() for record in said]
    assert len(lines) in (0, 2), lines
    assert all(line.startswith("journal: the database is ") and "\n" not in line for line in lines), lines


def test_a_batch_committed_before_its_session_ended_is_not_written_again(
    server: PostgresServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server commits, then the session ends before the answer arrives (a restart's
    shutdown): the writer sees a failure and keeps the entries, and its next attempt finds
    them there instead of writing them again under new ids (``control/journal_doubts``)."""
    url = server.create_database()
    engine = create_engine(url)
    ensure_schema(engine)
    commit = PipelinedBatch.commit
    ended: list[bool] = []

    def committed_then_cut(batch: PipelinedBatch) -> None:
        commit(batch)
        if not ended:
            ended.append(True)
            raise psycopg.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(PipelinedBatch, "commit", committed_then_cut)
    process = Process(url)
    with pytest.raises(psycopg.OperationalError):
        process.write("/in-doubt")  # its waiter hears of the failure, as a request would
    process.write("/next")  # the kept entry goes first, into this batch
    process.close()
    with engine.connect() as connection:
        stored = [row.path for row in connection.execute(sa.select(journal.c.path).order_by(journal.c.id))]
    engine.dispose()
    assert stored == ["/in-doubt", "/next"]
