"""The entities every booking API in the sandbox is made of.

These are plain immutable records. They carry the core's vocabulary only; each
API adapter renames fields and statuses on the way in and out.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time


class BookingStatus(enum.StrEnum):
    """The core booking states; adapters map their own words onto these."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    CANCELLED = "cancelled"
    COMPLETED = "completed"

    @property
    def holds_a_place(self) -> bool:
        """Whether a booking in this state occupies capacity."""
        return self in (BookingStatus.PENDING, BookingStatus.CONFIRMED)


class ServiceKind(enum.StrEnum):
    APPOINTMENT = "appointment"
    CLASS = "class"
    EVENT = "event"


class PriceType(enum.StrEnum):
    PER_PERSON = "per_person"
    PER_BOOKING = "per_booking"
    FREE = "free"


@dataclass(frozen=True)
class Provider:
    """A business taking bookings (a spa, a gym, a merchant)."""

    id: int
    name: str
    slug: str
    email: str
    phone: str


@dataclass(frozen=True)
class Location:
    id: int
    provider_id: int
    name: str
    street: str
    city: str
    postal_code: str
    country: str
    timezone: str


@dataclass(frozen=True)
class StaffMember:
    id: int
    provider_id: int
    location_id: int
    name: str
    email: str
    role: str


@dataclass(frozen=True)
class Service:
    id: int
    provider_id: int
    location_id: int
    name: str
    description: str
    kind: ServiceKind
    duration_minutes: int
    price_minor: int
    currency: str
    price_type: PriceType
    color: str
    cancellation_deadline_hours: int
    booking_window_days: int


@dataclass(frozen=True)
class OpeningHours:
    """One weekly opening window of a location; weekday 0 is Monday."""

    id: int
    location_id: int
    weekday: int
    opens: time
    closes: time


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


@dataclass(frozen=True)
class Customer:
    id: int
    name: str | None
    email: str | None
    phone: str | None
    created_at: datetime
    updated_at: datetime


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
class Page:
    """One page of a listing with the totals a client needs to walk the rest."""

    items: tuple[Booking, ...]
    page: int
    page_size: int
    total_count: int

    @property
    def total_pages(self) -> int:
        return -(-self.total_count // self.page_size)
