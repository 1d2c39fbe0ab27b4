"""Customers book, join, read and cancel, end to end against the seeded world and the real spec."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from mockserver.seeding.world import World

from .conftest import DEEP_TISSUE, OTHER_MERCHANTS_MASSAGE, YOGA, Calendar, Caller, stamp

TUESDAY = 1


def book(caller: Caller, world: World, starts: Any, service: int = DEEP_TISSUE, **extra: Any) -> Any:
    body = {
        "merchant_name": world.providers[0].slug,
        "service_id": service,
        "location_id": 1,
        "timeStamp": stamp(starts),
        **extra,
    }
    return caller.post("/bookings/customer", json=body)


def group_session(merchant: Caller, starts: Any, people: int) -> int:
    customers = [{"first_name": f"Guest{n}", "last_name": "Example"} for n in range(people)]
    response = merchant.post(
        "/bookings/merchant",
        json={"service_id": YOGA, "timestamp": stamp(starts), "customers": customers, "is_recurring": False},
    )
    assert response.status_code == 201, response.text
    return int(response.headers["X-Booking-Id"])


def test_a_customer_books_and_reads_an_appointment(
    customers: list[Caller], world: World, local: Calendar
) -> None:
    starts = local.at(local.day(TUESDAY), 10)
    created = book(customers[0], world, starts, customer_note="Fragrance-free, please")
    assert created.status_code == 201, created.text
    assert created.content == b""
    assert "content-type" not in created.headers
    booking_id = created.headers["X-Booking-Id"]
    assert created.headers["Location"] == f"/merchant/bookings/customer/{booking_id}"

    shown = customers[0].get(f"/bookings/customer/{booking_id}")
    assert shown.status_code == 200
    service, location = world.services[0], world.locations[0]
    assert shown.json() == {
        "from_date": stamp(starts),
        "to_date": stamp(starts + timedelta(minutes=60)),
        "service_name": service.name,
        "cancel_deadline": 24,
        "formatted_location": f"{location.street}, {location.city} {location.postal_code}",
        "price": {"amount": 8500, "currency": "USD", "formatted": "$85.00"},
        "price_type": "per_person",
        "merchant_name": world.providers[0].name,
        "is_cancelled": False,
        "booking_type": "appointment",
    }


def test_a_taken_time_is_409_once_every_working_employee_is_booked(
    customers: list[Caller], world: World, local: Calendar
) -> None:
    starts = local.at(local.day(TUESDAY), 11)
    for n in range(local.working(TUESDAY)):
        assert book(customers[n], world, starts).status_code == 201
    refused = book(customers[5], world, starts)
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/json"
    assert refused.json()["error"]["code"] == "slot_unavailable"
    assert refused.json()["error"]["message"] == "time slot already booked"


def test_outside_every_shift_is_409_and_past_or_unknown_input_is_4xx(
    customers: list[Caller], world: World, local: Calendar
) -> None:
    day = local.day(TUESDAY)
    assert book(customers[0], world, local.at(day, 3)).json()["error"]["code"] == "slot_unavailable"
    past = book(customers[0], world, local.at(local.day(TUESDAY, weeks_ahead=-2), 10))
    assert past.status_code == 400
    assert past.json()["error"]["invalid_params"] == [{"name": "timeStamp", "reason": "choose a future time"}]
    assert book(customers[0], world, local.at(day, 10), service=999).status_code == 404
    # Another merchant's service is not this merchant's to sell.
    assert book(customers[0], world, local.at(day, 10), service=OTHER_MERCHANTS_MASSAGE).status_code == 404
    unknown_merchant = customers[0].post(
        "/bookings/customer",
        json={
            "merchant_name": "nobody",
            "service_id": 1,
            "location_id": 1,
            "timeStamp": stamp(local.at(day, 10)),
        },
    )
    assert unknown_merchant.status_code == 404
    assert unknown_merchant.json()["error"]["message"] == "merchant not found"
    for location_id in (2, 999):  # another merchant's location, and none at all
        elsewhere = customers[0].post(
            "/bookings/customer",
            json={
                "merchant_name": world.providers[0].slug,
                "service_id": 1,
                "location_id": location_id,
                "timeStamp": stamp(local.at(day, 10)),
            },
        )
        assert (elsewhere.status_code, elsewhere.json()["error"]["message"]) == (404, "location not found")
    beyond_window = book(customers[0], world, local.at(day + timedelta(days=120), 10))
    assert beyond_window.status_code == 400


def test_only_the_booking_customer_may_read_it(
    customers: list[Caller], merchant: Caller, world: World, local: Calendar
) -> None:
    booking_id = book(customers[0], world, local.at(local.day(TUESDAY), 14)).headers["X-Booking-Id"]
    assert customers[1].get(f"/bookings/customer/{booking_id}").status_code == 403
    assert merchant.get(f"/bookings/customer/{booking_id}").json()["error"]["code"] == "forbidden"
    assert customers[0].get("/bookings/customer/99999").status_code == 404


def test_tokens_naming_nobody_are_401_in_the_problem_shape(http: Any, world: World) -> None:
    for token in (None, "garbage", f"customer.{'0' * 8}-0000-4000-8000-{'0' * 12}.merchant_test_sandbox"):
        response = Caller(http, token).get("/bookings/customer/1")
        assert response.status_code == 401
        # A token of none of the API's forms is told them (``tests/http/test_auth_challenge.py``).
        assert response.headers["WWW-Authenticate"].startswith('Bearer realm="merchant"')
        assert response.json()["error"]["code"] == "unauthorized"


def test_customers_join_a_group_until_it_is_full_and_a_cancellation_frees_a_place(
    customers: list[Caller], merchant: Caller, world: World, local: Calendar
) -> None:
    starts = local.at(local.day(TUESDAY), 16)
    session = group_session(merchant, starts, people=10)  # the class holds 12
    join = {"booking_id": session}
    assert book(customers[0], world, starts, service=YOGA, **join).status_code == 201
    assert book(customers[0], world, starts, service=YOGA, **join).json()["error"]["code"] == "already_booked"
    assert book(customers[1], world, starts, service=YOGA, **join).status_code == 201
    full = book(customers[2], world, starts, service=YOGA, **join)
    assert full.status_code == 409
    assert full.json()["error"]["code"] == "capacity_reached"

    shown = customers[1].get(f"/bookings/customer/{session}").json()
    assert (shown["current_participants"], shown["min_participants"], shown["max_participants"]) == (
        12,
        3,
        12,
    )
    assert shown["booking_type"] == "class"

    cancel = {"booking_id": session, "merchant_name": world.providers[0].slug}
    assert customers[1].delete(f"/bookings/customer/{session}", json=cancel).status_code == 200
    assert customers[1].get(f"/bookings/customer/{session}").json()["is_cancelled"] is True
    assert customers[0].get(f"/bookings/customer/{session}").json()["is_cancelled"] is False
    assert book(customers[2], world, starts, service=YOGA, **join).status_code == 201


def test_joining_needs_the_groups_own_service_and_start(
    customers: list[Caller], merchant: Caller, world: World, local: Calendar
) -> None:
    starts = local.at(local.day(TUESDAY), 15)
    session = group_session(merchant, starts, people=1)
    wrong_time = book(customers[0], world, starts + timedelta(hours=1), service=YOGA, booking_id=session)
    assert wrong_time.status_code == 400
    assert wrong_time.json()["error"]["invalid_params"][0]["name"] == "timeStamp"
    assert book(customers[0], world, starts, booking_id=session).status_code == 400  # a massage
    # A second session of the same class at the same time would split the group.
    twin = book(customers[0], world, starts, service=YOGA)
    assert twin.status_code == 409
    assert f"join booking {session}" in twin.json()["error"]["message"]
    appointment = book(customers[1], world, local.at(local.day(TUESDAY), 9)).headers["X-Booking-Id"]
    joined = book(customers[2], world, local.at(local.day(TUESDAY), 9), booking_id=int(appointment))
    assert joined.status_code == 400
    assert book(customers[0], world, starts, service=YOGA, booking_id=99999).status_code == 404


def test_cancelling_checks_the_body_and_refuses_a_second_time(
    customers: list[Caller], world: World, local: Calendar
) -> None:
    booking_id = int(book(customers[0], world, local.at(local.day(TUESDAY), 13)).headers["X-Booking-Id"])
    path = f"/bookings/customer/{booking_id}"
    slug = world.providers[0].slug
    mismatch = customers[0].delete(path, json={"booking_id": booking_id + 1, "merchant_name": slug})
    assert mismatch.status_code == 400
    wrong_merchant = customers[0].delete(
        path, json={"booking_id": booking_id, "merchant_name": world.providers[1].slug}
    )
    assert wrong_merchant.status_code == 400
    assert (
        customers[1].delete(path, json={"booking_id": booking_id, "merchant_name": slug}).status_code == 403
    )
    assert customers[0].delete(path, json={"booking_id": booking_id}).status_code == 400

    assert (
        customers[0].delete(path, json={"booking_id": booking_id, "merchant_name": slug}).status_code == 200
    )
    again = customers[0].delete(path, json={"booking_id": booking_id, "merchant_name": slug})
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "already_cancelled"
    assert customers[0].get(path).json()["is_cancelled"] is True


def test_the_cancellation_deadline_holds_on_the_sandbox_clock(
    customers: list[Caller], world: World, local: Calendar, shift_clock: Any
) -> None:
    starts = local.at(local.day(TUESDAY), 10)
    slug = world.providers[0].slug
    first = int(book(customers[0], world, starts).headers["X-Booking-Id"])
    second = int(book(customers[1], world, starts).headers["X-Booking-Id"])
    until_start = starts - local.now()

    # One minute before the 24-hour deadline: still allowed.
    shift_clock(until_start - timedelta(hours=24, minutes=1))
    body = {"booking_id": first, "merchant_name": slug}
    assert customers[0].delete(f"/bookings/customer/{first}", json=body).status_code == 200

    # One minute after it: refused, and nothing changes.
    shift_clock(until_start - timedelta(hours=23, minutes=59))
    late = customers[1].delete(
        f"/bookings/customer/{second}", json={"booking_id": second, "merchant_name": slug}
    )
    assert late.status_code == 409
    assert late.json()["error"]["code"] == "deadline_passed"
    assert customers[1].get(f"/bookings/customer/{second}").json()["is_cancelled"] is False
