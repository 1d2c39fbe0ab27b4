"""Group commit: entries wait for the one transaction that carries them; shards read as one journal."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.control.journal import Journal
from mockserver.control.journal_clocks import EntryClocks
from mockserver.control.journal_entries import BODY_LIMIT, Recorded
from mockserver.control.journal_filters import JournalFilter
from mockserver.control.journal_writer import JournalWriter
from mockserver.documents.har import har_chunks
from mockserver.domain.kernel.clock import ClockStart, advanced
from mockserver.storage.control.journal_appends import ShardAppends
from mockserver.storage.control.journal_pending import PendingMark
from mockserver.storage.control.journal_schema import journal as journal_table
from mockserver.storage.control.journal_shards import JournalShards
from mockserver.storage.database.engine import create_engine
from mockserver.storage.kernel import schema as store_table
from mockserver.storage.migrations import ensure_schema
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash
from mockserver.storage.tenancy.sandboxes import SandboxStore

SANDBOX = sandbox_hash("sk_rsv_writer_tests")
EVERYTHING = JournalFilter()


def exchange(path: str) -> Recorded:
    return Recorded(
        kind="request",
        api="reservekit-v1",
        method="GET",
        path=path,
        query="",
        status=200,
        duration_ms=1.0,
        request_headers=[("authorization", "Bearer sk_rsv_writer_tests")],
        request_body=b"",
        response_headers=[("content-type", "application/json")],
        response_body=b"{}",
    )


def paths(journal: Journal) -> list[str]:
    entries, _ = journal.entries(SANDBOX, EVERYTHING, 100)
    return [entry["path"] for entry in entries]


@pytest.fixture
def db(database: str) -> str:
    engine = create_engine(database)
    ensure_schema(engine)
    engine.dispose()
    return database


def own_commits(
    monkeypatch: pytest.MonkeyPatch, journal: Journal, counted: Callable[[list[Any]], Any]
) -> None:
    """``counted`` in place of this journal's commits alone: set on the class, it also counted
    another test's writer still in this process, retrying kept entries every half second (a
    commit of none, seen as ``[10, 0]``)."""
    monkeypatch.setattr(journal._writer, "_commit", counted)


def test_entries_queued_during_a_commit_share_the_next_one(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    journal = Journal(create_engine(db), limit=100)
    batches: list[int] = []
    first_commit_started, first_commit_may_finish = threading.Event(), threading.Event()
    commit = JournalWriter._commit

    def counted(batch: list[Any]) -> None:
        batches.append(len(batch))
        if len(batches) == 1:
            first_commit_started.set()
            first_commit_may_finish.wait(5)
        commit(journal._writer, batch)

    own_commits(monkeypatch, journal, counted)
    waiting = [journal.submit(SANDBOX, exchange("/0"))]
    assert first_commit_started.wait(5)
    waiting += [journal.submit(SANDBOX, exchange(f"/{n}")) for n in range(1, 20)]
    assert not any(done.done() for done in waiting), "nobody is answered before their commit"
    first_commit_may_finish.set()
    for done in waiting:
        done.result(timeout=5)
    assert batches == [1, 19]
    assert paths(journal) == [f"/{n}" for n in reversed(range(20))]
    journal.stop()


def test_an_entry_is_readable_once_its_future_is_done(db: str) -> None:
    journal = Journal(create_engine(db), limit=100)
    for n in range(5):
        journal.submit(SANDBOX, exchange(f"/{n}")).result(timeout=5)
        assert journal.count(SANDBOX, EVERYTHING) == n + 1
    journal.stop()


def test_workers_shards_read_as_one_journal_bounded_as_one(db: str) -> None:
    first, second = Journal(create_engine(db), limit=3), Journal(create_engine(db), limit=3)
    for n, journal in enumerate([first, second, first, second, second]):
        journal.record(SANDBOX, exchange(f"/{n}"))
    assert paths(first) == paths(second) == ["/4", "/3", "/2"]
    assert first.count(SANDBOX, JournalFilter(path="/1")) == 0, "older than the newest three"
    ids = [entry["id"] for entry in first.entries(SANDBOX, EVERYTHING, 10)[0]]
    assert ids == sorted(ids, reverse=True)
    assert len(set(ids)) == 3
    second.clear(SANDBOX)
    assert first.count(SANDBOX, EVERYTHING) == 0, "clearing reaches every worker's shard"
    first.stop()
    second.stop()


def large(path: str, size: int = 60_000) -> Recorded:
    return replace(exchange(path), response_body=b"x" * size)


def stored(db: str) -> list[list[tuple[str, int]]]:
    """Every entry of the sandbox as stored, a list per shard: its path and its bytes."""
    shards = JournalShards(create_engine(db))
    found: list[list[tuple[str, int]]] = []
    for shard in shards.readers():
        with shard.connect() as connection:
            j = journal_table.c
            query = sa.select(j.path, j.stored_bytes).where(j.sandbox_hash == SANDBOX)
            found.append([(row.path, row.stored_bytes) for row in connection.execute(query)])
    shards.close()
    return found


def test_a_journal_is_bounded_in_bytes_oldest_out_first_across_shards(db: str) -> None:
    bound = 1024 * 1024
    first, second = (Journal(create_engine(db), limit=1000, max_bytes=bound) for _ in range(2))
    for n in range(40):
        (first if n % 3 else second).record(SANDBOX, large(f"/{n}"))
    shown = paths(first)
    # Each entry holds its 60,000-byte body and a few hundred bytes more: 17 fit in a mebibyte.
    assert shown == [f"/{n}" for n in range(39, 22, -1)], shown
    assert paths(second) == shown
    assert first.count(SANDBOX, EVERYTHING) == 17
    # On disk each process's shard keeps its own newest within the bound, trimmed once a tenth
    # of the bound has come in since it last was: at most a tenth and an entry over it.
    for shard in stored(db):
        assert sum(size for _, size in shard) <= bound * 1.1 + 60_400, sorted(shard)
    assert sum(len(shard) for shard in stored(db)) < 40
    # A body past the journal's own bound counts what is kept of it, not what was sent.
    first.record(SANDBOX, large("/whole", 200_000))
    [(_, size)] = [row for shard in stored(db) for row in shard if row[0] == "/whole"]
    assert BODY_LIMIT < size < BODY_LIMIT + 1024
    first.stop()
    second.stop()


def test_an_export_streams_holding_a_page_not_the_journal(db: str) -> None:
    """A journal of 24 MB exported entry by entry: what the export holds at once stays a page
    of entries (16 of them, two 60 KB bodies each), never the journal (issue 63: four exports
    of a large journal took one worker from 278 MiB to 1,772 MiB)."""
    journal = Journal(create_engine(db), limit=1000, max_bytes=64 * 1024 * 1024)
    body = b"y" * 60_000
    for n in range(200):
        journal.record(SANDBOX, replace(large(f"/{n}"), request_body=body))
    tracemalloc.start()
    try:
        chunks = har_chunks(journal.exchanges(SANDBOX, EVERYTHING, "http://127.0.0.1:8000"))
        sent = sum(len(chunk) for chunk in chunks)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sent > 200 * 120_000
    assert peak < 8 * 1024 * 1024, f"{peak / 2**20:.1f} MiB held to export {sent / 2**20:.1f} MiB"
    journal.stop()


def test_a_shard_an_older_release_made_gains_the_size_column_and_its_index(tmp_path: Path) -> None:
    db = str(tmp_path / "sandbox.db")
    ensure_schema(create_engine(db))
    shard = tmp_path / "sandbox.db.journal" / "shard-0.db"
    shard.parent.mkdir()
    old = sa.MetaData()
    sa.Table(
        "journal",
        old,
        *(
            sa.Column(c.name, c.type, primary_key=c.primary_key)
            for c in journal_table.c
            if c.name != "stored_bytes"
        ),
        sa.Index("ix_journal_sandbox_id", "sandbox_hash", "id"),
    )
    old.create_all(create_engine(str(shard)))
    journal = Journal(create_engine(db), limit=10, max_bytes=1024 * 1024)
    journal.record(SANDBOX, exchange("/after-the-upgrade"))
    assert paths(journal) == ["/after-the-upgrade"]
    journal.stop()
    indexes = sa.inspect(create_engine(str(shard))).get_indexes("journal")
    assert [(index["name"], index["column_names"]) for index in indexes] == [
        ("ix_journal_sandbox_id_bytes", ["sandbox_hash", "id", "stored_bytes"])
    ]


def fail_the_next_commit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer's next commit fails ("disk on fire"); the ones after it go through."""
    clocks = EntryClocks.of
    failures = iter([RuntimeError("disk on fire")])

    def failing_once(kept: EntryClocks, digests: set[str], read: Any = None) -> dict[str, Any]:
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return clocks(kept, digests, read)

    monkeypatch.setattr(EntryClocks, "of", failing_once)


def test_a_failed_commit_is_reported_to_its_waiters_and_the_writer_goes_on(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = Journal(create_engine(db), limit=100)
    fail_the_next_commit(monkeypatch)
    with pytest.raises(RuntimeError, match="disk on fire"):
        journal.submit(SANDBOX, exchange("/lost")).result(timeout=5)
    journal.record(SANDBOX, exchange("/kept"))
    assert paths(journal) == ["/kept"]
    journal.stop()


def test_a_failure_outside_the_transaction_is_reported_and_the_writer_goes_on(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the transaction (the slot's lease looked at) ended the writer's thread:
    its submitter, and every one after it, waited for good."""
    journal = Journal(create_engine(db), limit=100)
    failures = iter([RuntimeError("lease unreadable")])

    def broken_once(shards: JournalShards) -> bool:
        if (failure := next(failures, None)) is not None:
            raise failure
        return False

    monkeypatch.setattr(JournalShards, "lease_broken", broken_once)
    with pytest.raises(RuntimeError, match="lease unreadable"):
        journal.submit(SANDBOX, exchange("/lost")).result(timeout=5)
    journal.submit(SANDBOX, exchange("/next")).result(timeout=5)
    # Newest first; the first was committed before the look that failed, which it cannot know.
    assert paths(journal) == ["/next", "/lost"]
    journal.stop()


def test_a_stopped_writer_refuses_instead_of_leaving_a_request_waiting(db: str) -> None:
    journal = Journal(create_engine(db), limit=100)
    journal.record(SANDBOX, exchange("/before"))
    journal.stop()
    with pytest.raises(RuntimeError, match="stopped"):
        journal.submit(SANDBOX, exchange("/after")).result(timeout=5)


def test_a_clock_moved_through_another_process_dates_the_next_entry(database: str) -> None:
    # Two stores on one database stand in for two worker processes: the writer caches clock
    # rows (on SQLite), and the other process's move must reach it before the next entry is dated.
    db = database
    start = ClockStart(datetime(2027, 1, 6, 15, 0, tzinfo=UTC), frozen=True)
    answering = SandboxStore(db, 42, lambda seed: None, start=start)  # type: ignore[arg-type, return-value]
    moving = SandboxStore(db, 42, lambda seed: None, start=start)  # type: ignore[arg-type, return-value]
    key = "sk_rsv_writer_tests"
    answering.change_clock(key, lambda clock: clock)  # makes the sandbox's row
    journal = Journal(answering.engine, limit=100)

    def dated(path: str) -> str:
        journal.submit(SANDBOX, exchange(path)).result(timeout=5)
        entries, _ = journal.entries(SANDBOX, EVERYTHING, 1)
        return str(entries[0]["at"])

    assert dated("/before").startswith("2027-01-06T15:00:00")
    assert dated("/cached").startswith("2027-01-06T15:00:00")
    moving.change_clock(key, lambda clock: advanced(clock, timedelta(days=2)))
    assert dated("/after").startswith("2027-01-08T15:00:00")
    moving.reset(key)
    assert dated("/reset").startswith("2027-01-06T15:00:00")
    journal.stop()


def test_an_entry_is_dated_on_the_clock_row_its_request_read(database: str) -> None:
    """A request that read its sandbox's clock row first (PostgreSQL's first read) hands it on:
    its entry is dated on that row, not on the one stored when the entry is written."""
    start = ClockStart(datetime(2027, 1, 6, 15, 0, tzinfo=UTC), frozen=True)
    store = SandboxStore(database, 42, lambda seed: None, start=start)  # type: ignore[arg-type, return-value]
    store.change_clock("sk_rsv_writer_tests", lambda clock: clock)  # makes the sandbox's row
    journal = Journal(store.engine, limit=100)
    read = sa.select(store_table.sandboxes).where(store_table.sandboxes.c.key_hash == SANDBOX)
    with store.engine.connect() as connection:
        as_read = connection.execute(read).one()
    store.change_clock("sk_rsv_writer_tests", lambda clock: advanced(clock, timedelta(days=2)))

    async def answer() -> None:
        await journal.submit_async(SANDBOX, exchange("/read-first"), as_read)
        await journal.submit_async(SANDBOX, exchange("/read-nothing"))

    asyncio.run(answer())
    entries, _ = journal.entries(SANDBOX, EVERYTHING, 2)
    dated = {entry["path"]: str(entry["at"]) for entry in entries}
    assert dated["/read-first"].startswith("2027-01-06T15:00:00"), "the row its request read"
    assert dated["/read-nothing"].startswith("2027-01-08T15:00:00"), "the row stored when it is written"
    journal.stop()
    store.dispose()


def test_requests_on_an_event_loop_share_their_turns_commit_and_a_read_there_finds_them(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(db)
    journal = Journal(engine, limit=100)
    batches: list[int] = []
    commit = JournalWriter._commit

    def counted(batch: list[Any]) -> BaseException | None:
        batches.append(len(batch))
        return commit(journal._writer, batch)

    own_commits(monkeypatch, journal, counted)

    async def answer_ten() -> list[int]:
        waiting = [journal.submit_async(SANDBOX, exchange(f"/{n}")) for n in range(10)]
        seen = []
        for done in waiting:
            await done
            seen.append(journal.count(SANDBOX, EVERYTHING))
        return seen

    seen = asyncio.run(answer_ten())
    assert seen == [10] * 10, "each answer finds its entry and its turn's"
    # SQLite's answers leave first and the read commits the turn on the loop that queued it;
    # PostgreSQL's wait for the turn's commit, on the loop, at the turn's end.
    assert batches == [10], "one turn's entries, one commit"
    assert paths(journal) == [f"/{n}" for n in reversed(range(10))]
    journal.stop()


@pytest.mark.parametrize("marked", [True, False], ids=["marked", "mark-broken"])
def test_a_read_elsewhere_after_an_answer_waits_for_the_commit_of_its_turn(
    database: str, monkeypatch: pytest.MonkeyPatch, marked: bool
) -> None:
    """Another process's reader (another Journal on the database: its own slot and files) and
    a reader thread of the answering process both wait for the turn's commit, not for a
    poll; with the mark broken, both read before the commit and miss the answered entry."""
    engine = create_engine(database)
    ensure_schema(engine)
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL's entries are committed before their answer leaves")
    if not marked:
        monkeypatch.setattr(PendingMark, "hold", lambda mark: None)
    answering, elsewhere = Journal(engine, limit=100), Journal(create_engine(database), limit=100)
    counts: dict[str, int] = {}

    def read(name: str, journal: Journal) -> threading.Thread:
        thread = threading.Thread(target=lambda: counts.__setitem__(name, journal.count(SANDBOX, EVERYTHING)))
        thread.start()
        return thread

    async def answer_then_hold_the_loop() -> list[threading.Thread]:
        await journal_submitted(answering)
        readers = [read("elsewhere", elsewhere), read("same process", answering)]
        time.sleep(0.3)  # the loop is held: its turn cannot commit yet
        if marked:
            assert counts == {}, "both readers wait for the turn's commit"
        return readers  # returning lets the loop run the turn's commit

    for reader in asyncio.run(answer_then_hold_the_loop()):
        reader.join(timeout=10)
    if marked:
        assert counts == {"elsewhere": 1, "same process": 1}
    else:
        assert counts == {"elsewhere": 0, "same process": 0}, "without the mark a read misses the answer"
    answering.stop()
    elsewhere.stop()


async def journal_submitted(journal: Journal) -> None:
    done = journal.submit_async(SANDBOX, exchange("/answered"))
    assert done.done(), "answered before the commit: readers wait for it instead"


def test_a_failed_commit_on_the_loop_is_logged_lets_readers_go_and_the_next_turn_goes_on(
    db: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    engine = create_engine(db)
    journal = Journal(engine, limit=100)
    fail_the_next_commit(monkeypatch)

    async def two_turns() -> None:
        await lost_in_a_failed_commit(journal, engine)
        await journal.submit_async(SANDBOX, exchange("/kept"))

    asyncio.run(two_turns())
    assert "1 entries were not written" in caplog.text
    assert paths(journal) == ["/kept"], "a read does not wait for the failed turn"
    journal.stop()


def test_a_commit_failing_mid_transaction_on_the_loop_leaves_the_next_turn_a_working_connection(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = create_engine(db)
    journal = Journal(engine, limit=100)
    transaction = ShardAppends.transaction
    failures = [RuntimeError("disk on fire")]

    @contextlib.contextmanager
    def failing_once(appends: ShardAppends, shard: Any, lease: Any = None) -> Iterator[Any]:
        with transaction(appends, shard, lease) as appending:
            yield appending
            if failures:  # written, then the transaction fails
                raise failures.pop()

    monkeypatch.setattr(ShardAppends, "transaction", failing_once)

    async def two_turns() -> None:
        await lost_in_a_failed_commit(journal, engine)
        await journal.submit_async(SANDBOX, exchange("/kept"))

    asyncio.run(two_turns())
    assert paths(journal) == ["/kept"]  # the failed turn's entry was rolled back
    journal.stop()


async def lost_in_a_failed_commit(journal: Journal, engine: sa.Engine) -> None:
    """Submits "/lost" into a commit that fails: on SQLite it is answered first and its turn's
    commit fails after; on PostgreSQL its waiter hears of the failure."""
    if engine.dialect.name == "sqlite":
        await journal.submit_async(SANDBOX, exchange("/lost"))
        await asyncio.sleep(0)  # the turn's commit
        return
    with pytest.raises(RuntimeError, match="disk on fire"):
        await journal.submit_async(SANDBOX, exchange("/lost"))


def test_a_turn_left_when_the_writer_stops_lets_its_readers_go_and_takes_no_slot_again(
    db: str, caplog: pytest.LogCaptureFixture
) -> None:
    engine = create_engine(db)
    journal = Journal(engine, limit=100)

    async def answer_then_stop() -> None:
        if engine.dialect.name == "sqlite":
            await journal_submitted(journal)
            journal.stop()  # before the turn's commit, which then finds the writer stopped
            return
        waiting = journal.submit_async(SANDBOX, exchange("/answered"))
        journal.stop()
        with pytest.raises(RuntimeError, match="stopped"):
            await waiting  # PostgreSQL's answer waits for the turn's commit, and hears why not

    asyncio.run(answer_then_stop())
    assert "1 entries came after the writer stopped" in caplog.text
    assert JournalShards(engine).own()[0] == 0, "the stopped journal's slot is free again"
    elsewhere = Journal(create_engine(db), limit=100)
    assert elsewhere.count(SANDBOX, EVERYTHING) == 0, "no mark is left for a reader to wait on"
    elsewhere.stop()
