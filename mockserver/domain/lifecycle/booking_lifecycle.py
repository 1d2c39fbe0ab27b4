"""The customer booking lifecycle: look-up, cancellation terms and cancelling, invitations.

Statuses and their moves (core words; the lifecycle API says reserved,
requested, accepted, ...):

    held ──submit──> pending ──approve──> confirmed ──check-in window closes──> expired
                        │  └──reject──> rejected (any payment refunded in full)
                        └──────────┴──cancel──> cancelled (refund by the fee tier)

Only pending and confirmed bookings can be cancelled. A participant invited to
a booking answers the invitation: accepting confirms their place, rejecting
removes them (and a per-person price drops with them).
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass, replace

from mockserver.domain.calendar.model import Participant, Reservation
from mockserver.domain.kernel.clock import next_revision_time
from mockserver.domain.kernel.errors import (
    AccessDenied,
    FieldProblem,
    InvalidInput,
    InvalidTransition,
    NoOpenInvitation,
    NotCancelable,
    NotFound,
)
from mockserver.domain.kernel.model import BookingStatus, Customer

from .cases import BookingCase, BookingCases, BookingView
from .folios import BookingFolio
from .orders import reprice
from .terms import CancellationQuote, quote_cancellation

CANCELABLE = (BookingStatus.PENDING, BookingStatus.CONFIRMED)


@dataclass(frozen=True)
class OccurrenceQuote:
    case: BookingCase
    quote: CancellationQuote


@dataclass(frozen=True)
class CancellationPreview:
    booking: BookingCase
    occurrences: tuple[OccurrenceQuote, ...]
    """The booking's own quote first, then any further occurrences of its series."""
    whole_series: bool

    @property
    def fee_minor(self) -> int:
        return sum(o.quote.fee_minor for o in self.occurrences)

    @property
    def refund_minor(self) -> int:
        return sum(o.quote.refund_minor for o in self.occurrences)


class BookingLifecycle:
    def __init__(self, cases: BookingCases) -> None:
        self._cases = cases

    def view(self, caller: Customer, booking_uuid: str) -> BookingView:
        return self._cases.view(self._cases.visible_to(caller, booking_uuid, settle=False), caller)

    def by_number(self, caller: Customer | None, number: str, kiosk_hash: str | None) -> BookingView:
        """A booking by its number: for its owner or a participant, or for a terminal with its hash."""
        folio = self._cases.books.folio_by_number(number.strip().upper())
        if folio is None:
            raise NotFound("booking", number)
        case = self._cases.load(folio, settle=False)
        if kiosk_hash is not None:
            if not hmac.compare_digest(kiosk_hash.encode(), folio.kiosk_hash.encode()):
                raise AccessDenied("unauthorized: the hash does not match this booking")
            return self._cases.view(case, caller)
        if caller is None:
            raise AccessDenied("unauthorized: a terminal needs the booking's hash")
        if folio.owner_id != caller.id and case.participation_of(caller.id) is None:
            raise AccessDenied("unauthorized: not the booking owner or a participant")
        return self._cases.view(case, caller)

    def preview(self, caller: Customer, booking_uuid: str, whole_series: bool | None) -> CancellationPreview:
        case = self._cases.visible_to(caller, booking_uuid, settle=False)
        return self._preview(case, whole_series)

    def cancel(self, caller: Customer, booking_uuid: str, whole_series: bool | None) -> BookingView:
        case = self._cases.managed_by(caller, booking_uuid)
        for occurrence in self._preview(case, whole_series).occurrences:
            self._close(occurrence.case, BookingStatus.CANCELLED, occurrence.quote.fee_minor, "cancellation")
        return self._cases.view(self._cases.reload(case), caller)

    def accept_invite(self, caller: Customer, booking_uuid: str) -> BookingView:
        case, mine = self._invitation(caller, booking_uuid)
        self._cases.calendar.update_participants([mine.id], {"status": BookingStatus.CONFIRMED})
        self._cases.touch(case)
        return self._cases.view(self._cases.reload(case), caller)

    def reject_invite(self, caller: Customer, booking_uuid: str) -> BookingView:
        case, mine = self._invitation(caller, booking_uuid)
        now = self._cases.clock.now()
        self._cases.calendar.update_participants(
            [mine.id], {"status": BookingStatus.CANCELLED, "cancelled_at": now}
        )
        self._cases.touch(case)
        after = self._cases.reload(case)
        change = reprice(after.order, self._cases.total_of(after), "invited participant declined", now)
        self._cases.books.save_order_change(change)
        return self._cases.view(replace(after, order=change.order), caller)

    # What the vendor's admin side does; the sandbox's control API drives these.

    def approve(self, booking_uuid: str) -> BookingView:
        case = self._cases.find(booking_uuid, settle=True)
        self._require(case.reservation, BookingStatus.PENDING, BookingStatus.CONFIRMED)
        self._move(case.reservation, BookingStatus.CONFIRMED)
        return self._cases.view(self._cases.reload(case), None)

    def reject(self, booking_uuid: str) -> BookingView:
        """Deny a request; whatever was paid is refunded in full."""
        case = self._cases.find(booking_uuid, settle=True)
        self._require(case.reservation, BookingStatus.PENDING, BookingStatus.REJECTED)
        self._close(case, BookingStatus.REJECTED, 0, "request rejected")
        return self._cases.view(self._cases.reload(case), None)

    def _preview(self, case: BookingCase, whole_series: bool | None) -> CancellationPreview:
        series_id = case.reservation.series_id
        if whole_series and series_id is None:
            raise InvalidInput(
                "this booking is not part of a recurring series",
                problems=(FieldProblem("scope", "use scope=booking for a single booking"),),
            )
        if case.reservation.status not in CANCELABLE:
            raise NotCancelable("booking not cancelable", status=case.reservation.status.value)
        now = self._cases.clock.now()
        own = OccurrenceQuote(case, self._quote(case))
        # A recurring booking cancels its entire series (what has not started) unless asked otherwise.
        if series_id is None or whole_series is False:
            return CancellationPreview(case, (own,), whole_series=False)
        others: list[OccurrenceQuote] = []
        for member in self._cases.books.series_members(series_id):
            if member.id == case.reservation.id or member.starts_at <= now:
                continue
            other = self._cases.load(self._folio_of(member), settle=True)
            if other.reservation.status in CANCELABLE:
                others.append(OccurrenceQuote(other, self._quote(other)))
        return CancellationPreview(case, (own, *others), whole_series=True)

    def _quote(self, case: BookingCase) -> CancellationQuote:
        order = case.order
        return quote_cancellation(
            case.terms.fee_tiers,
            case.reservation.starts_at,
            self._cases.clock.now(),
            order.total_minor,
            order.net_paid_minor,
        )

    def _folio_of(self, member: Reservation) -> BookingFolio:
        folio = self._cases.books.folios_by_id([member.id]).get(member.id)
        assert folio is not None, "every occurrence of a customer's series has a folio"
        return folio

    def _close(self, case: BookingCase, status: BookingStatus, charge_minor: int, reason: str) -> None:
        """End the booking in ``status``, settling its order at ``charge_minor``."""
        self._move(case.reservation, status)
        change = reprice(case.order, charge_minor, reason, self._cases.clock.now())
        self._cases.books.save_order_change(change)

    def _move(self, reservation: Reservation, status: BookingStatus) -> None:
        self._cases.calendar.update_reservation(
            reservation.id,
            {"status": status, "updated_at": next_revision_time(self._cases.clock, reservation.updated_at)},
        )

    def _require(self, reservation: Reservation, current: BookingStatus, requested: BookingStatus) -> None:
        if reservation.status is not current:
            raise InvalidTransition(reservation.status.value, requested.value)

    def _invitation(self, caller: Customer, booking_uuid: str) -> tuple[BookingCase, Participant]:
        case = self._cases.visible_to(caller, booking_uuid, settle=True)
        mine = case.participation_of(caller.id)
        # The booking's own state first: an owner asking of a canceled booking is told that,
        # not that they hold a place in it.
        if case.reservation.status is not BookingStatus.CONFIRMED:
            raise NoOpenInvitation("no open invitation: the booking is no longer active")
        if mine is None:
            raise NoOpenInvitation("no open invitation: you are not invited to this booking")
        if mine.status is not BookingStatus.INVITED:
            raise NoOpenInvitation("no open invitation: you have already accepted a place in this booking")
        return case, mine
