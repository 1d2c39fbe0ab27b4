"""Storage: tenants are isolated, state survives restarts and is shared by processes."""

from __future__ import annotations

import multiprocessing
import threading
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.documents.resources import fixture_path
from mockserver.domain.kernel.customers import ContactDetails
from mockserver.domain.kernel.errors import CapacityExhausted, DuplicateBooking
from mockserver.domain.slots.bookings import BookingDesk, NewBooking
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.storage.database.engine import writing
from mockserver.storage.database.prepare import prepare_database
from mockserver.storage.kernel import schema as t
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash
from mockserver.storage.tenancy.sandboxes import SandboxStore
from tests.storage.processes import other_processes

API = "reservekit-v1"
ANCHOR = datetime(2026, 1, 7, 12, tzinfo=UTC)  # a Wednesday
FAR_MONDAY = date(2026, 2, 2)


def make_store(db: str, seed: int = 42) -> SandboxStore:
    blueprint = load_blueprint(fixture_path("default-world"))
    return SandboxStore(db, seed, lambda s: generate_world(blueprint, s), now=lambda: ANCHOR)


def book_monday_slot(store: SandboxStore, key: str, email: str) -> int:
    with store.open(API, key, write=True) as sandbox:
        request = NewBooking(day=FAR_MONDAY, time_slot_id=1, contact=ContactDetails(None, email, None))
        return BookingDesk(sandbox.ledger, sandbox.clock).create(request).id


def test_each_key_gets_its_own_seeded_world(database: str) -> None:
    store = make_store(database)
    with store.open(API, "sk_rsv_first_key", write=False) as first:
        seeded = first.ledger.list_bookings(1, 0, 100)
    booking_id = book_monday_slot(store, "sk_rsv_first_key", "jane@example.com")
    with store.open(API, "sk_rsv_second_key", write=False) as second:
        assert second.ledger.get_booking(booking_id) is None
        assert second.ledger.list_bookings(1, 0, 100) == seeded


def test_seeded_bookings_lie_after_the_sandbox_was_created(database: str) -> None:
    store = make_store(database)
    with store.open(API, "sk_rsv_first_key", write=False) as sandbox:
        bookings, total = sandbox.ledger.list_bookings(1, 0, 100)
    assert total == 3
    assert all(ANCHOR < b.starts_at < ANCHOR + timedelta(days=35) for b in bookings)


def test_state_survives_a_restart(database: str) -> None:
    db = database
    first = make_store(db)
    booking_id = book_monday_slot(first, "sk_rsv_first_key", "jane@example.com")
    first.dispose()
    again = make_store(db)
    with again.open(API, "sk_rsv_first_key", write=False) as sandbox:
        booking = sandbox.ledger.get_booking(booking_id)
    assert booking is not None
    assert booking.date == FAR_MONDAY


def test_a_failed_write_leaves_no_trace(database: str) -> None:
    store = make_store(database)
    book_monday_slot(store, "sk_rsv_first_key", "jane@example.com")
    with store.open(API, "sk_rsv_first_key", write=False) as sandbox:
        before = len(sandbox.ledger.customers_by_id(set(range(1, 1000))))
    # A new customer is registered, then the slot turns out full: both must roll back.
    with pytest.raises(CapacityExhausted):
        book_monday_slot(store, "sk_rsv_first_key", "newcomer@example.com")
    with store.open(API, "sk_rsv_first_key", write=False) as sandbox:
        assert len(sandbox.ledger.customers_by_id(set(range(1, 1000)))) == before
        assert sandbox.ledger.find_customer(email="newcomer@example.com", phone=None) is None


def _race_for_the_last_place(db: str, email: str, start: Any, results: multiprocessing.Queue[str]) -> None:
    store = make_store(db)
    start.wait(timeout=60)  # every racer is ready (imports, engine) before any of them books
    try:
        book_monday_slot(store, "sk_rsv_shared_key", email)
        results.put("booked")
    except (CapacityExhausted, DuplicateBooking) as error:
        results.put(type(error).__name__)
    except Exception as error:  # the verdict names what went wrong
        results.put(f"{type(error).__name__}: {error}"[:200])


@pytest.mark.parametrize("seeded_before", [True, False], ids=["for the place", "for a new key and its place"])
def test_processes_racing_for_one_place_get_exactly_one(database: str, seeded_before: bool) -> None:
    db = database
    # As serve does before it starts its workers: switching a file to WAL needs it to itself,
    # and SQLite refuses at once, not after its busy timeout, while others hold it.
    prepare_database(db)
    if seeded_before:
        with make_store(db).open(API, "sk_rsv_shared_key", write=False):
            pass  # the tenant exists before the race, so the racers only race for the place
    context = other_processes()
    results: multiprocessing.Queue[str] = context.Queue()
    start = context.Barrier(6)
    racers = [
        context.Process(target=_race_for_the_last_place, args=(db, f"r{n}@example.com", start, results))
        for n in range(6)
    ]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=60)
    outcomes = sorted(results.get(timeout=5) for _ in racers)
    # Slot 1 takes one booking per date: one winner, everyone else told it is full.
    assert outcomes == ["CapacityExhausted"] * 5 + ["booked"]
    with make_store(db).open(API, "sk_rsv_shared_key", write=False) as sandbox:
        assert sandbox.tenant_id == 1, "one tenant for the key, however many processes met it first"


def test_a_write_opens_its_sandbox_as_the_write_before_it_left_it(database: str) -> None:
    """A write's first read, its sandbox's clock row, waits for the write that holds the sandbox
    and sees what it committed: a read sent before the lock was granted (or with no lock) would
    see the row as it was. What a change to how a write begins (PostgreSQL's pipeline of its
    locks) must keep."""
    store = make_store(database)
    key = "sk_rsv_lock_then_read"
    with store.open(API, key, write=False) as sandbox:
        before = sandbox.clock.now()
    seen: list[datetime] = []

    def write() -> None:
        with store.open(API, key, write=True) as sandbox:
            seen.append(sandbox.clock.now())

    later = t.sandboxes.c.clock_offset_us + int(timedelta(days=3).total_seconds() * 1_000_000)
    with writing(store.engine, sandbox_hash(key)) as holder:
        holder.execute(
            sa.update(t.sandboxes)
            .where(t.sandboxes.c.key_hash == sandbox_hash(key))
            .values(clock_offset_us=later)
        )
        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=0.5)
        assert writer.is_alive(), "the write waits for the one holding its sandbox"
    writer.join(timeout=30)
    assert seen == [before + timedelta(days=3)]
    store.dispose()
