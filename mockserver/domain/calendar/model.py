"""The merchant calendar's records: staff, their shifts and blocked times, reservations and participants."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from mockserver.domain.kernel.model import (
    BookingStatus,
    Service,
)


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
class StaffShift:
    """One weekly working window of a staff member, in the location's local time."""

    id: int
    staff_id: int
    weekday: int
    starts: time
    ends: time


@dataclass(frozen=True)
class StaffOverlaps:
    """What of a staff member's calendar overlaps a range: a blocked time, an active reservation."""

    blocked: bool
    booked: bool

    @property
    def busy(self) -> bool:
        return self.blocked or self.booked


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

    @classmethod
    def booked(
        cls,
        reservation_id: int,
        service: Service,
        *,
        location_id: int,
        staff_id: int,
        starts_at: datetime,
        ends_at: datetime,
        now: datetime,
        customer_note: str | None = None,
        merchant_note: str | None = None,
        series_id: int | None = None,
    ) -> Reservation:
        """A reservation booked ``now``: confirmed, never cancelled."""
        return cls(
            id=reservation_id,
            provider_id=service.provider_id,
            service_id=service.id,
            location_id=location_id,
            staff_id=staff_id,
            starts_at=starts_at,
            ends_at=ends_at,
            status=BookingStatus.CONFIRMED,
            customer_note=customer_note,
            merchant_note=merchant_note,
            series_id=series_id,
            cancelled_by_merchant_on=None,
            cancellation_reason=None,
            created_at=now,
            updated_at=now,
        )


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
