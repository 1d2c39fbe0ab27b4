"""What the domain core needs from storage, stated as a protocol.

A ``Ledger`` is one tenant's sandbox inside one transaction: everything read
and written through it commits or rolls back together, and writers are
serialised (see ``mockserver.storage``), so a rule checked here stays true until
the write that depends on it. Every lookup is by key or by an index, never a
scan of all bookings.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from .folios import BookingFolio
from .ids import IdMint
from .model import (
    BlockedTime,
    Booking,
    Customer,
    Location,
    Participant,
    Provider,
    Reservation,
    Service,
    StaffMember,
    StaffShift,
    TimeSlot,
)
from .orders import Order, OrderChange, OrderEntry
from .terms import AddOn, FormField, ServiceTerms


class Ledger(Protocol):
    ids: IdMint
    """Derives the public ids (uuids, tokens) of what this sandbox creates."""

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

    def find_customer_by_uuid(self, customer_uuid: str) -> Customer | None: ...

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


class CalendarLedger(Protocol):
    """Merchants' calendars: staff, their shifts and blocks, reservations and participants.

    Overlap queries are bounded by ``starts_at`` on an index, so their cost
    follows one staff member's day, not the number of stored reservations.
    """

    def get_provider(self, provider_id: int) -> Provider | None: ...

    def provider_by_slug(self, slug: str) -> Provider | None: ...

    def staff_at_location(self, location_id: int) -> list[StaffMember]: ...

    def shifts_on(self, staff_id: int, weekday: int) -> list[StaffShift]: ...

    def is_blocked(self, staff_id: int, starts_at: datetime, ends_at: datetime) -> bool:
        """Whether any blocked time of the staff member overlaps the range."""
        ...

    def is_booked(
        self, staff_id: int, starts_at: datetime, ends_at: datetime, excluding: int | None = None
    ) -> bool:
        """Whether any active reservation of the staff member overlaps the range."""
        ...

    def get_reservation(self, reservation_id: int) -> Reservation | None: ...

    def group_session_at(self, service_id: int, starts_at: datetime) -> Reservation | None:
        """The active reservation of a group service starting at exactly that instant."""
        ...

    def insert_reservation(self, reservation: Reservation) -> None: ...

    def update_reservation(self, reservation_id: int, changes: Mapping[str, Any]) -> None: ...

    def reservations_between(self, provider_id: int, start: datetime, end: datetime) -> list[Reservation]:
        """Active reservations of the provider overlapping the range, by start."""
        ...

    def blocked_between(self, provider_id: int, start: datetime, end: datetime) -> list[BlockedTime]: ...

    def latest_participation(self, reservation_id: int, customer_id: int) -> Participant | None: ...

    def active_participants(self, reservation_ids: list[int]) -> list[Participant]: ...

    def insert_participant(self, participant: Participant) -> None: ...

    def update_participants(self, participant_ids: list[int], changes: Mapping[str, Any]) -> None: ...


class LifecycleLedger(Protocol):
    """Booking terms, folios and orders: what the customer booking lifecycle adds to a calendar."""

    def service_by_uuid(self, service_uuid: str) -> Service | None: ...

    def list_services(self, offset: int, limit: int) -> tuple[list[Service], int]: ...

    def terms_of(self, service_id: int) -> ServiceTerms | None: ...

    def add_ons_of(self, service_id: int) -> list[AddOn]: ...

    def form_of(self, service_id: int) -> list[FormField]:
        """The service's custom form fields, in form order."""
        ...

    def staff_by_uuid(self, staff_uuid: str) -> StaffMember | None: ...

    def get_staff(self, staff_id: int) -> StaffMember | None: ...

    def folio_by_uuid(self, booking_uuid: str) -> BookingFolio | None: ...

    def folio_by_number(self, number: str) -> BookingFolio | None: ...

    def insert_folio(self, folio: BookingFolio) -> None: ...

    def update_folio(self, folio_id: int, changes: Mapping[str, Any]) -> None: ...

    def folios_by_id(self, folio_ids: list[int]) -> dict[int, BookingFolio]: ...

    def series_members(self, series_id: int) -> list[Reservation]:
        """The reservations of one recurring series, by start."""
        ...

    def participants_of(self, reservation_id: int) -> list[Participant]:
        """Every participation in the reservation, current or not, oldest first."""
        ...

    def update_participant(self, participant_id: int, changes: Mapping[str, Any]) -> None: ...

    def get_order(self, order_id: int) -> Order | None: ...

    def insert_order(self, order: Order) -> None: ...

    def save_order_change(self, change: OrderChange) -> None:
        """Store the order's new totals and append its entries."""
        ...

    def entries_of(self, order_id: int) -> list[OrderEntry]: ...
