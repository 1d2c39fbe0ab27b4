"""Merchant rules about what a cancellation leaves behind: a group under its minimum, and what a
merchant's cancellation records.

What a merchant's cancellation recorded is read where the customer reads the booking, on any
target; a booking-sandbox's state export stands in only where that read leaves it out.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

import pytest

from contract_tests.kit.run import Run
from contract_tests.rules.merchant_shop import Merchant, instant, stamp


def calendar_entry(shop: Merchant, starts: datetime, booking_id: int) -> dict[str, Any] | None:
    window = {"start": stamp(starts.replace(hour=0)), "end": stamp(starts.replace(hour=23))}
    answer = shop.merchant.get("/bookings/calendar/events", params=window)
    assert answer.status_code == 200, answer.text
    return next((entry for entry in answer.json()["bookings"] if entry["id"] == booking_id), None)


def test_min_participants_a_group_left_below_its_minimum_stays_for_the_merchant_to_cancel(
    shop: Merchant,
) -> None:
    minimum = shop.group.min_participants
    if minimum < 2:
        pytest.skip("the seeded group service has no minimum above one participant")
    starts, session = shop.open_group(6, guests=minimum - 1)
    shop.booked(shop.customer, starts, shop.group.id, booking_id=session)
    left = shop.cancel(shop.customer, session)
    assert left.status_code == 200, f"a cancellation taking the group below its minimum: {left.text}"

    entry = calendar_entry(shop, starts, session)
    assert entry is not None, "the group was cancelled without the merchant: it is gone from the calendar"
    assert entry["current_participants"] == minimum - 1
    assert entry["min_participants"] == minimum

    whole = shop.merchant.delete(f"/bookings/merchant/{session}", json={"cancellation_reason": "too few"})
    assert whole.status_code == 200, f"the merchant could not cancel the group: {whole.text}"
    assert calendar_entry(shop, starts, session) is None, "the cancelled group is still on the calendar"


def test_cancelled_by_merchant_the_time_and_reason_are_recorded(shop: Merchant, run: Run) -> None:
    """The customer's read documents ``cancelled_by_merchant_on`` and the reason: read there,
    on any target that shows them; a booking-sandbox's state export stands in where the read
    leaves them out (the schema makes them optional)."""
    booking = shop.first_free(shop.customer, shop.starts(4), shop.appointment.id)
    reason = f"kit {secrets.token_hex(4)}: the therapist is ill"
    before = run.now()
    cancelled = shop.merchant.delete(f"/bookings/merchant/{booking}", json={"cancellation_reason": reason})
    assert cancelled.status_code == 200, cancelled.text
    after = run.now()

    shown = shop.customer.get(f"/bookings/customer/{booking}")
    assert shown.status_code == 200, shown.text
    recorded = shown.json()
    assert recorded.get("is_cancelled") is True, (
        f"the customer reads a merchant-cancelled booking as {recorded}"
    )
    if "cancelled_by_merchant_on" not in recorded:
        run.controls.require(
            "the customer's read leaves cancelled_by_merchant_on out, so it is read from the state"
        )
        rows = run.controls.state(run.control_token(), "merchant")["apis"]["merchant"]["reservations"]
        recorded = next(row for row in rows if row["id"] == booking)
    assert recorded.get("cancellation_reason") in (reason, None), (
        f"the reason reads {recorded.get('cancellation_reason')!r}"
    )
    if "cancellation_reason" in recorded:
        assert recorded["cancellation_reason"] == reason
    assert recorded["cancelled_by_merchant_on"] is not None, "no cancelled_by_merchant_on was recorded"
    on = instant(recorded["cancelled_by_merchant_on"])
    # To the second where the kit reads the target's own clock (a target may keep whole
    # seconds); elsewhere the kit's wall clock and the target's may disagree by minutes.
    skew = timedelta(seconds=1) if run.has_clock else timedelta(minutes=5)
    assert before - skew <= on <= after + skew, (
        f"recorded {on.isoformat()}, but the cancellation happened between {before.isoformat()} and "
        f"{after.isoformat()}"
    )


@pytest.mark.moves_clock
def test_deadline_boundary_a_minute_before_it_cancels_and_a_minute_after_is_refused(
    shop: Merchant, run: Run
) -> None:
    """The deadline is ``cancel_deadline`` hours before the start, to the minute: the sandbox clock
    is set a minute either side of it (a deadline counted from the end, or in another zone's
    hours, moves it by an hour or more)."""
    run.controls.require("needs time to pass")
    hours = timedelta(hours=shop.appointment.cancellation_deadline_hours)
    early = shop.first_free(shop.customer, shop.starts(3), shop.appointment.id)
    late = shop.first_free(shop.customer, shop.starts(3), shop.appointment.id)
    for booking, side, allowed in ((early, -MINUTE, True), (late, MINUTE, False)):
        starts = shop.starts_of(booking)
        run.controls.set_clock(run.control_token(), starts - hours + side)
        answer = shop.cancel(shop.customer, booking)
        when = f"{'a minute before' if allowed else 'a minute after'} the deadline ({stamp(starts - hours)})"
        if allowed:
            assert answer.status_code == 200, f"a cancel {when} was refused: {answer.text}"
        else:
            assert answer.status_code == 409, (
                f"a cancel {when} was answered {answer.status_code}: {answer.text}"
            )
            shown = shop.customer.get(f"/bookings/customer/{booking}").json()
            assert shown["is_cancelled"] is False, (
                f"a cancel {when} was refused, yet the booking is cancelled"
            )


MINUTE = timedelta(minutes=1)
