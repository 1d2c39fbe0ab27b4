"""What the domain core needs from storage, stated as a protocol.

A ``Ledger`` is one tenant's sandbox inside one transaction: everything read
and written through it commits or rolls back together, and writers are
serialised (see ``mockserver.storage``), so a rule checked here stays true until
the write that depends on it. Every lookup is by key or by an index, never a
scan of all bookings.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, Protocol

from .model import Booking, Customer, Location, Service, TimeSlot


class Ledger(Protocol):
    def allocate_id(self, entity: str) -> int:
        """A fresh id for ``entity``, never reused in this sandbox, even after deletes."""
        ...

    # catalogue
    def get_service(self, service_id: int) -> Service | None: ...

    def list_services(self, offset: int, limit: int) -> tuple[list[Service], int]: ...

    def get_location(self, location_id: int) -> Location | None: ...

    def get_time_slot(self, slot_id: int) -> TimeSlot | None: ...

    def list_time_slots(
        self, service_id: int, weekday: int | None, offset: int, limit: int
    ) -> tuple[list[TimeSlot], int]: ...

    # customers
    def get_customer(self, customer_id: int) -> Customer | None: ...

    def customers_by_id(self, customer_ids: set[int]) -> dict[int, Customer]: ...

    def find_customer(self, *, email: str | None, phone: str | None) -> Customer | None:
        """The customer with this email (case-insensitive), else this phone."""
        ...

    def insert_customer(self, customer: Customer) -> None: ...

    def update_customer(self, customer_id: int, changes: Mapping[str, Any]) -> None: ...

    # bookings
    def get_booking(self, booking_id: int) -> Booking | None: ...

    def list_bookings(self, service_id: int, offset: int, limit: int) -> tuple[list[Booking], int]: ...

    def count_places_taken(self, time_slot_id: int, day: date) -> int:
        """Bookings on that occurrence whose status holds a place."""
        ...

    def customer_holds_place(
        self, customer_id: int, time_slot_id: int, day: date, excluding: int | None = None
    ) -> bool: ...

    def insert_booking(self, booking: Booking) -> None: ...

    def update_booking(self, booking_id: int, changes: Mapping[str, Any]) -> None: ...

    def delete_booking(self, booking_id: int) -> None: ...
