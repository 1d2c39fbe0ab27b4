"""An in-memory ``Ledger`` for unit tests of the domain rules: small, hand-made worlds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime, time
from typing import Any

from mockserver.domain.kernel.contact import email_key
from mockserver.domain.kernel.ids import IdMint
from mockserver.domain.kernel.model import Customer, Location, PriceType, Service, ServiceKind
from mockserver.domain.slots.model import Booking, OccurrencePlaces, TimeSlot


class MemoryLedger:
    def __init__(self) -> None:
        self.services: dict[int, Service] = {}
        self.locations: dict[int, Location] = {}
        self.slots: dict[int, TimeSlot] = {}
        self.customers: dict[int, Customer] = {}
        self.bookings: dict[int, Booking] = {}
        self.counters: dict[str, int] = {}
        self.ids = IdMint("memory")

    # building a world

    def add_location(self, timezone: str = "UTC") -> Location:
        location = Location(
            len(self.locations) + 1, 1, "Studio", "1 Main St", "Town", "00000", "US", timezone
        )
        self.locations[location.id] = location
        return location

    def add_service(self, location: Location, window_days: int = 90) -> Service:
        service = Service(
            id=len(self.services) + 1,
            provider_id=1,
            location_id=location.id,
            name="Massage",
            description="",
            kind=ServiceKind.APPOINTMENT,
            duration_minutes=60,
            price_minor=5000,
            currency="USD",
            price_type=PriceType.PER_PERSON,
            color="#000000",
            cancellation_deadline_hours=24,
            booking_window_days=window_days,
        )
        self.services[service.id] = service
        return service

    def add_slot(self, service: Service, weekday: int, start: time, end: time, capacity: int) -> TimeSlot:
        slot = TimeSlot(len(self.slots) + 1, service.id, None, weekday, start, end, capacity)
        self.slots[slot.id] = slot
        return slot

    # the Ledger protocol

    def allocate_id(self, entity: str) -> int:
        self.counters[entity] = self.counters.get(entity, 0) + 1
        return self.counters[entity]

    def get_service(self, service_id: int) -> Service | None:
        return self.services.get(service_id)

    def list_services(self, offset: int, limit: int) -> tuple[list[Service], int]:
        items = sorted(self.services.values(), key=lambda s: s.id)
        return items[offset : offset + limit], len(items)

    def get_location(self, location_id: int) -> Location | None:
        return self.locations.get(location_id)

    def get_time_slot(self, slot_id: int) -> TimeSlot | None:
        return self.slots.get(slot_id)

    def list_time_slots(
        self, service_id: int, weekday: int | None, offset: int, limit: int
    ) -> tuple[list[TimeSlot], int]:
        items = [
            s
            for s in sorted(self.slots.values(), key=lambda s: s.id)
            if s.service_id == service_id and (weekday is None or s.weekday == weekday)
        ]
        return items[offset : offset + limit], len(items)

    def get_customer(self, customer_id: int) -> Customer | None:
        return self.customers.get(customer_id)

    def customers_by_id(self, customer_ids: set[int]) -> dict[int, Customer]:
        return {i: self.customers[i] for i in customer_ids if i in self.customers}

    def find_customer_by_uuid(self, customer_uuid: str) -> Customer | None:
        return next((c for c in self.customers.values() if c.uuid == customer_uuid), None)

    def find_customer(self, *, email: str | None, phone: str | None) -> Customer | None:
        for customer in sorted(self.customers.values(), key=lambda c: c.id):
            if email is not None and email_key(customer.email) == email_key(email):
                return customer
        for customer in sorted(self.customers.values(), key=lambda c: c.id):
            if phone is not None and customer.phone == phone:
                return customer
        return None

    def insert_customer(self, customer: Customer) -> None:
        self.customers[customer.id] = customer

    def update_customer(self, customer_id: int, changes: Mapping[str, Any]) -> None:
        self.customers[customer_id] = replace(self.customers[customer_id], **changes)

    def get_booking(self, booking_id: int) -> Booking | None:
        return self.bookings.get(booking_id)

    def list_bookings(self, service_id: int, offset: int, limit: int) -> tuple[list[Booking], int]:
        items = [b for b in sorted(self.bookings.values(), key=lambda b: b.id) if b.service_id == service_id]
        return items[offset : offset + limit], len(items)

    def next_booked_start(self, time_slot_ids: list[int], after: datetime) -> datetime | None:
        starts = [
            b.starts_at
            for b in self.bookings.values()
            if b.time_slot_id in time_slot_ids and b.starts_at >= after and b.status.holds_a_place
        ]
        return min(starts, default=None)

    def bookings_on(self, time_slot_ids: list[int], first_day: date, last_day: date) -> list[Booking]:
        found = [
            b
            for b in self.bookings.values()
            if b.time_slot_id in time_slot_ids and first_day <= b.date <= last_day
        ]
        return sorted(found, key=lambda b: (b.date, b.time_slot_id, b.id))

    def _holding(self, time_slot_id: int, day: date) -> list[Booking]:
        return [
            b
            for b in self.bookings.values()
            if b.time_slot_id == time_slot_id and b.date == day and b.status.holds_a_place
        ]

    def places_at(
        self, time_slot_id: int, day: date, customer_id: int, excluding: int | None = None
    ) -> OccurrencePlaces:
        holding = self._holding(time_slot_id, day)
        held = any(b.customer_id == customer_id and b.id != excluding for b in holding)
        return OccurrencePlaces(len(holding), held)

    def places_taken_by_slot(self, time_slot_ids: list[int], day: date) -> dict[int, int]:
        return {slot: len(self._holding(slot, day)) for slot in time_slot_ids}

    def insert_booking(self, booking: Booking) -> None:
        self.bookings[booking.id] = booking

    def update_booking(self, booking_id: int, changes: Mapping[str, Any]) -> None:
        self.bookings[booking_id] = replace(self.bookings[booking_id], **changes)

    def delete_booking(self, booking_id: int) -> None:
        del self.bookings[booking_id]
