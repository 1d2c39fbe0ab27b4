"""What a caller asks of a merchant's calendar, and what a customer sees of a reservation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mockserver.domain.calendar.model import Participant, Reservation
from mockserver.domain.calendar.recurrence import RecurrenceRule
from mockserver.domain.calendar.roster import CustomerRef
from mockserver.domain.kernel.model import Location, Provider, Service


@dataclass(frozen=True)
class CustomerBooking:
    """A customer books a new appointment or session, or joins session ``join_id``."""

    merchant_slug: str
    service_id: int
    location_id: int
    starts_at: datetime
    customer_note: str | None = None
    join_id: int | None = None


@dataclass(frozen=True)
class MerchantBooking:
    service_id: int
    starts_at: datetime
    customers: tuple[CustomerRef, ...]
    merchant_note: str | None = None
    recurrence: RecurrenceRule | None = None


@dataclass(frozen=True)
class ReservationView:
    """A reservation with what a customer is shown about it."""

    reservation: Reservation
    service: Service
    location: Location
    provider: Provider
    participants: int
    participation: Participant
    """The viewing customer's latest place in it (a rejoin after cancelling is a new one)."""
    cancelled: bool
