"""Broken sandboxes for the rules the kit checks through a booking-sandbox's own means: its control
API (a rate limit, webhooks, the recorded state, the clock) and its seeded world (invitations, a
recurring series, a rejected request). Each is a plausible vendor bug, as in ``broken_rules``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pytest

from mockserver.apis.reservekit import vocabulary as reservekit_words
from mockserver.control.booking_events import BookingEvents
from mockserver.domain.calendar.reservations import ReservationDesk
from mockserver.domain.kernel.model import BookingStatus
from mockserver.domain.lifecycle.booking_lifecycle import BookingLifecycle
from mockserver.domain.lifecycle.cases import BookingCases
from mockserver.storage.lifecycle.seeded import SeededFolios

Breakage = Callable[[pytest.MonkeyPatch], None]


def rate_limit_in_another_shape(mp: pytest.MonkeyPatch) -> None:
    mp.setitem(reservekit_words._PROTOCOL_MESSAGES, 429, "too many requests")


def events_without_customer(mp: pytest.MonkeyPatch) -> None:
    publish = BookingEvents.publish

    def serialised_apart(self: Any, sandbox_hash: str, event: str, data: Mapping[str, Any]) -> None:
        bookings = [{k: v for k, v in shown.items() if k != "customer"} for shown in data["bookings"]]
        publish(self, sandbox_hash, event, {**data, "bookings": bookings})

    mp.setattr(BookingEvents, "publish", serialised_apart)


def merchant_cancellations_unrecorded(mp: pytest.MonkeyPatch) -> None:
    touch = ReservationDesk._touch

    def forgetful(self: Any, reservation: Any, changes: dict[str, Any]) -> Any:
        return touch(self, reservation, {k: v for k, v in changes.items() if k != "cancelled_by_merchant_on"})

    mp.setattr(ReservationDesk, "_touch", forgetful)


def groups_below_minimum_cancelled(mp: pytest.MonkeyPatch) -> None:
    cancel = ReservationDesk.cancel_as_customer

    def and_the_group_with_it(self: Any, customer: Any, reservation_id: int, merchant_slug: str) -> None:
        cancel(self, customer, reservation_id, merchant_slug)
        reservation = self._reservation(reservation_id)
        service = self._ledger.get_service(reservation.service_id)
        if len(self._calendar.active_participants([reservation_id])) < service.min_participants:
            self._touch(reservation, {"status": BookingStatus.CANCELLED})

    mp.setattr(ReservationDesk, "cancel_as_customer", and_the_group_with_it)


def invitations_accepted_in_name_only(mp: pytest.MonkeyPatch) -> None:
    def unchanged(self: Any, caller: Any, booking_uuid: str) -> Any:
        case, _ = self._invitation(caller, booking_uuid)
        return self._cases.view(case, caller)

    mp.setattr(BookingLifecycle, "accept_invite", unchanged)


def series_cancelled_one_at_a_time(mp: pytest.MonkeyPatch) -> None:
    cancel = BookingLifecycle.cancel
    mp.setattr(
        BookingLifecycle, "cancel", lambda self, caller, uuid, whole: cancel(self, caller, uuid, False)
    )


def bookings_never_expire(mp: pytest.MonkeyPatch) -> None:
    mp.setattr(BookingCases, "_settled", lambda self, reservation, terms, *, settle: reservation)


def rejections_keep_the_payment(mp: pytest.MonkeyPatch) -> None:
    reprice = SeededFolios._reprice

    def no_refund(self: Any, order: Any, total: int, reason: str, when: Any) -> Any:
        return order if reason == "request rejected" else reprice(self, order, total, reason, when)

    mp.setattr(SeededFolios, "_reprice", no_refund)


SANDBOX_BREAKAGES: dict[str, tuple[str, Breakage]] = {
    "RK-RATE-LIMIT": ("a rate-limited create answers another error body", rate_limit_in_another_shape),
    "RK-WEBHOOKS": ("events carry the booking without its customer", events_without_customer),
    "MR-CANCELLED-BY-MERCHANT": (
        "a merchant's cancellation records no time",
        merchant_cancellations_unrecorded,
    ),
    "MR-MIN-PARTICIPANTS": ("a group below its minimum is cancelled at once", groups_below_minimum_cancelled),
    "LC-INVITATIONS": ("accepting an invitation changes nothing", invitations_accepted_in_name_only),
    "LC-SERIES-CANCEL": ("a series is cancelled one occurrence at a time", series_cancelled_one_at_a_time),
    "LC-EXPIRED": ("a booking never checked in never expires", bookings_never_expire),
    "LC-REJECTED-REFUND": ("a rejected request keeps its payment", rejections_keep_the_payment),
}
