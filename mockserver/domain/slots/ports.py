"""What slot booking needs from storage beyond the kernel's ``Ledger``: time slots and bookings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from mockserver.domain.kernel.ports import Ledger

from .model import Booking, OccurrencePlaces, TimeSlot


class SlotLedger(Ledger, Protocol):
    """Same contract as ``Ledger``: one tenant, one transaction, every lookup by key or index."""

    # time slots
    def get_time_slot(self, slot_id: int) -> TimeSlot | None: ...

    def list_time_slots(
        self, service_id: int, weekday: int | None, offset: int, limit: int
    ) -> tuple[list[TimeSlot], int]: ...

    # bookings
    def get_booking(self, booking_id: int) -> Booking | None: ...

    def list_bookings(self, service_id: int, offset: int, limit: int) -> tuple[list[Booking], int]: ...

    def bookings_on(self, time_slot_ids: list[int], first_day: date, last_day: date) -> list[Booking]:
        """Every booking, whatever its status, on those slots' occurrences from ``first_day`` to
        ``last_day`` (inclusive), by occurrence: a calendar's week."""
        ...

    def next_booked_start(self, time_slot_ids: list[int], after: datetime) -> datetime | None:
        """The earliest start at or after ``after`` of a booking on those slots that holds a
        place, if any."""
        ...

    def places_at(
        self, time_slot_id: int, day: date, customer_id: int, excluding: int | None = None
    ) -> OccurrencePlaces:
        """The places taken on that occurrence, and whether the customer holds one (the booking
        ``excluding`` aside), in one read."""
        ...

    def places_taken_by_slot(self, time_slot_ids: list[int], day: date) -> dict[int, int]:
        """The places taken on each of those slots' occurrences that day, in one read."""
        ...

    def insert_booking(self, booking: Booking) -> None: ...

    def update_booking(self, booking_id: int, changes: Mapping[str, Any]) -> None: ...

    def delete_booking(self, booking_id: int) -> None: ...
