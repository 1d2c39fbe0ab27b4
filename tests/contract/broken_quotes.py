"""Vendors whose write does not do what the read before it quoted (``MONEY-ADDS-UP``'s quotes): a
lifecycle cancel settled otherwise than its preview said. The directed scenarios preview and
cancel only bookings paid in full and never edited, where the two agree; the explorer's walk
edits a booking's add-ons, then previews and cancels it (``contract_tests/explorer/looks.py``).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

from mockserver.domain.lifecycle import booking_lifecycle
from mockserver.domain.lifecycle.booking_lifecycle import BookingLifecycle
from mockserver.domain.lifecycle.orders import EntryKind, Order, OrderChange, reprice

_CANCELLING: ContextVar[bool] = ContextVar("cancelling", default=False)


def a_cancel_takes_its_fee_on_what_was_paid(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """The cancel works its fee out on what was paid, where its preview (and the document's
    "fee percentage") takes it on the order's total: the two differ once an add-on chosen after
    booking is still unpaid, and then only in a tier with a percentage fee above nothing."""
    cancel, quote = BookingLifecycle.cancel, BookingLifecycle._quote

    def cancelling(self: BookingLifecycle, caller: Any, booking_uuid: str, whole_series: Any) -> Any:
        token = _CANCELLING.set(True)
        try:
            return cancel(self, caller, booking_uuid, whole_series)
        finally:
            _CANCELLING.reset(token)

    def quoted(self: BookingLifecycle, case: Any) -> Any:
        if _CANCELLING.get():
            case = replace(case, order=replace(case.order, total_minor=case.order.net_paid_minor))
        return quote(self, case)

    mp.setattr(BookingLifecycle, "cancel", cancelling)
    mp.setattr(BookingLifecycle, "_quote", quoted)
    return app


def a_cancel_refunds_the_whole_payment(mp: pytest.MonkeyPatch, app: Any) -> Any:
    """The cancel refunds everything paid, whatever its fee tier, while its order is still settled
    at the fee: the customer gets all back and then owes the fee. In the free tier, where every
    directed scenario cancels, the two agree; the order adds up either way."""

    def refunding_all(order: Order, new_total: int, reason: str, now: datetime) -> OrderChange:
        change = reprice(order, new_total, reason, now)
        more = order.net_paid_minor - (change.order.refunded_minor - order.refunded_minor)
        if reason != "cancellation" or more <= 0:
            return change
        refunded = replace(change.order, refunded_minor=change.order.refunded_minor + more)
        return replace(change, order=refunded, entries=(*change.entries, (EntryKind.REFUND, reason, -more)))

    mp.setattr(booking_lifecycle, "reprice", refunding_all)
    return app
