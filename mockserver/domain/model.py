"""The entities every booking API in the sandbox is made of.

These are plain immutable records. They carry the core's vocabulary only; each
API adapter renames fields and statuses on the way in and out.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any


class BookingStatus(enum.StrEnum):
    """The core booking states; adapters map their own words onto these."""

    HELD = "held"
    """In a cart, not yet submitted."""
    PENDING = "pending"
    CONFIRMED = "confirmed"
    INVITED = "invited"
    """A participant asked to join who has not answered yet."""
    CANCELLED = "cancelled"
    COMPLETED = "completed"
    REJECTED = "rejected"
    EXPIRED = "expired"
    """Confirmed, but never checked in before the check-in window closed."""

    @property
    def holds_a_place(self) -> bool:
        """Whether a booking in this state occupies capacity."""
        return self in _PLACE_HOLDING


_PLACE_HOLDING = frozenset(
    (BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.INVITED)
)


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
    # The public identity of a staff member or room where an API calls it a resource.
    uuid: str = ""


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
    # What one booking costs the merchant to deliver (materials, room), in minor units.
    cost_minor: int = 0
    # Group services (classes, events) take several participants per booking.
    min_participants: int = 1
    max_participants: int = 1
    uuid: str = ""

    @property
    def is_group(self) -> bool:
        return self.kind is not ServiceKind.APPOINTMENT

    def price_for(self, participants: int) -> int:
        """What a booking with this many participants costs, in minor units."""
        if self.price_type is PriceType.FREE:
            return 0
        if self.price_type is PriceType.PER_PERSON:
            return self.price_minor * participants
        return self.price_minor


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
class StaffShift:
    """One weekly working window of a staff member, in the location's local time."""

    id: int
    staff_id: int
    weekday: int
    starts: time
    ends: time


@dataclass(frozen=True)
class BlockedTime:
    """A dated stretch in which a staff member takes no bookings (a break, training, leave)."""

    id: int
    provider_id: int
    staff_id: int
    name: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool
    icon: str | None
    blocked_type_id: int | None


@dataclass(frozen=True)
class Customer:
    id: int
    uuid: str
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
class Reservation:
    """A staffed, dated time range of a service on a merchant's calendar.

    An appointment holds one participant; a class or event session holds up to
    the service's ``max_participants``. Occurrences of one recurring series
    share a ``series_id``.
    """

    id: int
    provider_id: int
    service_id: int
    location_id: int
    staff_id: int
    starts_at: datetime
    ends_at: datetime
    status: BookingStatus
    customer_note: str | None
    merchant_note: str | None
    series_id: int | None
    cancelled_by_merchant_on: datetime | None
    cancellation_reason: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Participant:
    """One customer's place in a reservation; cancelling it frees the place."""

    id: int
    reservation_id: int
    customer_id: int
    status: BookingStatus
    joined_at: datetime
    cancelled_at: datetime | None
    can_edit: bool = False
    attending_virtually: bool = False
    display_name: str | None = None
    answers: Mapping[str, Any] | None = None
    """The participant's custom form answers, by field uuid."""


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
