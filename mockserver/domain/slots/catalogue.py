"""Read access to what a provider offers: services and their weekly time slots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mockserver.domain.kernel.errors import NotFound
from mockserver.domain.kernel.model import Service

from .model import TimeSlot
from .ports import SlotLedger

# Slots read per query when every one of a service's is asked for.
EVERY_PAGE = 100


@dataclass(frozen=True)
class SlotAvailability:
    """A time slot, and when a date is asked about, how many places are left on it."""

    slot: TimeSlot
    places_left: int | None


class Catalogue:
    def __init__(self, ledger: SlotLedger) -> None:
        self._ledger = ledger

    def service(self, service_id: int) -> Service:
        service = self._ledger.get_service(service_id)
        if service is None:
            raise NotFound("service", service_id)
        return service

    def time_zone(self, service: Service) -> str:
        """Where the service is given: its location's IANA time zone."""
        location = self._ledger.get_location(service.location_id)
        assert location is not None  # a service's location is never deleted
        return location.timezone

    def services(self, page: int, page_size: int) -> tuple[list[Service], int]:
        return self._ledger.list_services((page - 1) * page_size, page_size)

    def time_slot(self, slot_id: int) -> TimeSlot:
        slot = self._ledger.get_time_slot(slot_id)
        if slot is None:
            raise NotFound("time slot", slot_id)
        return slot

    def time_slots(
        self, service_id: int, on: date | None, page: int, page_size: int
    ) -> tuple[list[SlotAvailability], int]:
        """The service's slots; given a date, only those on its weekday, with places left."""
        self.service(service_id)
        weekday = on.weekday() if on is not None else None
        slots, total = self._ledger.list_time_slots(service_id, weekday, (page - 1) * page_size, page_size)
        if on is None:
            return [SlotAvailability(slot, None) for slot in slots], total
        taken = self._ledger.places_taken_by_slot([slot.id for slot in slots], on)
        return [SlotAvailability(slot, max(0, slot.max_bookings - taken[slot.id])) for slot in slots], total

    def every_time_slot(self, service_id: int, on: date | None = None) -> list[SlotAvailability]:
        """All the service's slots (the vendor's ``no_pagination``): a catalogue holds few, so
        this is one page, read once, unless a service has more than ``EVERY_PAGE`` of them."""
        slots, total = self.time_slots(service_id, on, 1, EVERY_PAGE)
        page = 1
        while len(slots) < total:
            page += 1
            slots += self.time_slots(service_id, on, page, EVERY_PAGE)[0]
        return slots
