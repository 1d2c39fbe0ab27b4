"""A handler's write transaction: on PostgreSQL its first reads go with its locks and its writes
go with what it sends next (``database/write_behind.py``); on both backends it writes what it
did, in order, with ids that follow what the sandbox's last writer left, or nothing at all."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy import event

from mockserver.documents.resources import fixture_path
from mockserver.domain.calendar.model import Reservation
from mockserver.domain.calendar.requests import MerchantBooking
from mockserver.domain.calendar.reservations import ReservationDesk
from mockserver.domain.calendar.roster import CustomerRef
from mockserver.domain.kernel.customers import ContactDetails
from mockserver.domain.kernel.errors import CapacityExhausted, InvalidInput
from mockserver.domain.kernel.model import BookingStatus
from mockserver.domain.lifecycle.folios import BookingByUuid
from mockserver.domain.slots.bookings import BookingById, BookingDesk, NewBooking
from mockserver.integration.local_postgres import PostgresServer
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.storage.database.engine import writing
from mockserver.storage.database.write_locks import LOCKS_OPTION, write_options
from mockserver.storage.kernel import schema as t
from mockserver.storage.slots.schema import bookings
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash
from mockserver.storage.tenancy.sandboxes import SandboxStore
from tests.storage.test_sandboxes import ANCHOR, API, FAR_MONDAY, make_store

YOGA = 3  # provider 1's group class
KEY = "sk_rsv_write_behind"


def new_booking(email: str, week: int = 0) -> NewBooking:
    day = FAR_MONDAY + timedelta(weeks=week)
    return NewBooking(day=day, time_slot_id=1, contact=ContactDetails(None, email, None))


def book(store: SandboxStore, email: str, week: int, *, ahead: bool = False) -> int:
    """A booking of the Monday slot ``week`` weeks after the first (each has room for one);
    ``ahead``: its reads named to the store, as the ReserveKit handler names them."""
    request = new_booking(email, week)
    with store.open(API, KEY, write=True, ahead=(request,) if ahead else ()) as sandbox:
        return BookingDesk(sandbox.ledger, sandbox.clock).create(request).id


def stored_customers(store: SandboxStore) -> list[str]:
    with store.engine.connect() as connection:
        return list(connection.execute(sa.select(t.customers.c.email).order_by(t.customers.c.id)).scalars())


@contextmanager
def round_trips(engine: sa.Engine, tmp_path: Path) -> Iterator[list[str]]:
    """The times the server said it was ready for the next query, on each connection taken from
    ``engine`` (libpq's trace, from before its ``BEGIN``): once a round trip."""
    said: list[str] = []
    traced: list[Any] = []
    with (tmp_path / "trace").open("w+") as trace:

        def start(connection: sa.Connection) -> None:
            pgconn = connection.connection.driver_connection.pgconn  # type: ignore[union-attr]
            pgconn.trace(trace.fileno())
            pgconn.set_trace_flags(psycopg.pq.Trace.SUPPRESS_TIMESTAMPS)
            traced.append(pgconn)

        event.listen(engine, "engine_connect", start)
        try:
            yield said
        finally:
            event.remove(engine, "engine_connect", start)
            for pgconn in traced:
                pgconn.untrace()
            trace.seek(0)
            said.extend(line for line in trace if "ReadyForQuery" in line)


@pytest.mark.parametrize(("ahead", "trips"), [(False, 4), (True, 2)])
def test_a_create_on_postgresql_takes_two_round_trips_given_its_request(
    ahead: bool, trips: int, postgres: PostgresServer, drop_later: Callable[[str], None], tmp_path: Path
) -> None:
    database = postgres.create_database()
    store = make_store(database)
    book(store, "first@example.com", 0, ahead=ahead)  # the sandbox made, statements prepared
    with round_trips(store.engine, tmp_path) as said:
        book(store, "second@example.com", 1, ahead=ahead)
    # BEGIN with the lock, the clock row and the id counters (and, given the request, the
    # customer's lookup and the occurrence's holders); else the lookup, then the customer's id
    # and insert with the occurrence's holders; the booking's id, its insert and COMMIT.
    assert len(said) == trips, "five with the driver's BEGIN apart, nine with every write sent on its own"
    assert stored_customers(store)[-2:] == ["first@example.com", "second@example.com"]
    store.dispose()
    drop_later(database)


def test_a_read_sent_ahead_is_not_handed_out_once_the_write_changed_its_table(database: str) -> None:
    """A create's reads go with its locks; a write of the transaction's own before the create
    asks them (here a booking that takes the slot's one place, and a customer of the create's
    address, both made by hand) is seen as the statement sent then would have seen it."""
    store = make_store(database)
    book(store, "first@example.com", 0)
    request = new_booking("taken@example.com", 1)
    with store.open(API, KEY, write=True, ahead=(request,)) as sandbox:
        ledger = sandbox.ledger
        seeded = ledger.get_booking(1)
        assert seeded is not None
        taking = {"time_slot_id": 1, "date": request.day, "status": BookingStatus.CONFIRMED}
        ledger.insert_booking(replace(seeded, id=ledger.allocate_id("booking"), **taking))
        with pytest.raises(CapacityExhausted):
            BookingDesk(ledger, sandbox.clock).create(request)
    request = new_booking("known@example.com", 2)
    with store.open(API, KEY, write=True, ahead=(request,)) as sandbox:
        desk, known = BookingDesk(sandbox.ledger, sandbox.clock), sandbox.ledger.get_customer(1)
        assert known is not None
        sandbox.ledger.update_customer(known.id, {"email": "known@example.com"})
        assert desk.create(request).customer_id == known.id
    assert "known@example.com" not in stored_customers(store)[-1:], "no second customer of one address"
    store.dispose()


def merchant_books(
    store: SandboxStore, contacts: list[tuple[str | None, str | None]], week: int
) -> list[Reservation]:
    """Provider 1's yoga class (a group) on a Tuesday at 10:00 where its studio is, ``week``
    weeks after the anchor's, for customers of these (email, phone); its reads named ahead."""
    with store.open("merchant", KEY, write=True) as sandbox:
        provider = sandbox.calendar.get_provider(1)
        location = sandbox.calendar.locations_of(1)[0]
    assert provider is not None
    tuesday = ANCHOR.date() + timedelta(days=(1 - ANCHOR.weekday()) % 7, weeks=week)
    starts = datetime.combine(tuesday, time(10), ZoneInfo(location.timezone)).astimezone(UTC)
    refs = tuple(
        CustomerRef(first_name="Guest", last_name=str(n), email=email, phone=phone)
        for n, (email, phone) in enumerate(contacts)
    )
    request = MerchantBooking(service_id=YOGA, starts_at=starts, customers=refs)
    with store.open("merchant", KEY, write=True, ahead=(request,)) as sandbox:
        return ReservationDesk(sandbox.ledger, sandbox.calendar, sandbox.clock).book_as_merchant(
            provider, request
        )


def test_a_merchants_customers_read_ahead_see_the_ones_it_registers(database: str) -> None:
    """A merchant's create names its customers ahead. The second, known only by a phone, is
    the first, whom the create registers with that phone: the lookup by phone must find them,
    not the empty answer read with the locks, and refuse the booking."""
    store = make_store(database)
    [first] = merchant_books(store, [("new@example.com", None), ("other@example.com", None)], week=7)
    assert first.id > 0
    with pytest.raises(InvalidInput, match="listed twice"):
        merchant_books(store, [("twice@example.com", "+15550100"), (None, "+15550100")], week=8)
    assert "twice@example.com" not in stored_customers(store)
    [again] = merchant_books(store, [("new@example.com", None)], week=9)
    assert again.id > first.id
    assert stored_customers(store).count("new@example.com") == 1, "the known customer was found"
    store.dispose()


def test_a_booking_named_ahead_is_read_as_the_transaction_left_it(database: str) -> None:
    """A lifecycle write names the booking its path names; the read goes with the locks. A change
    the transaction makes to that booking's reservation before asking for it is what it finds."""
    store = make_store(database)
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    folio = next(
        f
        for f in world.folios
        if any(r.id == f.reservation_id and r.status is BookingStatus.CONFIRMED for r in world.reservations)
    )
    with store.open("lifecycle", KEY, write=True, ahead=(BookingByUuid(folio.uuid),)) as sandbox:
        sandbox.calendar.update_reservation(folio.reservation_id, {"status": BookingStatus.CANCELLED})
        stored = sandbox.lifecycle.booking_by_uuid(folio.uuid)
        assert stored is not None
        assert stored.reservation is not None
        assert stored.reservation.status is BookingStatus.CANCELLED
    with store.open("lifecycle", KEY, write=True, ahead=(BookingByUuid(folio.uuid),)) as sandbox:
        stored = sandbox.lifecycle.booking_by_uuid(folio.uuid)  # the read sent ahead, unchanged since
        assert stored is not None
        assert stored.reservation is not None
        assert stored.reservation.status is BookingStatus.CANCELLED
    store.dispose()


def test_a_bookings_places_named_with_it_are_read_as_the_transaction_left_them(database: str) -> None:
    """A lifecycle booking found in a write names its places and its order's lines, sent with
    the transaction's next read, after the writes queued before it; a write after that read
    leaves them to be read again."""
    store = make_store(database)
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    folios = [
        f
        for f in world.folios
        if any(r.id == f.reservation_id and r.status is BookingStatus.CONFIRMED for r in world.reservations)
    ]
    for folio, cancel_first in zip(folios, (True, False), strict=False):
        with store.open("lifecycle", KEY, write=True, ahead=(BookingByUuid(folio.uuid),)) as sandbox:
            places = sandbox.calendar.attendees([folio.reservation_id])
            assert places, "a confirmed booking holds a place"
            cancelled = {"status": BookingStatus.CANCELLED}
            if cancel_first:  # queued before the booking's places are named and sent
                sandbox.lifecycle.update_participant(places[0][0].id, cancelled)
            stored = sandbox.lifecycle.booking_by_uuid(folio.uuid)  # names its places and lines
            assert stored is not None
            assert stored.order is not None
            assert sandbox.lifecycle.entries_of(stored.order.id), "the next read: the places go with it"
            if not cancel_first:  # after the places were read with the lines
                sandbox.lifecycle.update_participant(places[0][0].id, cancelled)
            left = [place.id for place, _ in sandbox.calendar.attendees([folio.reservation_id])]
            assert left == [place.id for place, _ in places[1:]], "the cancelled place is gone"
    store.dispose()


def test_a_reservekit_booking_named_ahead_is_read_as_the_transaction_left_it(database: str) -> None:
    """A change of one ReserveKit booking names it by the path's id; a change the transaction
    makes to it before reading it is what it finds."""
    store = make_store(database)
    booking = book(store, "named@example.com", 3)
    with store.open(API, KEY, write=True, ahead=(BookingById(booking),)) as sandbox:
        sandbox.ledger.update_booking(booking, {"message": "changed by hand"})
        changed = sandbox.ledger.get_booking(booking)
        assert changed is not None
        assert changed.message == "changed by hand"
    with store.open(API, KEY, write=True, ahead=(BookingById(booking),)) as sandbox:
        again = sandbox.ledger.get_booking(booking)  # the read sent ahead, unchanged since
        assert again is not None
        assert again.message == "changed by hand"
    store.dispose()


def test_what_a_write_queued_is_there_for_its_next_statement(database: str) -> None:
    store = make_store(database)
    with store.open(API, KEY, write=True) as sandbox:
        booking = BookingDesk(sandbox.ledger, sandbox.clock).create(new_booking("queued@example.com"))
        connection = sandbox.ledger._db
        # SQLAlchemy's own statement, and the ledger's prepared read, after the inserts
        core = connection.execute(sa.select(bookings.c.id).where(bookings.c.id == booking.id)).all()
        assert [row.id for row in core] == [booking.id]
        assert sandbox.ledger.get_booking(booking.id) == booking
    with store.open(API, KEY, write=False) as sandbox:
        assert sandbox.ledger.get_booking(booking.id) == booking
    store.dispose()


def test_ids_follow_what_the_sandbox_last_writer_left(database: str) -> None:
    """A write's id counters are read once its lock is held: a write that waited for another
    sees the ids that one took (here moved by hand), and never hands one out twice."""
    store = make_store(database)
    first = book(store, "one@example.com", 0)
    counter = t.id_counters.c
    moved = (
        sa.update(t.id_counters)
        .where(counter.entity == "booking", counter.tenant_id == store.ensure_tenants(KEY, (API,))[API])
        .values(next_id=counter.next_id + 5)
    )
    taken: list[int] = []
    with writing(store.engine, sandbox_hash(KEY)) as holder:
        holder.execute(moved)
        writer = threading.Thread(target=lambda: taken.append(book(store, "two@example.com", 1)))
        writer.start()
        writer.join(timeout=0.5)
        assert writer.is_alive(), "the write waits for the one holding its sandbox"
    writer.join(timeout=30)
    assert taken == [first + 6]
    assert book(store, "three@example.com", 2) == first + 7
    store.dispose()


def test_a_write_that_raises_leaves_nothing_of_itself(database: str) -> None:
    store = make_store(database)
    book(store, "first@example.com", 0)
    before = stored_customers(store)

    def fail_after_a_create() -> None:
        with store.open(API, KEY, write=True) as sandbox:
            BookingDesk(sandbox.ledger, sandbox.clock).create(new_booking("dropped@example.com", 1))
            raise RuntimeError("the handler fails after its writes were queued")

    with pytest.raises(RuntimeError):
        fail_after_a_create()
    assert stored_customers(store) == before
    booking = book(store, "kept@example.com", 2)
    assert "dropped@example.com" not in stored_customers(store)
    with store.open(API, KEY, write=False) as sandbox:
        assert sandbox.ledger.get_booking(booking) is not None
    store.dispose()


@pytest.mark.parametrize("then", ["a read", "the commit"])
def test_a_failed_write_sent_behind_fails_the_transaction(database: str, then: str) -> None:
    """An insert the server refuses (an id taken) fails the transaction, wherever its error is
    reported: as the statement runs, or with the statement it was sent with (a read, the ``COMMIT``)."""
    store = make_store(database)
    taken = book(store, "first@example.com", 0)
    before = stored_customers(store)

    def insert_a_taken_id() -> None:
        with store.open(API, KEY, write=True) as sandbox:
            booking = BookingDesk(sandbox.ledger, sandbox.clock).create(new_booking("new@example.com", 1))
            sandbox.ledger.insert_booking(replace(booking, id=taken))
            if then == "a read":
                sandbox.ledger.get_booking(taken)

    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.UniqueViolation)):
        insert_a_taken_id()
    assert stored_customers(store) == before, "the customer made before the failure went with it"
    assert book(store, "after@example.com", 2) > taken
    store.dispose()


def test_a_locking_write_begins_itself_and_hands_its_connection_back_as_it_came(
    postgres: PostgresServer, drop_later: Callable[[str], None]
) -> None:
    """A transaction that takes locks begins in their pipeline (its first statement there sends
    the BEGIN, ``named_statements.py``); the next transaction without locks on the same
    connection, and every connection the pool hands out, begins with its first statement too,
    so what it does stays one transaction."""
    database = postgres.create_database()
    store = make_store(database)
    book(store, "first@example.com", 0)
    # Every connection at rest in the pool, the one the write used among them.
    idle = [store.engine.raw_connection() for _ in range(store.engine.pool.checkedin())]  # type: ignore[attr-defined]
    assert idle, "the write's connection went back to the pool"
    assert [raw.driver_connection.autocommit for raw in idle] == [False] * len(idle)  # type: ignore[union-attr]
    for raw in idle:
        raw.close()
    before = stored_customers(store)
    with store.engine.connect() as connection:
        driver = connection.connection.driver_connection
        assert driver is not None
        connection.execution_options(**write_options(sandbox_hash(KEY)))
        with connection.begin():
            assert driver.pgconn.transaction_status == psycopg.pq.TransactionStatus.INTRANS, (
                "begun with the locks"
            )
            connection.execute(sa.text("SELECT 1"))
        connection.execution_options(**{LOCKS_OPTION: ()})

        def change_then_fail() -> None:
            with connection.begin():
                assert driver.autocommit is False
                connection.execute(sa.update(t.customers).values(email="changed@example.com"))
                raise RuntimeError("the transaction rolls back")

        with pytest.raises(RuntimeError):
            change_then_fail()
    assert stored_customers(store) == before, "the change went with its transaction"
    store.dispose()
    drop_later(database)
