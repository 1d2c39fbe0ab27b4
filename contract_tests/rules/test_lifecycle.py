"""The customer booking lifecycle API's rules, through its documented operations only.

Scenarios find an instant-bookable service and a free slot with
``GET /services`` and ``GET /services/{id}/availability``, and cancel what they
booked at the end.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from contract_tests.kit.run import Run
from contract_tests.rules.lifecycle_desk import (
    BOOKING_NOT_CANCELABLE,
    Desk,
    answer_to,
    instant,
    order_of,
)


def test_capacity_a_booked_slot_is_no_longer_offered_or_bookable(desk: Desk, run: Run) -> None:
    service, slot, _ = desk.booked()
    around = desk.slots_around(service["id"], slot["start_date"])
    still_free = [(s["start_date"], s["resource_id"]) for s in around]
    assert (slot["start_date"], slot["resource_id"]) not in still_free
    taken = desk.book(service["id"], slot, caller=run.api("other"))
    desk.refused(taken, 422, "slot_unavailable")


def test_cancel_frees_the_slot(desk: Desk) -> None:
    service, slot, booking = desk.booked()
    cancelled = desk.customer.get(f"/api/v1/bookings/{booking['data']['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["data"]["attributes"]["status"] == "canceled"
    offered = [
        (s["start_date"], s["resource_id"]) for s in desk.slots_around(service["id"], slot["start_date"])
    ]
    assert (slot["start_date"], slot["resource_id"]) in offered


def test_double_cancel_is_refused_and_changes_nothing(desk: Desk) -> None:
    _, _, booking = desk.booked()
    booking_id = booking["data"]["id"]
    assert desk.customer.get(f"/api/v1/bookings/{booking_id}/cancel").status_code == 200
    before = desk.read(booking_id)
    again = desk.customer.get(f"/api/v1/bookings/{booking_id}/cancel")
    desk.refused(again, 422, BOOKING_NOT_CANCELABLE)
    assert desk.read(booking_id) == before


def test_fee_tiers_the_preview_matches_the_policy_and_the_cancellation(desk: Desk) -> None:
    service, _, booking = desk.booked(weeks_ahead=3)
    booking_id = booking["data"]["id"]
    start = instant(booking["data"]["attributes"]["start_date"])
    preview = desk.customer.get(f"/api/v1/bookings/{booking_id}/cancellation-preview")
    assert preview.status_code == 200, preview.text
    terms = preview.json()["data"]["attributes"]
    # Three weeks ahead, the earliest tier of the service's policy applies.
    tier = max(service["attributes"]["cancellation_policy"], key=lambda t: t["hours_before"])
    assert instant(terms["deadline"]) == start - timedelta(hours=tier["hours_before"])
    assert terms["fee_percentage"] == tier["fee_percentage"]
    paid = Decimal(order_of(booking)["total"]["amount"])
    fee, refund = Decimal(terms["fee_amount"]["amount"]), Decimal(terms["refund_amount"]["amount"])
    assert fee + refund == paid
    cancelled = desk.customer.get(f"/api/v1/bookings/{booking_id}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert Decimal(order_of(cancelled.json())["refunded"]["amount"]) == refund


@pytest.mark.moves_clock
def test_deadline_no_cancellation_once_the_booking_has_started(desk: Desk, run: Run) -> None:
    run.controls.require("needs time to pass")
    _, _, booking = desk.booked(weeks_ahead=1)
    booking_id = booking["data"]["id"]
    start = instant(booking["data"]["attributes"]["start_date"])
    run.controls.advance_clock(run.control_token(), start - run.now() + timedelta(minutes=1))
    late = desk.customer.get(f"/api/v1/bookings/{booking_id}/cancel")
    desk.refused(late, 422, BOOKING_NOT_CANCELABLE)


def test_transitions_a_cancelled_booking_cannot_be_edited(desk: Desk) -> None:
    _, slot, booking = desk.booked()
    booking_id = booking["data"]["id"]
    assert desk.customer.get(f"/api/v1/bookings/{booking_id}/cancel").status_code == 200
    before = desk.read(booking_id)
    moved = desk.customer.post(
        f"/api/v1/bookings/{booking_id}/edit-booking-base-data",
        json={"start_date": slot["start_date"], "end_date": slot["end_date"]},
    )
    assert moved.status_code in (403, 409, 422), moved.text
    assert desk.read(booking_id) == before


def test_isolation_another_customer_cannot_read_or_cancel_a_booking(desk: Desk, run: Run) -> None:
    _, _, booking = desk.booked()
    booking_id = booking["data"]["id"]
    other = run.api("other")
    assert other.get(f"/api/v1/bookings/{booking_id}").status_code in (403, 404)
    assert other.get(f"/api/v1/bookings/{booking_id}/cancel").status_code in (403, 404)
    assert desk.read(booking_id)["data"]["attributes"]["status"] != "canceled"


def test_lookup_by_number_finds_the_booking_and_an_unknown_number_is_404(desk: Desk) -> None:
    _, _, booking = desk.booked()
    number = booking["data"]["attributes"]["number"]
    found = desk.customer.get("/api/v1/bookings/by-number", params={"number": number})
    assert found.status_code == 200, found.text
    assert found.json()["data"]["id"] == booking["data"]["id"]
    missing = desk.customer.get("/api/v1/bookings/by-number", params={"number": "BK-999999999"})
    assert missing.status_code == 404, missing.text


def test_instant_only_a_service_that_allows_it_books_at_once(desk: Desk) -> None:
    services = desk.services()
    closed = [s for s in services if not s["attributes"]["meta"]["can_instant_book"]]
    if not closed:
        pytest.skip("every service allows instant booking: nothing to refuse")
    for day in desk.days(3):
        slots = desk.free_slots(closed[0]["id"], day)
        if slots:
            refused = desk.book(closed[0]["id"], slots[0])
            assert refused.status_code in (403, 409, 422), refused.text
            assert desk.free_slots(closed[0]["id"], day)[:1] == slots[:1]  # nothing was taken
            return
    pytest.skip("the service without instant booking has no free slot in the two weeks looked at")


def test_cancel_edit_a_moved_booking_goes_back_to_its_time(desk: Desk) -> None:
    service, slot, booking = desk.booked()
    booking_id = booking["data"]["id"]
    other = next(
        (
            s
            for s in desk.slots_around(service["id"], slot["start_date"])
            if s["start_date"] != slot["start_date"]
        ),
        None,
    )
    if other is None:
        pytest.skip("no second free slot that day to move the booking to")
    body = {k: other[k] for k in ("start_date", "end_date", "resource_id")}
    moved = desk.customer.post(f"/api/v1/bookings/{booking_id}/edit-booking-base-data", json=body)
    assert moved.status_code == 200, moved.text
    assert instant(moved.json()["data"]["attributes"]["start_date"]) == instant(other["start_date"])
    reverted = desk.customer.get(f"/api/v1/bookings/{booking_id}/cancel-edit-booking")
    assert reverted.status_code == 200, reverted.text
    attributes = desk.read(booking_id)["data"]["attributes"]
    assert instant(attributes["start_date"]) == instant(slot["start_date"])
    offered = [
        (s["start_date"], s["resource_id"]) for s in desk.slots_around(service["id"], other["start_date"])
    ]
    assert (other["start_date"], other["resource_id"]) in offered  # the time it moved to is free again


def test_personalization_a_required_field_must_be_answered(desk: Desk) -> None:
    service, _, booking = desk.booked()
    path = f"/api/v1/bookings/{booking['data']['id']}/personalization"
    form = desk.form(service["id"])
    required = [field for field in form if field["required"]]
    if not required:
        pytest.skip("the booked service's custom form has no required field")
    partial = {field["uuid"]: answer_to(field) for field in form if field is not required[0]}
    refused = desk.customer.post(path, json=partial)
    assert refused.status_code == 422, refused.text
    pointers = [error.get("source", {}).get("pointer", "") for error in refused.json()["errors"]]
    assert any(required[0]["uuid"] in pointer for pointer in pointers), refused.text
    answered = desk.customer.post(path, json={field["uuid"]: answer_to(field) for field in form})
    assert answered.status_code == 200, answered.text


def test_edit_options_only_a_service_that_allows_it_takes_new_add_ons(desk: Desk) -> None:
    _, _, allowed = desk.booked()
    options = f"/api/v1/bookings/{allowed['data']['id']}/edit-service-options"
    opened = desk.customer.post(options, json={"addons": []})
    assert opened.status_code == 200, opened.text  # the booked service allows it (desk.booked picks one)
    closed = [
        s
        for s in desk.services()
        if s["attributes"]["meta"]["can_instant_book"]
        and not s["attributes"]["meta"]["canEditServiceOptions"]
    ]
    if not closed:
        pytest.skip("no instant-bookable service refuses option edits: nothing to refuse")
    for day in desk.days(1):
        for slot in desk.free_slots(closed[0]["id"], day)[:3]:
            made = desk.book(closed[0]["id"], slot)
            if made.status_code != 201:
                continue
            booking_id = made.json()["data"]["id"]
            before = desk.read(booking_id)
            refused = desk.customer.post(
                f"/api/v1/bookings/{booking_id}/edit-service-options", json={"addons": []}
            )
            assert refused.status_code in (403, 409, 422), refused.text
            assert desk.read(booking_id) == before
            return
    pytest.skip("the service that refuses option edits has no free slot in the two weeks looked at")


def test_rebook_onto_a_taken_time_is_refused_and_a_free_one_is_taken(desk: Desk, run: Run) -> None:
    service, slot, booking = desk.booked()
    booking_id = booking["data"]["id"]
    around = desk.slots_around(service["id"], slot["start_date"])
    others = [s for s in around if s["start_date"] != slot["start_date"]]
    if len(others) < 2:
        pytest.skip("fewer than two other free slots that day")
    taken, free = others[0], others[-1]
    assert desk.book(service["id"], taken, caller=run.api("other")).status_code == 201
    before = desk.read(booking_id)
    path = f"/api/v1/bookings/{booking_id}/edit-booking-base-data"
    fields = ("start_date", "end_date", "resource_id")
    onto_taken = desk.customer.post(path, json={k: taken[k] for k in fields})
    desk.refused(onto_taken, 422, "slot_unavailable")
    assert desk.read(booking_id) == before
    moved = desk.customer.post(path, json={k: free[k] for k in fields})
    assert moved.status_code == 200, moved.text
    assert instant(moved.json()["data"]["attributes"]["start_date"]) == instant(free["start_date"])
    assert order_of(moved.json())["total"] == order_of(booking)["total"]  # same service, same price


def test_errors_each_error_names_its_own_http_status(desk: Desk, run: Run) -> None:
    service, slot, booking = desk.booked(weeks_ahead=1)
    path = f"/api/v1/bookings/{booking['data']['id']}"
    answers = [
        run.api(None).get(path),  # no token
        run.api("other").get(path),  # another customer's booking
        desk.customer.get("/api/v1/bookings/by-number", params={"number": "BK-999999999"}),
        desk.book(service["id"], slot, caller=run.api("other")),  # a taken slot
    ]
    for answer in answers:
        assert answer.status_code >= 400, (
            f"{answer.request.method} {answer.url} was not refused: {answer.text}"
        )
        said = [error.get("status") for error in answer.json()["errors"]]
        assert set(said) == {str(answer.status_code)}, (
            f"a {answer.status_code} whose errors say status {said}: {answer.text}"
        )
