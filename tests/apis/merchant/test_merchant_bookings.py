"""Merchants book for customers (also as series), move, cancel and read their calendar."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from dateutil import rrule

from mockserver.seeding.world import World

from .conftest import DEEP_TISSUE, SANDBOX, SWEDISH, YOGA, Calendar, Caller, stamp

MONDAY, TUESDAY, WEDNESDAY = 0, 1, 2


def create(merchant: Caller, starts: datetime, customers: list[dict[str, Any]], **extra: Any) -> Any:
    body = {
        "service_id": DEEP_TISSUE,
        "timestamp": stamp(starts),
        "customers": customers,
        "is_recurring": False,
        **extra,
    }
    return merchant.post("/bookings/merchant", json=body)


def test_a_merchants_new_booking_is_where_its_location_says(
    merchant: Caller, customers: list[Caller], world: World, local: Calendar
) -> None:
    starts = local.at(local.day(TUESDAY), 11)
    created = create(merchant, starts, [{"id": world.customers[0].uuid}])
    assert created.status_code == 201, created.text
    location = created.headers["Location"]
    assert location == f"/merchant/bookings/customer/{created.headers['X-Booking-Id']}"
    shown = customers[0].http.get(location, headers=customers[0].headers)
    assert shown.status_code == 200, shown.text
    assert shown.json()["from_date"] == stamp(starts)


def test_merchant_books_known_and_new_customers_and_the_calendar_shows_them(
    merchant: Caller, world: World, local: Calendar
) -> None:
    starts = local.at(local.day(TUESDAY), 10)
    known = world.customers[0]
    created = create(merchant, starts, [{"id": known.uuid}], merchant_note="Prefers quiet")
    assert created.status_code == 201, created.text
    group = create(
        merchant,
        local.at(local.day(TUESDAY), 16),
        [{"id": known.uuid}, {"first_name": "John", "last_name": "Doe", "email": "john.doe@example.com"}],
        service_id=YOGA,
    )
    assert group.status_code == 201, group.text

    events = merchant.calendar(starts - timedelta(hours=1), starts + timedelta(hours=8)).json()
    by_id = {b["id"]: b for b in events["bookings"]}
    appointment = by_id[int(created.headers["X-Booking-Id"])]
    first, last = known.name.split(" ", 1)
    assert appointment == {
        "id": appointment["id"],
        "from_date": stamp(starts),
        "to_date": stamp(starts + timedelta(minutes=60)),
        "merchant_note": "Prefers quiet",
        "service_name": "Deep Tissue Massage",
        "service_color": "#8E44AD",
        "service_duration": 60,
        "price": {"amount": 8500, "currency": "USD", "formatted": "$85.00"},
        "cost": {"amount": 3000, "currency": "USD", "formatted": "$30.00"},
        "first_name": first,
        "last_name": last,
        "phone_number": known.phone,
        "booking_type": "appointment",
        "employee_id": 1,  # the first employee free at that time
        # What the vendor's backend adds beside the documents' fields:
        "booking_status": "confirmed",
        "is_recurring": False,
        "service_id": 1,
        "participants": [
            {
                "id": appointment["participants"][0]["id"],
                "customer_id": known.uuid,
                "first_name": first,
                "last_name": last,
                "customer_note": None,
                "status": "confirmed",
            }
        ],
    }
    session = by_id[int(group.headers["X-Booking-Id"])]
    assert session["price"]["amount"] == 2 * 2000  # per person
    assert (session["current_participants"], session["max_participants"]) == (2, 12)
    names = [(p["first_name"], p["last_name"]) for p in session["participants"]]
    assert sorted(names) == sorted([(first, last), ("John", "Doe")])
    assert len({p["id"] for p in session["participants"]}) == 2


def test_merchant_input_rules(merchant: Caller, world: World, local: Calendar) -> None:
    starts = local.at(local.day(TUESDAY), 10)
    two = [{"id": world.customers[0].uuid}, {"id": world.customers[1].uuid}]
    assert create(merchant, starts, two).status_code == 400  # an appointment is one customer
    assert create(merchant, starts, [{"id": world.customers[0].uuid}] * 2, service_id=YOGA).status_code == 400
    unknown = create(merchant, starts, [{"id": "00000000-0000-4000-8000-000000000000"}])
    assert unknown.status_code == 404
    assert unknown.json()["error"]["message"] == "customer not found"
    nameless = create(merchant, starts, [{"email": "someone@example.com"}])
    assert nameless.status_code == 400
    assert nameless.json()["error"]["invalid_params"][0]["name"] == "customers[0].first_name"
    assert create(merchant, starts, [{"first_name": "A"}], is_recurring=True).status_code == 400
    assert create(merchant, starts, [{"first_name": "A"}], service_id=5).status_code == 404
    assert (
        create(merchant, starts, [{"first_name": "A"}], timestamp="2026-13-01T10:00:00Z").status_code == 400
    )
    assert (
        create(merchant, starts, [{"first_name": "A"}], timestamp="0001-01-01T00:00:00+14:00").status_code
        == 400
    )


def test_a_group_over_its_maximum_is_409(merchant: Caller, local: Calendar) -> None:
    people = [{"first_name": f"Guest{n}"} for n in range(13)]
    refused = create(merchant, local.at(local.day(TUESDAY), 16), people, service_id=YOGA)
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "capacity_reached"


def test_a_weekly_series_follows_rfc_5545_across_a_dst_change(merchant: Caller, local: Calendar) -> None:
    # From the first Monday at least six weeks out, for twenty weeks: long enough to
    # cross a daylight-saving change in New York.
    first_day = local.day(MONDAY)
    starts = local.at(first_day, 14)
    until = local.at(first_day + timedelta(weeks=20), 14)
    rule = {"frequency": "WEEKLY", "interval": 1, "weekdays": ["MO", "WE", "FR"], "until": stamp(until)}
    created = create(
        merchant, starts, [{"first_name": "Series"}], service_id=YOGA, is_recurring=True, recurrence_rule=rule
    )
    assert created.status_code == 201, created.text

    wall_clock = starts.astimezone(local.zone).replace(tzinfo=local.zone)
    expected = [
        moment.astimezone(UTC)
        for moment in rrule.rrule(
            rrule.WEEKLY,
            byweekday=(rrule.MO, rrule.WE, rrule.FR),
            dtstart=wall_clock,
            until=until.astimezone(local.zone),
        )
    ]
    assert len({moment.utcoffset() for moment in (e.astimezone(local.zone) for e in expected)}) == 2
    events = merchant.calendar(starts - timedelta(minutes=1), until + timedelta(hours=2)).json()["bookings"]
    series = [b for b in events if b.get("series_id") is not None]
    assert [b["from_date"] for b in series] == [stamp(moment) for moment in expected]
    assert {datetime.fromisoformat(b["from_date"]).astimezone(local.zone).hour for b in series} == {14}


def test_a_series_is_all_or_nothing(merchant: Caller, local: Calendar) -> None:
    first_day = local.day(MONDAY)
    blocker = create(merchant, local.at(first_day + timedelta(days=7), 9), [{"first_name": "Early"}])
    assert blocker.status_code == 201
    # Book every other employee at the second Monday's 09:00 too, so the series cannot fit there.
    for n in range(local.working(MONDAY) - 1):
        create(merchant, local.at(first_day + timedelta(days=7), 9), [{"first_name": f"Also{n}"}])
    rule = {"frequency": "DAILY", "until": stamp(local.at(first_day + timedelta(days=13), 9))}
    refused = create(
        merchant, local.at(first_day, 9), [{"first_name": "Series"}], is_recurring=True, recurrence_rule=rule
    )
    assert refused.status_code == 409
    assert "occurrence at" in refused.json()["error"]["message"]
    window = merchant.calendar(local.at(first_day, 0), local.at(first_day + timedelta(days=14), 0)).json()
    assert not [b for b in window["bookings"] if b.get("series_id") is not None]


def test_merchant_moves_a_booking_only_to_free_working_time(
    merchant: Caller, world: World, local: Calendar
) -> None:
    day = local.day(WEDNESDAY)
    moved = int(create(merchant, local.at(day, 10), [{"first_name": "Mover"}]).headers["X-Booking-Id"])
    path = f"/bookings/merchant/{moved}"

    def move(hour: int, minutes: int = 60, note: str = "") -> Any:
        starts = local.at(day, hour)
        body = {
            "merchant_note": note,
            "from_date": stamp(starts),
            "to_date": stamp(starts + timedelta(minutes=minutes)),
        }
        return merchant.patch(path, json=body)

    ok = move(11, note="Room with natural light")
    assert ok.status_code == 200
    assert ok.content == b""
    booking = _calendar_entry(merchant, local, day, moved)
    assert (booking["from_date"], booking["merchant_note"]) == (
        stamp(local.at(day, 11)),
        "Room with natural light",
    )
    assert move(11).status_code == 200
    assert "merchant_note" not in _calendar_entry(merchant, local, day, moved)  # "" clears it

    assert move(3).json()["error"]["code"] == "slot_unavailable"  # nobody works at 03:00
    assert move(12, minutes=0).status_code == 400
    assert move(12, minutes=25 * 60).status_code == 400

    # The same employee's other booking is in the way.
    staff_busy = [
        create(merchant, local.at(day, 14), [{"first_name": f"B{n}"}])
        for n in range(local.working(WEDNESDAY))
    ]
    assert all(r.status_code == 201 for r in staff_busy)
    clash = move(14)
    assert clash.status_code == 409
    assert clash.json()["error"]["message"] == "time slot already booked"


def test_moving_into_the_employees_blocked_time_is_409(merchant: Caller, local: Calendar) -> None:
    start = local.now()
    blocks = merchant.calendar(start, start + timedelta(days=30)).json()["blocked_times"]
    lunch = next(b for b in blocks if b["name"] == "Lunch Break")
    lunch_start = datetime.fromisoformat(lunch["from_date"])
    day = lunch_start.astimezone(local.zone).date()
    # Book the same day until the lunch-break employee has a booking of ours.
    theirs = None
    for hour in (16, 15, 14, 10, 9):
        response = create(merchant, local.at(day, hour), [{"first_name": "Lunch"}], service_id=SWEDISH)
        if response.status_code != 201:
            continue
        entry = _calendar_entry(merchant, local, day, int(response.headers["X-Booking-Id"]))
        if entry["employee_id"] == lunch["employee_id"]:
            theirs = entry["id"]
            break
    assert theirs is not None, "the seeded day leaves the employee no free hour"
    body = {
        "merchant_note": "",
        "from_date": lunch["from_date"],
        "to_date": stamp(lunch_start + timedelta(minutes=45)),
    }
    refused = merchant.patch(f"/bookings/merchant/{theirs}", json=body)
    assert refused.status_code == 409
    assert refused.json()["error"]["message"] == "the employee's time is blocked"


def test_merchant_cancels_with_a_reason_and_only_their_own_bookings(
    merchant: Caller, other_merchant: Caller, customers: list[Caller], world: World, local: Calendar
) -> None:
    starts = local.at(local.day(TUESDAY), 10)
    booking_id = int(create(merchant, starts, [{"id": world.customers[0].uuid}]).headers["X-Booking-Id"])
    path = f"/bookings/merchant/{booking_id}"
    assert merchant.delete(path, json={}).status_code == 400  # the field must be present
    assert other_merchant.delete(path, json={"cancellation_reason": ""}).status_code == 403
    assert customers[0].delete(path, json={"cancellation_reason": ""}).status_code == 403

    assert merchant.delete(path, json={"cancellation_reason": ""}).status_code == 200
    seen = customers[0].get(f"/bookings/customer/{booking_id}").json()
    assert seen["is_cancelled"] is True
    assert seen["cancellation_reason"] == ""
    assert datetime.fromisoformat(seen["cancelled_by_merchant_on"]) == local.now()
    again = merchant.delete(path, json={"cancellation_reason": "twice"})
    assert (again.status_code, again.json()["error"]["code"]) == (409, "already_cancelled")
    # A note alone (same times) or a move: either is a change, refused in the same true words.
    for moved in (timedelta(0), timedelta(hours=1)):
        times = {"from_date": stamp(starts + moved), "to_date": stamp(starts + moved + timedelta(hours=1))}
        changed = merchant.patch(path, json={"merchant_note": "late note", **times})
        assert (changed.status_code, changed.json()["error"]) == (
            409,
            {"message": "a cancelled booking cannot be changed", "code": "already_cancelled"},
        )
    assert customers[0].get(f"/bookings/customer/{booking_id}").json() == seen
    # Cancelled bookings leave the calendar, and the freed time can be booked again.
    assert booking_id not in [
        b["id"] for b in merchant.calendar(starts, starts + timedelta(hours=1)).json()["bookings"]
    ]
    assert merchant.delete("/bookings/merchant/99999", json={"cancellation_reason": ""}).status_code == 404


def test_calendar_range_rules_and_merchant_isolation(
    merchant: Caller, other_merchant: Caller, customers: list[Caller], local: Calendar
) -> None:
    now = local.now()
    assert merchant.calendar(now, now).status_code == 400
    assert merchant.calendar(now, now + timedelta(days=400)).status_code == 400
    assert customers[0].calendar(now, now + timedelta(days=1)).status_code == 403
    mine = merchant.calendar(now, now + timedelta(days=35)).json()
    theirs = other_merchant.calendar(now, now + timedelta(days=35)).json()
    assert mine["blocked_times"]
    assert not {b["id"] for b in mine["bookings"]} & {b["id"] for b in theirs["bookings"]}
    assert {b["employee_id"] for b in mine["blocked_times"]} <= {1, 2, 3}  # provider 1's staff
    assert {b["employee_id"] for b in theirs["blocked_times"]} <= {4, 5, 6}
    # The seeded free meditation circle is on the calendar, priced as free.
    events = [b for b in mine["bookings"] if b["booking_type"] == "event"]
    assert events
    assert {b["service_name"] for b in events} == {"Open Meditation Circle"}
    assert {b["price"]["formatted"] for b in events} == {"$0.00"}


def _calendar_entry(merchant: Caller, local: Calendar, day: Any, booking_id: int) -> dict[str, Any]:
    events = merchant.calendar(local.at(day, 0), local.at(day, 23)).json()["bookings"]
    return next(b for b in events if b["id"] == booking_id)


def test_a_new_series_never_joins_a_seeded_one(merchant: Caller, local: Calendar, control: Any) -> None:
    seeded = {
        r["series_id"]
        for r in control(SANDBOX).ok("GET", "/state")["apis"]["merchant"]["reservations"]
        if r["series_id"] is not None
    }
    assert seeded, "the seeded world has a weekly series"
    first_day = local.day(MONDAY, weeks_ahead=9)
    rule = {
        "frequency": "WEEKLY",
        "weekdays": ["MO"],
        "until": stamp(local.at(first_day + timedelta(weeks=2), 14)),
    }
    created = create(
        merchant, local.at(first_day, 14), [{"first_name": "New"}], is_recurring=True, recurrence_rule=rule
    )
    assert created.status_code == 201, created.text
    after = control(SANDBOX).ok("GET", "/state")["apis"]["merchant"]["reservations"]
    (new,) = {r["series_id"] for r in after if r["series_id"] is not None} - seeded
    assert len([r for r in after if r["series_id"] == new]) == 3
