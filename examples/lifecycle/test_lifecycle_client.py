"""The customer app's client against a fresh sandbox per test (fixtures from the pytest plugin)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from lifecycle_client import CustomerApp, NotCancelable

MONDAY = "2027-01-11"  # after the ini's start (Wednesday 2027-01-06)


def customer_app(sandbox) -> CustomerApp:
    someone = sandbox.world["customers"][1]["uuid"]
    return CustomerApp(sandbox.url("lifecycle"), sandbox.token("customer", someone))


def test_the_quoted_fee_is_the_fee_charged_and_a_second_cancel_is_refused(sandbox) -> None:
    app = customer_app(sandbox)
    massage = next(s for s in app.services() if s["attributes"]["name"] == "Deep Tissue Massage")
    booking = app.book_first_free(massage["id"], MONDAY)
    starts = datetime.fromisoformat(booking["attributes"]["start_date"].replace("Z", "+00:00"))
    # Thirty hours before it starts: inside the 72-hour tier, where half the price is kept.
    sandbox.clock.set(starts - timedelta(hours=30))

    quote = app.quote_cancellation(booking["id"])
    order = app.cancel(booking["id"])

    assert (quote.fee, quote.refund) == ("42.50", "42.50")
    assert order["total"]["amount"] == quote.fee
    assert order["refunded"]["amount"] == quote.refund
    with pytest.raises(NotCancelable):
        app.cancel(booking["id"])
