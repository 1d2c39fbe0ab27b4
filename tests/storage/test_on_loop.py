"""Reads on the event loop: the store refuses, before touching the database, whatever could wait."""

from __future__ import annotations

import asyncio
import inspect
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.storage.database.on_loop import (
    WouldWait,
    on_the_writer,
    reads_on_loop,
    reads_only,
    refuse_if_reading_only,
    writing_on_the_loop,
)
from mockserver.storage.database.write_locks import LocksBusy
from mockserver.storage.kernel import schema as t
from mockserver.storage.tenancy.sandboxes import SandboxStore

ANCHOR = datetime(2027, 1, 6, 15, 0, tzinfo=UTC)
KEY = "sk_rsv_on_loop_tests"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> SandboxStore:
    blueprint = load_blueprint(fixture_path("default-world"))
    db = tmp_path_factory.mktemp("on-loop") / "s.db"
    return SandboxStore(str(db), 42, lambda seed: generate_world(blueprint, seed), now=lambda: ANCHOR)


def tenants(store: SandboxStore) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(sa.select(sa.func.count()).select_from(t.tenants)).scalar_one())


def test_a_new_key_is_refused_on_the_loop_and_nothing_is_seeded(store: SandboxStore) -> None:
    before = tenants(store)
    with (
        reads_only(),
        pytest.raises(WouldWait),
        store.open("reservekit-v1", "sk_rsv_never_seen", write=False),
    ):
        pass
    assert tenants(store) == before


def test_a_known_key_reads_and_writes_on_the_loop(store: SandboxStore) -> None:
    with store.open("reservekit-v1", KEY, write=False):
        pass  # first sight: seeded, outside reads_only
    with reads_only():
        with store.open("reservekit-v1", KEY, write=False) as sandbox:
            assert sandbox.ledger.get_booking(1) is not None
        with store.open("reservekit-v1", KEY, write=True) as sandbox:
            sandbox.ledger.update_booking(1, {"message": "written on the loop"})
    with store.open("reservekit-v1", KEY, write=False) as sandbox:
        changed = sandbox.ledger.get_booking(1)
        assert changed is not None
        assert changed.message == "written on the loop"


def test_a_handler_that_has_written_on_the_loop_is_never_refused_after(store: SandboxStore) -> None:
    with store.open("reservekit-v1", KEY, write=False):
        pass
    with reads_only():
        with pytest.raises(WouldWait):
            refuse_if_reading_only("seeding a new key")  # nothing written yet: run it elsewhere
        with store.open("reservekit-v1", KEY, write=True):
            pass
        # Refused now, the handler would run again and write twice: it goes on (and waits).
        refuse_if_reading_only("seeding a new key")
        with store.open("reservekit-v1", "sk_rsv_seen_after_a_write", write=False) as sandbox:
            assert sandbox.ledger.get_booking(1) is not None
    with reads_only(), pytest.raises(WouldWait):  # the next handler starts afresh
        refuse_if_reading_only("seeding a new key")


def test_handlers_read_on_the_loop_and_go_to_the_writer_thread_when_they_would_wait() -> None:
    ran_on: list[tuple[str, int]] = []
    writes = ThreadPoolExecutor(max_workers=1)

    class Handlers:
        def read(self, booking_id: int) -> int:
            ran_on.append(("read", threading.get_ident()))
            return booking_id

        def write(self, booking_id: int) -> int:
            ran_on.append(("write", threading.get_ident()))
            refuse_if_reading_only("seeding a key this process has not seen")
            return booking_id * 2

    handlers = Handlers()
    read, write = reads_on_loop(handlers.read, writes), reads_on_loop(handlers.write, writes)
    assert asyncio.iscoroutinefunction(read)
    assert list(inspect.signature(read).parameters) == ["booking_id"]

    async def both() -> tuple[int, int, int]:
        return await read(booking_id=3), await write(booking_id=3), threading.get_ident()

    got_read, got_write, loop_thread = asyncio.run(both())
    assert (got_read, got_write) == (3, 6)
    assert ran_on[0] == ("read", loop_thread)
    assert ran_on[1] == ("write", loop_thread), "tried on the loop first"
    assert ran_on[2][0] == "write"
    assert ran_on[2][1] != loop_thread, "then run again on a thread"
    assert len(ran_on) == 3

    async def many_writes() -> list[int]:
        return list(await asyncio.gather(*(write(booking_id=n) for n in range(8))))

    ran_on.clear()
    assert asyncio.run(many_writes()) == [n * 2 for n in range(8)]
    off_loop = {thread for kind, thread in ran_on if thread != loop_thread}
    assert len(off_loop) == 1, "a process's writes take turns on its one writer thread"
    writes.shutdown()


def test_reads_on_the_loop_share_one_connection_and_each_sees_what_was_committed_before_it(
    store: SandboxStore,
) -> None:
    with store.open("reservekit-v1", KEY, write=False):
        pass  # seeded off the loop
    pool: Any = store.engine.pool
    with reads_only(), store.open("reservekit-v1", KEY, write=False) as first:
        connection = first.ledger._db
    # Ended with the read: no snapshot is held open (the driver's; SQLAlchemy's is kept, engine.py).
    assert not connection.connection.driver_connection.in_transaction
    checked_out = pool.checkedout()
    # Another writer changes a booking between two loop reads: the second read sees it.
    with store.open("reservekit-v1", KEY, write=True) as sandbox:
        sandbox.ledger.update_booking(1, {"message": "changed between two reads"})
    with reads_only(), store.open("reservekit-v1", KEY, write=False) as second:
        assert second.ledger._db is connection
        changed = second.ledger.get_booking(1)
        assert changed is not None
        assert changed.message == "changed between two reads"
    assert pool.checkedout() == checked_out  # no connection taken per read
    # A read that fails is rolled back; the next one goes ahead on the same connection.
    with pytest.raises(LookupError), reads_only(), store.open("reservekit-v1", KEY, write=False):
        raise LookupError("a handler's error")
    assert not connection.connection.driver_connection.in_transaction
    with reads_only(), store.open("reservekit-v1", KEY, write=False) as third:
        assert third.ledger._db is connection
        assert third.ledger.get_booking(1) is not None
    # Off the loop (a handler on a thread) a read takes a pooled connection, as before.
    with store.open("reservekit-v1", KEY, write=False) as elsewhere:
        assert elsewhere.ledger._db is not connection


def test_writes_on_the_writer_thread_share_one_connection_and_commit_each_time(store: SandboxStore) -> None:
    def write(message: str) -> Any:
        with store.open("reservekit-v1", KEY, write=True) as sandbox:
            sandbox.ledger.update_booking(1, {"message": message})
            return sandbox.ledger._db

    first = on_the_writer(write, "first")
    assert on_the_writer(write, "second") is first
    assert not first.connection.driver_connection.in_transaction  # committed as the block ended
    with store.open("reservekit-v1", KEY, write=False) as sandbox:
        seen = sandbox.ledger.get_booking(1)
        assert seen is not None
        assert seen.message == "second"
    # A write elsewhere (a control handler on anyio's threads) takes a pooled connection.
    assert write("elsewhere") is not first


def test_a_handlers_first_write_on_the_loop_waits_a_bounded_time_for_its_locks_then_goes_to_a_thread() -> (
    None
):
    """PostgreSQL's case (``writes`` None: anyio's threads): the first write transaction of a
    handler on the loop waits a bounded time for its sandbox's lock; ``LocksBusy`` (another write held it longer)
    runs the handler again on a thread, where it waits. After a write, a second only waits."""
    with reads_only():
        assert writing_on_the_loop(), "the first write may still be sent elsewhere"
        assert not writing_on_the_loop(), "after a write it must finish here"
    assert not writing_on_the_loop(), "off the loop a write waits for its locks"
    ran_on: list[tuple[str, int, bool]] = []

    class Handlers:
        def write(self) -> int:
            bounded = writing_on_the_loop()
            ran_on.append(("write", threading.get_ident(), bounded))
            if bounded:
                raise LocksBusy("held by another write")
            return 7

    write = reads_on_loop(Handlers().write, None)

    async def once() -> tuple[int, int]:
        return await write(), threading.get_ident()

    answer, loop_thread = asyncio.run(once())
    assert answer == 7
    assert ran_on[0] == ("write", loop_thread, True)
    assert ran_on[1][1] != loop_thread, "again on a thread"
    assert not ran_on[1][2], "where it waits for its locks"
    assert len(ran_on) == 2
