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
