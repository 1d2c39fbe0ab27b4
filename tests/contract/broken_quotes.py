"""Vendors whose write does not do what the read before it quoted (``MONEY-ADDS-UP``'s quotes): a
lifecycle cancel settled otherwise than its preview said. The directed scenarios preview and
cancel only bookings paid in full and never edited, where the two agree; the explorer's walk
edits a booking's add-ons, then previews and cancels it (``contract_tests/explorer/looks.py``).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import replace
from typing import Any

import pytest

from mockserver.domain.lifecycle.booking_lifecycle import BookingLifecycle

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
