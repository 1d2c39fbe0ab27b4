"""What every context shares: providers, locations, services, customers, and the core statuses.

Plain immutable records in the core's vocabulary; each API adapter renames fields
and statuses on the way in and out.
"""

from __future__ import annotations

import enum
import functools
import zoneinfo
from dataclasses import dataclass
from datetime import datetime, time


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


def is_time_zone(name: object) -> bool:
    """Whether ``name`` is a zone of this installation's IANA database (the tzdata package's,
    else the system's): the zones a location may be in, from a world file or an imported state."""
    return isinstance(name, str) and name in _zone_names()


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())  # a walk of the database: once a process


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
class Customer:
    id: int
    uuid: str
    name: str | None
    email: str | None
    phone: str | None
    created_at: datetime
    updated_at: datetime
