"""Slot booking's records: weekly time slots and the bookings that take their places."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo

from mockserver.domain.kernel.model import (
    BookingStatus,
)


@dataclass(frozen=True)
class TimeSlot:
    """A weekly recurring slot of a service with a fixed capacity."""

    id: int
    service_id: int
    staff_id: int | None
    weekday: int
    start_time: time
    end_time: time
    max_bookings: int

    def occurs_on(self, day: date) -> bool:
        return day.weekday() == self.weekday

    def instants_on(self, day: date, zone: tzinfo) -> tuple[datetime, datetime]:
        """When the occurrence on ``day`` starts and ends (UTC), its times read in the location's ``zone``."""
        return (
            datetime.combine(day, self.start_time, zone).astimezone(UTC),
            datetime.combine(day, self.end_time, zone).astimezone(UTC),
        )


@dataclass(frozen=True)
class Booking:
    """A customer's place on one dated occurrence of a time slot."""

    id: int
    service_id: int
    time_slot_id: int
    customer_id: int
    date: date
    starts_at: datetime
    ends_at: datetime
    status: BookingStatus
    cancel_reason: str | None
    message: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class OccurrencePlaces:
    """What a create or a move asks of one occurrence before it takes a place there."""

    taken: int
    """Bookings on it whose status holds a place."""
    held_by_customer: bool
    """Whether the customer holds one of them (the booking being moved aside)."""


@dataclass(frozen=True)
class Page:
    """One page of a listing with the totals a client needs to walk the rest."""

    items: tuple[Booking, ...]
    page: int
    page_size: int
    total_count: int

    @property
    def total_pages(self) -> int:
        return -(-self.total_count // self.page_size)
