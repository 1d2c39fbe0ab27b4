"""A read that went on its sandbox's row as the process last read it (``FirstReads.ahead``) reads
the row again with its first statement (``database/read_ahead.py``), and stops there if it moved;
what its handler named ahead goes with that statement, its rows handed out once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any
from unittest.mock import Mock

import pytest
import sqlalchemy as sa

from mockserver.documents.resources import fixture_path
from mockserver.domain.kernel.customers import ContactDetails
from mockserver.domain.kernel.errors import NotFound
from mockserver.domain.lifecycle.folios import BookingByUuid
from mockserver.domain.slots.bookings import NewBooking
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.storage.database.cursors import Cursor
from mockserver.storage.database.read_ahead import StaleOpening, stale_if_remade
from mockserver.storage.tenancy.first_reads import FirstRead
from mockserver.storage.tenancy.sandboxes import SandboxStore
from tests.storage.test_first_reads import KEY, clock_of_a_read, move_clock
from tests.storage.test_sandboxes import API, FAR_MONDAY, book_monday_slot, make_store

LATER = "later@example.com"
NAMED = NewBooking(day=FAR_MONDAY, time_slot_id=1, contact=ContactDetails(None, LATER, None))
"""A create's reads (the customer by address, the occurrence's holders), named to a read."""


@pytest.fixture
def store(pg_database: str) -> Iterator[SandboxStore]:
    made = make_store(pg_database)
    clock_of_a_read(made)  # the tenant made, known to the store
    assert made.first_reads.ahead(API, KEY) is None, "no row read yet to go on"
    made.first_reads.read(API, KEY)
    yield made
    made.dispose()


def ahead(store: SandboxStore) -> FirstRead:
    first = store.first_reads.ahead(API, KEY)
    assert first is not None
    assert not first.confirmed
    return first


def read_a_booking(store: SandboxStore) -> object:
    with store.open(API, KEY, write=False) as sandbox:
        return sandbox.ledger.get_booking(1)


def test_an_unchanged_row_is_confirmed_by_the_first_statement(store: SandboxStore) -> None:
    first = ahead(store)
    kept = store.first_reads.keep(first)
    assert read_a_booking(store) is not None
    store.first_reads.release(kept)
    assert first.confirmed
    assert not first.stale


def test_a_moved_row_stops_the_read_at_its_first_statement(store: SandboxStore) -> None:
    before = clock_of_a_read(store)
    first = ahead(store)
    move_clock(store, KEY, timedelta(days=2))  # another server's change
    kept = store.first_reads.keep(first)
    with pytest.raises(StaleOpening):
        read_a_booking(store)
    store.first_reads.release(kept)
    assert first.stale
    assert not store.first_reads.confirm(first), "stale stays stale"
    assert clock_of_a_read(store) == before + timedelta(days=2)
    again = ahead(store)
    assert again.row == first.row, "what it read is what the next request goes on"


def test_a_read_that_sent_nothing_is_confirmed_once_answered(store: SandboxStore) -> None:
    first = ahead(store)
    kept = store.first_reads.keep(first)
    clock_of_a_read(store)  # the clock alone: no statement
    store.first_reads.release(kept)
    assert not first.confirmed
    move_clock(store, KEY, timedelta(hours=1))
    assert not store.first_reads.confirm(first)
    assert store.first_reads.confirm(ahead(store))


def test_a_write_on_an_old_row_is_refused_before_it_writes(store: SandboxStore) -> None:
    first = ahead(store)
    move_clock(store, KEY, timedelta(days=1))
    kept = store.first_reads.keep(first)
    with pytest.raises(StaleOpening):
        book_monday_slot(store, KEY, "twice@example.com")
    store.first_reads.release(kept)
    with store.open(API, KEY, write=False) as sandbox:
        assert sandbox.ledger.find_customer(email="twice@example.com", phone=None) is None, "nothing written"
    with store.engine.connect() as connection:
        held = connection.execute(sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"))
        assert held.scalar() == 0, "the refused transaction let its sandbox's lock go"
    confirmed = ahead(store)
    kept = store.first_reads.keep(confirmed)
    book_monday_slot(store, KEY, "once@example.com")
    store.first_reads.release(kept)
    assert confirmed.confirmed, "on an unchanged row the write goes ahead"


def test_a_read_named_ahead_goes_with_the_first_statement_and_is_handed_out_once(store: SandboxStore) -> None:
    with store.open(API, KEY, write=False, ahead=(NAMED,)) as sandbox:
        assert sandbox.ledger.get_booking(1) is not None  # the first statement: the lookup goes with it
        book_monday_slot(store, KEY, LATER)  # another request registers the customer meanwhile
        # The lookup's rows are those read with the first statement: the same read, a moment sooner.
        assert sandbox.ledger.find_customer(email=LATER, phone=None) is None
        # Asked again, it goes out again: kept rows are handed out once.
        again = sandbox.ledger.find_customer(email=LATER, phone=None)
        assert again is not None
        assert again.email == LATER


def test_a_moved_row_stops_a_read_before_its_reads_named_ahead_are_handed_out(store: SandboxStore) -> None:
    first = ahead(store)
    move_clock(store, KEY, timedelta(days=2))
    book_monday_slot(store, KEY, LATER)
    kept = store.first_reads.keep(first)
    with pytest.raises(StaleOpening), store.open(API, KEY, write=False, ahead=(NAMED,)) as sandbox:
        sandbox.ledger.find_customer(email=LATER, phone=None)
    store.first_reads.release(kept)
    assert first.stale


def test_a_booking_named_by_its_uuid_brings_the_places_and_lines_its_ids_would_read(
    pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lifecycle read names the booking its path names. Its places and its order's lines go
    with it, keyed by its uuid, and once its row gives its ids they answer the reads by those
    ids: the records a read by the ids gives, and no statement of their own."""
    store = make_store(pg_database)
    store.ensure_tenants(KEY, ("lifecycle",))
    folio = generate_world(load_blueprint(fixture_path("default-world")), 42).folios[0]
    sent: list[str] = []
    execute = Cursor.execute

    def counted(cursor: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(str(query))
        return execute(cursor, query, *args, **kwargs)

    def shown(named: tuple[BookingByUuid, ...]) -> tuple[Any, Any, int]:
        with store.open("lifecycle", KEY, write=False, ahead=named) as sandbox:
            stored = sandbox.lifecycle.booking_by_uuid(folio.uuid)
            assert stored is not None
            assert stored.order is not None
            sent.clear()
            places = sandbox.calendar.attendees([folio.reservation_id])
            lines = sandbox.lifecycle.entries_of(stored.order.id)
            return places, lines, len(sent)

    monkeypatch.setattr(Cursor, "execute", counted)
    places, lines, statements = shown((BookingByUuid(folio.uuid),))
    assert places, "the booking holds a place"
    assert lines, "its order has lines"
    assert statements == 0, "read with the booking"
    assert shown(()) == (places, lines, 2), "by its ids, the same records, sent after its row came back"
    store.dispose()


def test_a_read_that_fails_on_a_sandbox_made_anew_under_it_is_stale_not_a_500(store: SandboxStore) -> None:
    """A plain read's statements each see their own moment: a reset committed between two of
    them gave the second another world, and a domain check failing on the mix ("a
    reservation's service is never deleted", the dashboard's calendar beside two servers'
    resets) was a 500. Failing so, the read is StaleOpening: the 503 to retry."""

    def read(reset_between: bool) -> None:
        with store.open(API, KEY, write=False) as sandbox:
            assert sandbox.ledger.get_booking(1) is not None
            if reset_between:
                store.reset(KEY, seed=7)  # another request's, between this read's statements
            raise AssertionError("a check failing on what its statements read")

    with pytest.raises(StaleOpening):
        read(reset_between=True)
    with pytest.raises(AssertionError, match="a check failing"):  # nothing made anew: its own
        read(reset_between=False)


@pytest.mark.parametrize(
    ("again", "raised", "expected"),
    [
        ({"made_id": "b"}, AssertionError("mixed"), StaleOpening),
        (None, KeyError("gone"), StaleOpening),  # forgotten: no row at all
        ({"made_id": "a"}, AssertionError("its own"), AssertionError),
        ({"made_id": "b"}, NotFound("booking", 1), NotFound),  # a domain answer is the answer
        (RuntimeError("the connection too"), AssertionError("first"), AssertionError),
    ],
)
def test_a_failed_plain_read_is_stale_only_where_its_sandbox_was_made_anew(
    again: Any, raised: Exception, expected: type[Exception]
) -> None:
    def read_again(connection: Any) -> Any:
        if isinstance(again, Exception):
            raise again
        return None if again is None else SimpleNamespace(**again)

    with pytest.raises(expected), stale_if_remade(Mock(), read_again, SimpleNamespace(made_id="a")):
        raise raised
