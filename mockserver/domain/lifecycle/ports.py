"""What the customer booking lifecycle needs from storage (same contract as the kernel's ``Ledger``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from mockserver.domain.calendar.model import Participant, Reservation, StaffMember
from mockserver.domain.kernel.model import Service

from .folios import BookingFolio
from .orders import Order, OrderChange, OrderEntry
from .terms import AddOn, FormField, ServiceTerms


@dataclass(frozen=True)
class StoredBooking:
    """A booking as it is stored: its folio, and the reservation and order of the same id
    (None where one is missing: a booking stored incompletely)."""

    folio: BookingFolio
    reservation: Reservation | None
    order: Order | None


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

    def booking_by_uuid(self, booking_uuid: str) -> StoredBooking | None:
        """The booking's folio with its reservation and its order, in one read."""
        ...

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
