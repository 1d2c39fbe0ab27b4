"""Booking rules on a hand-made world: one UTC studio, one Monday 10:00 slot for two."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from mockserver.domain.kernel.clock import FixedClock
from mockserver.domain.kernel.customers import ContactDetails
from mockserver.domain.kernel.errors import (
    CapacityExhausted,
    DuplicateBooking,
    InvalidInput,
    InvalidTransition,
    NotFound,
    SlotUnavailable,
)
from mockserver.domain.kernel.model import BookingStatus
from mockserver.domain.slots.bookings import BookingChanges, BookingDesk, NewBooking
from tests.domain.ledger_double import MemoryLedger

WEDNESDAY_NOON = datetime(2026, 1, 7, 12, 0, tzinfo=UTC)
NEXT_MONDAY = date(2026, 1, 12)
JANE = ContactDetails("Jane Doe", "jane@example.com", "+12025550185")
BOB = ContactDetails("Bob Roe", "bob@example.com", None)
ALICE = ContactDetails("Alice Poe", "alice@example.com", None)


@pytest.fixture
def ledger() -> MemoryLedger:
    ledger = MemoryLedger()
    service = ledger.add_service(ledger.add_location("UTC"), window_days=30)
    ledger.add_slot(service, weekday=0, start=time(10), end=time(11), capacity=2)
    return ledger


@pytest.fixture
def desk(ledger: MemoryLedger) -> BookingDesk:
    return BookingDesk(ledger, FixedClock(WEDNESDAY_NOON))


def book(desk: BookingDesk, who: ContactDetails = JANE, day: date = NEXT_MONDAY) -> int:
    return desk.create(NewBooking(day=day, time_slot_id=1, contact=who)).id


def test_new_booking_is_pending_on_the_slot_occurrence(desk: BookingDesk) -> None:
    booking = desk.get(book(desk))
    assert booking.status is BookingStatus.PENDING
    assert booking.starts_at == datetime(2026, 1, 12, 10, tzinfo=UTC)
    assert booking.ends_at == datetime(2026, 1, 12, 11, tzinfo=UTC)
    assert booking.created_at == booking.updated_at == WEDNESDAY_NOON


def test_slot_occurrence_uses_the_location_time_zone() -> None:
    ledger = MemoryLedger()
    service = ledger.add_service(ledger.add_location("America/New_York"))
    ledger.add_slot(service, weekday=0, start=time(9), end=time(10), capacity=1)
    booking = BookingDesk(ledger, FixedClock(WEDNESDAY_NOON)).create(
        NewBooking(day=NEXT_MONDAY, time_slot_id=1, contact=JANE)
    )
    assert booking.starts_at == datetime(2026, 1, 12, 14, tzinfo=UTC)  # EST is UTC-5 in January


def test_capacity_is_enforced_per_occurrence(desk: BookingDesk) -> None:
    book(desk, JANE)
    book(desk, BOB)
    with pytest.raises(CapacityExhausted, match="time slot is full"):
        book(desk, ALICE)
    # The same slot a week later is a different occurrence with its own places.
    book(desk, ALICE, NEXT_MONDAY + timedelta(days=7))


def test_same_customer_twice_on_one_occurrence_is_a_duplicate(desk: BookingDesk) -> None:
    book(desk, JANE)
    same_person = ContactDetails(None, "JANE@example.com", None)  # emails match case-insensitively
    with pytest.raises(DuplicateBooking, match="duplicate booking"):
        book(desk, same_person)


def test_known_customer_is_reused_and_blanks_filled(desk: BookingDesk, ledger: MemoryLedger) -> None:
    first = desk.get(book(desk, ContactDetails(None, "bob@example.com", None)))
    second = desk.get(book(desk, BOB, NEXT_MONDAY + timedelta(days=7)))
    assert first.customer_id == second.customer_id
    assert ledger.customers[first.customer_id].name == "Bob Roe"


def test_cancelling_frees_the_place(desk: BookingDesk) -> None:
    jane = book(desk, JANE)
    book(desk, BOB)
    desk.update(jane, BookingChanges(status=BookingStatus.CANCELLED, cancel_reason="ill"))
    assert desk.get(book(desk, ALICE)).status is BookingStatus.PENDING


def test_cancel_needs_a_reason_and_the_reason_needs_a_cancel(desk: BookingDesk) -> None:
    booking = book(desk)
    with pytest.raises(InvalidInput, match="cancel_reason is required"):
        desk.update(booking, BookingChanges(status=BookingStatus.CANCELLED, cancel_reason="  "))
    with pytest.raises(InvalidInput, match="only accepted together"):
        desk.update(booking, BookingChanges(cancel_reason="why not"))
    assert desk.get(booking).status is BookingStatus.PENDING


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([BookingStatus.CONFIRMED], BookingStatus.PENDING),
        ([BookingStatus.CANCELLED], BookingStatus.PENDING),
        ([BookingStatus.CANCELLED], BookingStatus.CONFIRMED),
        ([BookingStatus.CONFIRMED, BookingStatus.CANCELLED], BookingStatus.CONFIRMED),
    ],
)
def test_refused_transitions(desk: BookingDesk, path: list[BookingStatus], refused: BookingStatus) -> None:
    booking = book(desk)
    for status in path:
        reason = "ill" if status is BookingStatus.CANCELLED else None
        desk.update(booking, BookingChanges(status=status, cancel_reason=reason))
    before = desk.get(booking)
    with pytest.raises(InvalidTransition):
        desk.update(booking, BookingChanges(status=refused))
    assert desk.get(booking) == before


def test_cancelled_booking_is_history(desk: BookingDesk) -> None:
    booking = book(desk)
    desk.update(booking, BookingChanges(status=BookingStatus.CANCELLED, cancel_reason="ill"))
    with pytest.raises(InvalidTransition):
        desk.update(booking, BookingChanges(message="changed my mind"))


def test_updated_at_moves_on_every_change_even_with_a_frozen_clock(desk: BookingDesk) -> None:
    booking = book(desk)
    first = desk.update(booking, BookingChanges(message="one"))
    second = desk.update(booking, BookingChanges(message="two"))
    assert WEDNESDAY_NOON < first.updated_at < second.updated_at
    unchanged = desk.update(booking, BookingChanges(message="two"))
    assert unchanged.updated_at == second.updated_at


def test_moving_checks_the_new_occurrence(desk: BookingDesk) -> None:
    later = NEXT_MONDAY + timedelta(days=7)
    book(desk, BOB, later)
    book(desk, ALICE, later)
    jane = book(desk, JANE)
    with pytest.raises(CapacityExhausted):
        desk.update(jane, BookingChanges(day=later))
    with pytest.raises(SlotUnavailable, match="only available on Monday"):
        desk.update(jane, BookingChanges(day=NEXT_MONDAY + timedelta(days=1)))
    moved = desk.update(jane, BookingChanges(day=NEXT_MONDAY + timedelta(days=14)))
    assert moved.starts_at == datetime(2026, 1, 26, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (date(2026, 1, 5), "already started"),  # last Monday
        (date(2026, 1, 13), "only available on Monday"),
        (date(2026, 3, 2), "booking window"),  # 54 days out, window is 30
    ],
)
def test_dates_that_cannot_be_booked(desk: BookingDesk, day: date, message: str) -> None:
    with pytest.raises(SlotUnavailable, match=message):
        book(desk, day=day)


def test_unknown_slot_and_booking_are_not_found(desk: BookingDesk) -> None:
    with pytest.raises(NotFound, match="time slot not found"):
        desk.create(NewBooking(day=NEXT_MONDAY, time_slot_id=99, contact=JANE))
    with pytest.raises(NotFound, match="booking not found"):
        desk.get(42)


def test_slot_must_belong_to_the_named_service(desk: BookingDesk) -> None:
    with pytest.raises(InvalidInput, match="does not belong"):
        desk.create(NewBooking(day=NEXT_MONDAY, time_slot_id=1, contact=JANE, service_id=2))


def test_deleted_booking_is_gone_and_its_id_is_not_reused(desk: BookingDesk) -> None:
    first = book(desk)
    held = desk.get(first)
    assert desk.delete(first) == held, "the booking as it was, for the answer and the event"
    with pytest.raises(NotFound):
        desk.get(first)
    assert book(desk) != first


def test_listing_pages_add_up(desk: BookingDesk) -> None:
    for n in range(5):  # two places a week, inside the 30-day window
        book(
            desk, ContactDetails(None, f"c{n}@example.com", None), NEXT_MONDAY + timedelta(days=7 * (n // 2))
        )
    pages = [desk.list_for_service(1, page, 2) for page in (1, 2, 3, 4)]
    assert [len(p.items) for p in pages] == [2, 2, 1, 0]
    assert {p.total_count for p in pages} == {5}
    assert {p.total_pages for p in pages} == {3}
    with pytest.raises(NotFound, match="service not found"):
        desk.list_for_service(7, 1, 2)
