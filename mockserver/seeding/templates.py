"""The records a world file is read into: what ``blueprint`` parses and ``world`` seeds from."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from mockserver.domain.kernel.model import BookingStatus, PriceType, ServiceKind
from mockserver.domain.lifecycle.terms import FREE_UNTIL_START, FeeTier, FieldKind

from .reseller import ProgrammeTemplate


@dataclass(frozen=True)
class HoursTemplate:
    weekdays: tuple[int, ...]
    opens: time
    closes: time


@dataclass(frozen=True)
class StaffTemplate:
    name: str
    email: str | None = None
    role: str | None = None
    hours: tuple[HoursTemplate, ...] | None = None
    """The member's own working hours (within the location's); None: the location's hours but
    for ``staff_days_off`` drawn days."""


@dataclass(frozen=True)
class LocationTemplate:
    """A provider's location; what it names is used as given, Faker draws the rest."""

    timezone: str
    country: str
    provider: str | None = None
    """The provider's name (its slug and booking email follow from it)."""
    name: str | None = None
    street: str | None = None
    city: str | None = None
    postal_code: str | None = None
    opening_hours: tuple[HoursTemplate, ...] | None = None
    """This location's own hours, instead of the world's."""
    staff: tuple[StaffTemplate, ...] | None = None
    """This location's team, instead of ``staff_per_location`` drawn by Faker."""


@dataclass(frozen=True)
class AddOnTemplate:
    name: str
    price_minor: int
    max_quantity: int


@dataclass(frozen=True)
class FieldTemplate:
    label: str
    kind: FieldKind
    required: bool
    options: tuple[str, ...]


@dataclass(frozen=True)
class TermsTemplate:
    """A service's terms in the customer booking lifecycle API."""

    fee_tiers: tuple[FeeTier, ...]
    check_in_minutes: int
    can_instant_book: bool
    can_edit_service_options: bool
    add_ons: tuple[AddOnTemplate, ...]
    custom_form: tuple[FieldTemplate, ...]


NO_TERMS = TermsTemplate(FREE_UNTIL_START, 15, False, False, (), ())


@dataclass(frozen=True)
class CustomerBookingsTemplate:
    """Seeded customers' bookings: one per listed status, plus weekly series."""

    statuses: tuple[BookingStatus, ...]
    series: int
    series_occurrences: int


@dataclass(frozen=True)
class ServiceTemplate:
    name: str
    kind: ServiceKind
    duration_minutes: int
    slot_every_minutes: int
    price_minor: int
    price_type: PriceType
    max_bookings: int
    cancellation_deadline_hours: int
    booking_window_days: int
    color: str
    cost_minor: int
    min_participants: int
    terms: TermsTemplate = NO_TERMS
    description: str | None = None
    """As given, or a sentence Faker draws."""


@dataclass(frozen=True)
class BlockTemplate:
    """A kind of blocked time each staff member gets ``per_staff`` of in the coming weeks."""

    name: str
    icon: str
    type_id: int
    per_staff: int
    starts: time | None
    """``None`` for an all-day block."""
    minutes: int


@dataclass(frozen=True)
class CalendarTemplate:
    """How merchants' calendars are filled: staff days off, blocked times, bookings."""

    weeks: int
    staff_days_off: int
    blocked_times: tuple[BlockTemplate, ...]
    appointments_per_service: int
    sessions_per_group_service: int
    max_seeded_participants: int


@dataclass(frozen=True)
class Blueprint:
    locale: str
    currency: str
    providers: int
    locations: tuple[LocationTemplate, ...]
    staff_per_location: int
    opening_hours: tuple[HoursTemplate, ...]
    services: tuple[ServiceTemplate, ...]
    customers: int
    bookings_per_service: int
    booking_statuses: tuple[BookingStatus, ...]
    calendar: CalendarTemplate
    customer_bookings: CustomerBookingsTemplate
    programme: ProgrammeTemplate
    branches: int = 0
    """Locations each provider has besides the one its services are offered at, drawn after
    everything else (ids after every other location's): a team and opening hours, no services.
    Only ``--vary`` sets it. A merchant's appointment names no location and is seated at its
    other locations first (``Staffing.walk_in_seats``)."""
