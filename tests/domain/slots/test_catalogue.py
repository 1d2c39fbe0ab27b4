"""Reading a service's time slots all at once, on a hand-made catalogue."""

from __future__ import annotations

from datetime import time

from mockserver.domain.slots.catalogue import EVERY_PAGE, Catalogue
from tests.domain.ledger_double import MemoryLedger


def test_every_time_slot_reads_past_one_page_and_only_the_services_own() -> None:
    ledger = MemoryLedger()
    location = ledger.add_location("UTC")
    busy, other = ledger.add_service(location), ledger.add_service(location)
    for n in range(EVERY_PAGE + 3):
        ledger.add_slot(busy, weekday=n % 7, start=time(9), end=time(10), capacity=1)
    ledger.add_slot(other, weekday=0, start=time(9), end=time(10), capacity=1)

    slots = Catalogue(ledger).every_time_slot(busy.id)

    assert [s.slot.id for s in slots] == list(range(1, EVERY_PAGE + 4))
    assert all(s.places_left is None for s in slots)
