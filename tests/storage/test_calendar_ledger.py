"""The merchant calendar's ledger: a range's attendees (each active place with the customer
holding it, one statement) are what reading the places and then their customers gives, on
both backends."""

from __future__ import annotations

from datetime import timedelta

from mockserver.domain.calendar.model import BlockedTime, Reservation, StaffOverlaps
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


def test_overlaps_are_what_is_stored_for_every_range_around_it(database: str) -> None:
    """``overlaps`` asks for blocked times and active reservations in one statement: for ranges
    that touch, straddle and miss every stored reservation and blocked time of a staff member,
    its answer must be what the stored rows say, with a reservation left out when excluded, and
    again once one of them is cancelled."""
    store = make_store(database)
    window = (ANCHOR - timedelta(days=180), ANCHOR + timedelta(days=180))

    def stored() -> tuple[list[Reservation], list[BlockedTime]]:
        with store.open(MERCHANT, KEY, write=False) as sandbox:
            calendar = sandbox.calendar
            providers = calendar.providers()
            return (
                [r for p in providers for r in calendar.reservations_between(p.id, *window)],
                [b for p in providers for b in calendar.blocked_between(p.id, *window)],
            )

    reservations, blocks = stored()
    staff = {r.staff_id for r in reservations} & {b.staff_id for b in blocks}
    assert staff, "one staff member is both booked and blocked"
    member = min(staff)
    mine = [r for r in reservations if r.staff_id == member]
    half_hour = timedelta(minutes=30)
    ranges = [
        (start + shift, start + shift + length)
        for start in [r.starts_at for r in mine] + [b.starts_at for b in blocks if b.staff_id == member]
        for shift in (-4 * half_hour, -half_hour, timedelta(0), half_hour)
        for length in (half_hour, 2 * half_hour, 6 * half_hour)
    ]

    def check(excluding: int | None) -> list[StaffOverlaps]:
        reservations, blocks = stored()  # active ones only
        with store.open(MERCHANT, KEY, write=False) as sandbox:
            found = [sandbox.calendar.overlaps(member, start, end, excluding) for start, end in ranges]
        expected = [
            StaffOverlaps(
                blocked=any(b.staff_id == member and b.starts_at < end and start < b.ends_at for b in blocks),
                booked=any(
                    r.staff_id == member and r.id != excluding and r.starts_at < end and start < r.ends_at
                    for r in reservations
                ),
            )
            for start, end in ranges
        ]
        assert found == expected
        return found

    first = check(None)
    assert {o.blocked for o in first} == {o.booked for o in first} == {True, False}, "hits and misses"
    assert check(mine[0].id) != first, "an excluded reservation is left out"
    with store.open(MERCHANT, KEY, write=True) as sandbox:
        sandbox.calendar.update_reservation(mine[0].id, {"status": BookingStatus.CANCELLED})
    assert check(None) != first, "a cancelled reservation frees its time"
    store.dispose()
