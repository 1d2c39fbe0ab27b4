"""The merchant booking API's rules, through its documented operations only.

The API has no catalogue operation: nothing lists services, locations or
hours. The kit learns them from the target data (``merchant_shop.py``); where the
data lacks them, these scenarios are skipped, naming what to add.
"""

from __future__ import annotations

import functools
import secrets
from datetime import date, timedelta
from typing import Any

import pytest

from contract_tests.kit.run import Run
from contract_tests.rules.merchant_shop import Merchant, instant, refused, stamp
from contract_tests.rules.merchant_walk_ins import drop, fill_a_time


def test_capacity_a_full_group_refuses_the_next_customer(shop: Merchant) -> None:
    starts, session = shop.open_group(6, guests=shop.group.max_participants - 1)
    shop.booked(shop.customer, starts, shop.group.id, booking_id=session)
    full = shop.book(shop.other_customer, starts, shop.group.id, booking_id=session)
    refused(shop.run, full, 409, "capacity_reached")
    shown = shop.customer.get(f"/bookings/customer/{session}").json()
    assert shown["current_participants"] == shown["max_participants"] == shop.group.max_participants


def test_duplicate_joining_a_group_twice_is_refused(shop: Merchant) -> None:
    starts, session = shop.open_group(6, guests=1)
    shop.booked(shop.customer, starts, shop.group.id, booking_id=session)
    again = shop.book(shop.customer, starts, shop.group.id, booking_id=session)
    refused(shop.run, again, 409, "already_booked")
    assert shop.customer.get(f"/bookings/customer/{session}").json()["current_participants"] == 2


def test_slot_taken_a_fully_booked_time_refuses_the_next_customer(shop: Merchant) -> None:
    # A time the customer could book: what fills it at the customer's location is the walk-ins,
    # not the vendor's own bookings (a time those fill there is refused whatever the kit cancels).
    starts, walk_ins = fill_a_time(shop, 6, open_to=shop.customer)
    assert shop.book(shop.customer, starts, shop.appointment.id).status_code == 409
    # A merchant's booking names no location: a merchant with several may have its walk-ins
    # seated at any of them. Cancelled in turn, the one at the customer's location lets them in.
    for walk_in in walk_ins:
        cancelled = drop(shop, walk_in)
        assert cancelled.status_code == 200, cancelled.text
        answer = shop.book(shop.customer, starts, shop.appointment.id)
        if answer.status_code == 201:
            return
        refused(shop.run, answer, 409, "slot_unavailable")
    raise AssertionError(f"every walk-in at {stamp(starts)} was cancelled and the customer is still refused")


def test_update_a_move_onto_a_taken_time_or_off_shift_is_refused(shop: Merchant) -> None:
    candidates = (
        shop.at(day, hour) for day in shop.days(6) for hour in shop.open_hours(day, (9, 10, 14, 15))
    )
    booking = shop.first_free(shop.customer, candidates, shop.appointment.id)
    before = shop.customer.get(f"/bookings/customer/{booking}").json()
    length = timedelta(minutes=shop.appointment.duration_minutes)
    taken, _ = fill_a_time(shop, 6, avoid=instant(before["from_date"]))
    day = shop.day_of(instant(before["from_date"]))
    closed = shop.closed_hour(day)  # a time no employee works (none where the merchant never closes)
    for starts in (taken, *(() if closed is None else (shop.at(day, closed),))):
        body = {"merchant_note": "kit", "from_date": stamp(starts), "to_date": stamp(starts + length)}
        moved = shop.merchant.patch(f"/bookings/merchant/{booking}", json=body)
        assert moved.status_code == 409, f"moved onto {stamp(starts)}: {moved.status_code} {moved.text}"
    assert shop.customer.get(f"/bookings/customer/{booking}").json() == before


def test_cancel_frees_a_place_in_a_full_group(shop: Merchant) -> None:
    starts, session = shop.open_group(6, guests=shop.group.max_participants - 1)
    shop.booked(shop.customer, starts, shop.group.id, booking_id=session)
    assert shop.cancel(shop.customer, session).status_code == 200
    assert shop.customer.get(f"/bookings/customer/{session}").json()["is_cancelled"] is True
    shop.booked(shop.other_customer, starts, shop.group.id, booking_id=session)


def test_double_cancel_is_refused_and_changes_nothing(shop: Merchant) -> None:
    booking = shop.first_free(shop.customer, shop.starts(6), shop.appointment.id)
    assert shop.cancel(shop.customer, booking).status_code == 200
    before = shop.customer.get(f"/bookings/customer/{booking}").json()
    refused(shop.run, shop.cancel(shop.customer, booking), 409, "already_cancelled")
    assert shop.customer.get(f"/bookings/customer/{booking}").json() == before
    merchant_again = shop.merchant.delete(f"/bookings/merchant/{booking}", json={"cancellation_reason": "x"})
    refused(shop.run, merchant_again, 409, "already_cancelled")


def test_deadline_cancelling_well_before_it_is_allowed(shop: Merchant) -> None:
    hours = shop.appointment.cancellation_deadline_hours
    booking = shop.first_free(shop.customer, shop.starts(2), shop.appointment.id)
    shown = shop.customer.get(f"/bookings/customer/{booking}").json()
    assert shown["cancel_deadline"] == hours
    assert shop.cancel(shop.customer, booking).status_code == 200


@pytest.mark.moves_clock
def test_deadline_cancelling_inside_it_is_refused(shop: Merchant, run: Run) -> None:
    """A booking that starts inside its cancellation deadline is booked now, then cancelled: no
    clock need move, so any target is held to it. Only where no working hour falls inside the
    deadline from now does a booking-sandbox's clock make the time pass instead."""
    hours = shop.appointment.cancellation_deadline_hours
    if hours == 0:
        pytest.skip("the appointment service has no cancellation deadline to be inside of")
    now, deadline = run.now(), timedelta(hours=hours)
    first_day, last_day = shop.day_of(now), shop.day_of(now + deadline)
    days = [first_day + timedelta(days=n) for n in range((last_day - first_day).days + 1)]
    inside = (s for day in days for s in shop.hours(day) if now + timedelta(minutes=5) < s < now + deadline)
    booking = shop.free(shop.customer, inside, shop.appointment.id)
    if booking is None:
        run.controls.require(f"no free working hour falls inside the {hours}-hour deadline from now")
        booking = shop.first_free(shop.customer, shop.starts(3), shop.appointment.id)
        run.controls.set_clock(run.control_token(), shop.starts_of(booking) - deadline / 2)
    late = shop.cancel(shop.customer, booking)
    refused(shop.run, late, 409, "deadline_passed")
    assert shop.customer.get(f"/bookings/customer/{booking}").json()["is_cancelled"] is False


def test_isolation_other_merchants_and_customers_cannot_touch_a_booking(shop: Merchant) -> None:
    booking = shop.first_free(shop.customer, shop.starts(6), shop.appointment.id)
    day = shop.day_of(shop.starts_of(booking))
    assert shop.other_customer.get(f"/bookings/customer/{booking}").status_code == 403
    assert shop.cancel(shop.other_customer, booking).status_code == 403
    refused = shop.other_merchant.delete(f"/bookings/merchant/{booking}", json={"cancellation_reason": ""})
    assert refused.status_code in (403, 404), refused.text
    params = {"start": stamp(shop.at(day, 0)), "end": stamp(shop.at(day, 23))}
    seen = shop.other_merchant.get("/bookings/calendar/events", params=params).json()["bookings"]
    assert booking not in [entry["id"] for entry in seen]
    mine = shop.merchant.get("/bookings/calendar/events", params=params).json()["bookings"]
    assert booking in [entry["id"] for entry in mine]
    assert shop.customer.get(f"/bookings/customer/{booking}").json()["is_cancelled"] is False


def test_calendar_a_booking_shows_in_its_range_and_nowhere_else(shop: Merchant) -> None:
    booking = shop.first_free(shop.customer, shop.starts(6), shop.appointment.id)
    starts = shop.customer.get(f"/bookings/customer/{booking}").json()["from_date"]
    day = shop.day_of(instant(starts))

    def events(on: date) -> dict[str, Any]:
        window = {"start": stamp(shop.at(on, 0)), "end": stamp(shop.at(on, 23))}
        answer = shop.merchant.get("/bookings/calendar/events", params=window)
        assert answer.status_code == 200, answer.text
        return answer.json()  # type: ignore[no-any-return]

    shown = {entry["id"]: entry for entry in events(day)["bookings"]}
    assert booking in shown, "a booking of the day is missing from the day's calendar"
    assert instant(shown[booking]["from_date"]) == instant(starts)
    assert isinstance(events(day)["blocked_times"], list)
    for elsewhere in (day - timedelta(days=1), day + timedelta(days=1)):
        assert booking not in [entry["id"] for entry in events(elsewhere)["bookings"]]


def test_recurring_a_weekly_series_follows_its_rule_up_to_until(shop: Merchant) -> None:
    """Every other Tuesday up to and including ``until`` (RFC 5545): three occurrences, each at
    the same local time, whatever daylight saving does in between; in a booking window too short
    for that (a vendor's 35 days), two, a fortnight apart, which still tell an interval ignored."""
    # The series spans `span` weeks after its first day, all inside the appointment's window.
    bookable = shop.appointment.booking_window_days
    for span in (4, 2):
        weeks = 4 if bookable is None else min(4, (bookable - 7 - 7 * span) // 7)
        if weeks >= 1:
            break
    else:
        pytest.skip(f"a {bookable}-day booking window is too short for a two-week series")
    start = shop.run.today(shop.zone) + timedelta(weeks=weeks)
    first, marker = start + timedelta(days=(1 - start.weekday()) % 7), f"Kit{secrets.token_hex(3)}"
    for hour in shop.open_hours(first, (13, 9, 10, 16))[:8]:
        body = {
            "service_id": shop.appointment.id,
            "timestamp": stamp(shop.at(first, hour)),
            "customers": [{"first_name": "Series", "last_name": marker}],
            "is_recurring": True,
            "recurrence_rule": {
                "frequency": "WEEKLY",
                "interval": 2,
                "weekdays": ["TU"],
                "until": stamp(shop.at(first + timedelta(weeks=span), hour)),
            },
        }
        made = shop.merchant.post("/bookings/merchant", json=body)
        if made.status_code == 201:
            break
        assert made.status_code == 409, made.text
    else:
        pytest.skip("no hour free on every Tuesday of the series")
    window = {"start": stamp(shop.at(first, 0)), "end": stamp(shop.at(first + timedelta(weeks=span + 2), 23))}
    events = shop.merchant.get("/bookings/calendar/events", params=window).json()["bookings"]
    series = [entry for entry in events if entry.get("last_name") == marker]
    for entry in series:
        shop.tidy.later(functools.partial(drop, shop, entry["id"]))
    expected = [stamp(shop.at(first + timedelta(weeks=weeks), hour)) for weeks in range(0, span + 1, 2)]
    assert sorted(stamp(instant(entry["from_date"])) for entry in series) == expected
