"""Slot booking's ledger: a booking read with its customer (PostgreSQL's plain reads, one
statement) shows the customer as stored, the same on both backends, and never one kept stale."""

from __future__ import annotations

import sqlalchemy as sa

from mockserver.storage.kernel import schema as t
from tests.storage.test_sandboxes import API, book_monday_slot, make_store

KEY = "sk_rsv_slots_ledger"


def test_a_booking_read_shows_its_customer_as_stored(database: str) -> None:
    store = make_store(database)
    booking_id = book_monday_slot(store, KEY, "owner@example.com")
    with store.open(API, KEY, write=False) as sandbox:
        booking = sandbox.ledger.get_booking(booking_id)
        assert booking is not None
        owner = sandbox.ledger.get_customer(booking.customer_id)
        other = sandbox.ledger.get_customer(booking.customer_id - 1)
    with store.engine.connect() as connection:
        stored = connection.execute(
            sa.select(t.customers).where(t.customers.c.id == booking.customer_id)
        ).one()
        after = connection.execute(
            sa.select(t.customers).where(t.customers.c.id == booking.customer_id - 1)
        ).one()
    assert owner is not None
    assert (owner.id, owner.email, owner.name, owner.uuid) == (
        stored.id,
        stored.email,
        stored.name,
        stored.uuid,
    )
    assert owner.created_at.tzinfo is not None, "stored times come back UTC-aware"
    assert other is not None
    assert other.id == after.id, "a customer the booking did not bring is read"
    store.dispose()


def test_the_next_read_sees_a_customer_changed_since(database: str) -> None:
    store = make_store(database)
    booking_id = book_monday_slot(store, KEY, "before@example.com")
    with store.open(API, KEY, write=False) as sandbox:
        booking = sandbox.ledger.get_booking(booking_id)
        assert booking is not None
        assert sandbox.ledger.get_customer(booking.customer_id).email == "before@example.com"  # type: ignore[union-attr]
    with store.open(API, KEY, write=True) as sandbox:
        sandbox.ledger.update_customer(booking.customer_id, {"email": "after@example.com"})
    with store.open(API, KEY, write=False) as sandbox:
        again = sandbox.ledger.get_booking(booking_id)
        assert again is not None
        assert sandbox.ledger.get_customer(again.customer_id).email == "after@example.com"  # type: ignore[union-attr]
        assert sandbox.ledger.get_booking(booking_id + 10**6) is None, "no booking, no customer kept"
    store.dispose()
