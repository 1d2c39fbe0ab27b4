"""Slot booking's ledger: a booking read with its customer (a read's session, one statement)
shows the customer as stored, the same on both backends, and never one kept stale."""

from __future__ import annotations

import sqlalchemy as sa

from mockserver.domain.kernel.model import Customer
from mockserver.domain.slots.model import Booking
from mockserver.storage.kernel import schema as t
from mockserver.storage.tenancy.sandboxes import SandboxStore
from tests.storage.test_sandboxes import API, book_monday_slot, make_store

KEY = "sk_rsv_slots_ledger"
SEEDED_CUSTOMER = 1


def read_with_owner(store: SandboxStore, booking_id: int) -> tuple[Booking, Customer | None, Customer | None]:
    """In one read: the booking, then its customer, then a seeded customer it did not bring."""
    with store.open(API, KEY, write=False) as sandbox:
        booking = sandbox.ledger.get_booking(booking_id)
        assert booking is not None
        assert booking.customer_id != SEEDED_CUSTOMER, "the booking's customer is a new one"
        owner = sandbox.ledger.get_customer(booking.customer_id)
        return booking, owner, sandbox.ledger.get_customer(SEEDED_CUSTOMER)


def stored_customer(store: SandboxStore, customer_id: int) -> sa.Row[tuple[object, ...]]:
    with store.engine.connect() as connection:
        return connection.execute(sa.select(t.customers).where(t.customers.c.id == customer_id)).one()


def test_a_booking_read_shows_its_customer_as_stored(database: str) -> None:
    store = make_store(database)
    booking, owner, other = read_with_owner(store, book_monday_slot(store, KEY, "owner@example.com"))
    stored = stored_customer(store, booking.customer_id)
    assert owner is not None
    assert (owner.id, owner.email, owner.name, owner.uuid) == (
        stored.id,
        stored.email,
        stored.name,
        stored.uuid,
    )
    assert owner.created_at.tzinfo is not None, "stored times come back UTC-aware"
    assert other is not None
    assert other.id == stored_customer(store, SEEDED_CUSTOMER).id, (
        "a customer the booking did not bring is read"
    )
    store.dispose()


def test_the_next_read_sees_a_customer_changed_since(database: str) -> None:
    store = make_store(database)
    booking_id = book_monday_slot(store, KEY, "before@example.com")
    booking, owner, _ = read_with_owner(store, booking_id)
    assert owner is not None
    assert owner.email == "before@example.com"
    with store.open(API, KEY, write=True) as sandbox:
        sandbox.ledger.update_customer(booking.customer_id, {"email": "after@example.com"})
    _, owner, _ = read_with_owner(store, booking_id)
    assert owner is not None
    assert owner.email == "after@example.com"
    with store.open(API, KEY, write=False) as sandbox:
        assert sandbox.ledger.get_booking(booking_id + 10**6) is None, "no booking, no customer kept"
    store.dispose()


def test_a_page_shows_its_bookings_customers_as_stored(database: str) -> None:
    store = make_store(database)
    book_monday_slot(store, KEY, "paged@example.com")
    with store.open(API, KEY, write=False) as sandbox:
        page, _ = sandbox.ledger.list_bookings(1, 0, 10)
        owners = sandbox.ledger.customers_by_id({booking.customer_id for booking in page})
        with_another = sandbox.ledger.customers_by_id({page[0].customer_id, SEEDED_CUSTOMER + 1000})
    assert page, "service 1 has seeded bookings"
    for booking in page:
        stored = stored_customer(store, booking.customer_id)
        assert (owners[booking.customer_id].id, owners[booking.customer_id].email) == (
            stored.id,
            stored.email,
        )
    assert set(with_another) == {page[0].customer_id}, "a customer no booking brought is read (and missing)"
    store.dispose()


def test_a_write_reads_the_customer_it_changed(database: str) -> None:
    """A write's session keeps no customer from the booking it read: it may change it next."""
    store = make_store(database)
    booking_id = book_monday_slot(store, KEY, "first@example.com")
    with store.open(API, KEY, write=True) as sandbox:
        booking = sandbox.ledger.get_booking(booking_id)
        assert booking is not None
        sandbox.ledger.update_customer(booking.customer_id, {"email": "second@example.com"})
        owner = sandbox.ledger.get_customer(booking.customer_id)
        page, _ = sandbox.ledger.list_bookings(booking.service_id, 0, 100)
        owners = sandbox.ledger.customers_by_id({booking.customer_id})
    assert owner is not None
    assert owner.email == "second@example.com"
    assert booking_id in {b.id for b in page}
    assert owners[booking.customer_id].email == "second@example.com"
    store.dispose()
