"""A booking as its customer manages it: number, owner, add-ons and an edit in progress.

The time range, resource, status and participants live on the ``Reservation``
and its ``Participant`` rows, shared with the merchant's calendar (so a
customer's booking and a merchant's appointment can never overlap); the folio
adds what only the customer's side needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from mockserver.domain.kernel.model import BookingStatus

# An edit counts as "in progress", and so can be reverted, for this long after
# it started: there is no "finish edit" call, so something must close it.
EDIT_SESSION = timedelta(minutes=30)


@dataclass(frozen=True)
class BookingByUuid:
    """A booking named by its public uuid, as a request's path names it (lower case, as stored)."""

    uuid: str


@dataclass(frozen=True)
class AddOnChoice:
    add_on_id: int
    quantity: int


@dataclass(frozen=True)
class ParticipantState:
    participant_id: int
    status: BookingStatus
    can_edit: bool
    attending_virtually: bool
    display_name: str | None


@dataclass(frozen=True)
class PendingEdit:
    """The booking as it was before the edit in progress, to restore on cancel."""

    started_at: datetime
    starts_at: datetime
    ends_at: datetime
    staff_id: int
    add_ons: tuple[AddOnChoice, ...]
    participants: tuple[ParticipantState, ...]
    total_minor: int

    def is_open(self, now: datetime) -> bool:
        return now < self.started_at + EDIT_SESSION


@dataclass(frozen=True)
class BookingFolio:
    id: int
    """The id of the reservation it belongs to."""
    uuid: str
    number: str
    kiosk_hash: str
    """What a terminal shows to look the booking up without a customer login."""
    owner_id: int
    add_ons: tuple[AddOnChoice, ...] = ()
    pending_edit: PendingEdit | None = None

    def open_edit(self, now: datetime) -> PendingEdit | None:
        edit = self.pending_edit
        return edit if edit is not None and edit.is_open(now) else None


def booking_number(reservation_id: int) -> str:
    return f"BK-{reservation_id:06d}"
