"""What the merchant calendar needs from storage (same contract as the kernel's ``Ledger``)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

from mockserver.domain.kernel.model import Customer, Location, Provider

from .model import BlockedTime, Participant, Reservation, StaffMember, StaffOverlaps, StaffShift


class CalendarLedger(Protocol):
    """Merchants' calendars: staff, their shifts and blocks, reservations and participants.

    Overlap queries are bounded by ``starts_at`` on an index, so their cost
    follows one staff member's day, not the number of stored reservations.
    """

    def get_provider(self, provider_id: int) -> Provider | None: ...

    def providers(self) -> list[Provider]:
        """Every merchant of the sandbox (the seeded catalogue), by id."""
        ...

    def provider_by_slug(self, slug: str) -> Provider | None: ...

    def locations_of(self, provider_id: int) -> list[Location]:
        """Every location of the provider, by id."""
        ...

    def staff_at_location(self, location_id: int) -> list[StaffMember]: ...

    def shifts_on(self, staff_id: int, weekday: int) -> list[StaffShift]: ...

    def overlaps(
        self, staff_id: int, starts_at: datetime, ends_at: datetime, excluding: int | None = None
    ) -> StaffOverlaps:
        """Whether any blocked time of the staff member overlaps the range, and whether any of
        their active reservations (but ``excluding``) does: one question, whichever is asked."""
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

    def next_reserved_start(self, provider_id: int, after: datetime) -> datetime | None:
        """The earliest start at or after ``after`` of the provider's reservations that hold a
        place, if any."""
        ...

    def blocked_between(self, provider_id: int, start: datetime, end: datetime) -> list[BlockedTime]: ...

    def taken_between(
        self, provider_id: int, start: datetime, end: datetime
    ) -> tuple[list[Reservation], list[BlockedTime]]:
        """``reservations_between`` and ``blocked_between`` at once: what takes the provider's
        time in the range (one round trip where each read would be one)."""
        ...

    def latest_participation(self, reservation_id: int, customer_id: int) -> Participant | None: ...

    def active_participants(self, reservation_ids: list[int]) -> list[Participant]: ...

    def attendees(self, reservation_ids: list[int]) -> list[tuple[Participant, Customer]]:
        """Each active place in the reservations with the customer holding it, by place id."""
        ...

    def insert_participant(self, participant: Participant) -> None: ...

    def update_participants(self, participant_ids: list[int], changes: Mapping[str, Any]) -> None: ...
