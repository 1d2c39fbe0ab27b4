"""The merchant calendar's ledger: a range's attendees (each active place with the customer
holding it, one statement) are what reading the places and then their customers gives, on
both backends."""

from __future__ import annotations

from datetime import timedelta

from mockserver.domain.kernel.model import BookingStatus
from mockserver.storage.tenancy.sandboxes import SandboxStore
from tests.storage.test_sandboxes import ANCHOR, make_store

MERCHANT = "merchant"
KEY = "sk_rsv_calendar_ledger"


def seeded_reservations(store: SandboxStore) -> list[int]:
    with store.open(MERCHANT, KEY, write=False) as sandbox:
        return [
            reservation.id
            for provider in sandbox.calendar.providers()
            for reservation in sandbox.calendar.reservations_between(
                provider.id, ANCHOR - timedelta(days=180), ANCHOR + timedelta(days=180)
            )
        ]


def test_attendees_are_the_active_places_with_their_customers_as_stored(database: str) -> None:
    store = make_store(database)
    ids = seeded_reservations(store)
    with store.open(MERCHANT, KEY, write=True) as sandbox:
        places = sandbox.calendar.active_participants(ids)
        assert len({place.reservation_id for place in places}) < len(places), "a group holds places"
        # One place leaves: the attendees must leave it out, as the places do.
        sandbox.calendar.update_participants([places[0].id], {"status": BookingStatus.CANCELLED})
    with store.open(MERCHANT, KEY, write=False) as sandbox:
        places = sandbox.calendar.active_participants(ids)
        customers = sandbox.ledger.customers_by_id({place.customer_id for place in places})
        attendees = sandbox.calendar.attendees(ids)
        assert attendees == [(place, customers[place.customer_id]) for place in places]
        assert all(customer.created_at.tzinfo is not None for _, customer in attendees)
        assert sandbox.calendar.attendees([]) == []
    store.dispose()


def test_busy_is_blocked_or_booked_for_every_range_around_what_is_stored(database: str) -> None:
    """``is_busy`` asks both questions as one statement: its answer must be theirs, for ranges
    that touch, straddle and miss every stored reservation and blocked time of a staff member,
    and again once one of those reservations is cancelled."""
    store = make_store(database)
    ids = seeded_reservations(store)
    window = (ANCHOR - timedelta(days=180), ANCHOR + timedelta(days=180))
    with store.open(MERCHANT, KEY, write=False) as sandbox:
        calendar = sandbox.calendar
        reservations = [r for p in calendar.providers() for r in calendar.reservations_between(p.id, *window)]
        blocks = [b for p in calendar.providers() for b in calendar.blocked_between(p.id, *window)]
    assert reservations, "the world books its staff"
    assert blocks, "the world blocks some of its staff's time"
    staff = {r.staff_id for r in reservations} & {b.staff_id for b in blocks}
    assert staff, "one staff member is both booked and blocked"
    member = min(staff)
    taken = [(r.starts_at, r.ends_at) for r in reservations if r.staff_id == member]
    taken += [(b.starts_at, b.ends_at) for b in blocks if b.staff_id == member]
    half_hour = timedelta(minutes=30)
    ranges = [
        (start + shift, start + shift + length)
        for start, _ in taken
        for shift in (-4 * half_hour, -half_hour, timedelta(0), half_hour)
        for length in (half_hour, 2 * half_hour, 6 * half_hour)
    ]

    def answers() -> list[tuple[bool, bool]]:
        with store.open(MERCHANT, KEY, write=False) as sandbox:
            calendar = sandbox.calendar
            return [
                (
                    calendar.is_busy(member, start, end),
                    calendar.is_blocked(member, start, end) or calendar.is_booked(member, start, end),
                )
                for start, end in ranges
            ]

    first = answers()
    assert {busy for busy, _ in first} == {True, False}, "the ranges hit and miss"
    assert all(busy == either for busy, either in first)
    cancelled = next(r for r in reservations if r.staff_id == member and r.id in ids)
    with store.open(MERCHANT, KEY, write=True) as sandbox:
        sandbox.calendar.update_reservation(cancelled.id, {"status": BookingStatus.CANCELLED})
    again = answers()
    assert again != first, "a cancelled reservation frees its time"
    assert all(busy == either for busy, either in again)
    store.dispose()
