"""ReserveKit's rules, through its documented operations only.

Each scenario finds a time slot with room through ``GET /v1/time-slots?date=``,
books it, and deletes what it booked at the end, so it can run against a
deployment that already holds other people's bookings.
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from contract_tests.kit.attribution import rule
from contract_tests.kit.client import Api, ok
from contract_tests.kit.run import Run
from contract_tests.rules.reservekit_slots import Slots, refused

WELL_FORMED = {"customer_email": "well.formed@example.com", "customer_phone": "+12025550123"}


def cancel(api: Api, booking_id: int) -> Any:
    return api.patch(
        f"/v1/bookings/{booking_id}", json={"status": "cancelled", "cancel_reason": "contract kit"}
    )


def test_capacity_a_full_time_slot_refuses_the_next_booking(slots: Slots) -> None:
    slot, day = slots.free(at_least=1)
    free = slots.available(slot, day)
    for _ in range(free):
        slots.booked(slot, day)
    left = slots.available(slot, day)
    assert left == 0, (
        f"time slot {slot['id']} on {day} had {free} free, took {free} bookings, and shows {left} free"
    )
    refused(slots.book(slot, day), "time slot is full")


def test_duplicate_the_same_customer_twice_on_one_date_is_refused(slots: Slots) -> None:
    slot, day = slots.free(at_least=2)
    before = slots.available(slot, day)
    slots.booked(slot, day, "twice@example.com")
    refused(slots.book(slot, day, "TWICE@example.com"), "duplicate booking")
    after = slots.available(slot, day)
    assert after == before - 1, f"{before} free before one booking and a refused duplicate, {after} after"


def test_cancel_frees_the_place(api: Api, slots: Slots) -> None:
    slot, day = slots.free(at_least=1)
    booked = [slots.booked(slot, day) for _ in range(slots.available(slot, day))]
    assert slots.available(slot, day) == 0, "every place is taken before the cancel"
    ok(cancel(api, booked[0]["id"]))
    after = slots.available(slot, day)
    assert after == 1, f"time slot {slot['id']} on {day}, full, shows {after} free after a cancel"
    slots.booked(slot, day)


def test_double_cancel_is_refused_and_changes_nothing(api: Api, slots: Slots) -> None:
    slot, day = slots.free(at_least=1)
    booking = slots.booked(slot, day)
    cancelled = ok(cancel(api, booking["id"]))["data"]
    assert cancelled["status"] == "cancelled"
    free_after_cancel = slots.available(slot, day)
    # Each spelling of a second cancel: with its reason, and without (the reason is required
    # only when cancelling, so a vendor that checks it first may let the bare one through).
    for again in ({"status": "cancelled", "cancel_reason": "again"}, {"status": "cancelled"}):
        refused(api.patch(f"/v1/bookings/{booking['id']}", json=again))
    assert ok(api.get(f"/v1/bookings/{booking['id']}"))["data"] == cancelled
    assert slots.available(slot, day) == free_after_cancel


@pytest.mark.parametrize(
    "contact",
    [
        {"customer_email": "not-an-email"},
        {"customer_phone": "2025550185"},
        {"customer_phone": "+1 (202) 555"},
    ],
    ids=["email", "phone without +", "phone with spaces"],
)
def test_contact_format_a_malformed_email_or_phone_is_refused(slots: Slots, contact: dict[str, str]) -> None:
    slot, day = slots.free(at_least=1)
    before = slots.available(slot, day)
    response = slots.api.post("/v1/bookings", json={"date": day, "time_slot_id": slot["id"], **contact})
    if response.status_code == 201:
        booking_id = response.json()["data"]["id"]
        slots.tidy.later(lambda: slots.api.delete(f"/v1/bookings/{booking_id}"), f"booking {booking_id}")
    # The document names no message for a malformed contact, so the refusal is known by its cause:
    # none of the documented ones, and the same request with a well-formed contact is taken.
    said = refused(response)["error"]
    assert said not in ("time slot is full", "duplicate booking"), f"refused for another reason: {said}"
    assert slots.available(slot, day) == before
    well_formed = {field: WELL_FORMED[field] for field in contact}
    slots.booked(slot, day, email=well_formed.pop("customer_email", None), **well_formed)


def test_cancel_reason_a_cancel_without_one_is_refused(api: Api, slots: Slots) -> None:
    slot, day = slots.free(at_least=1)
    booking = slots.booked(slot, day)
    refused(api.patch(f"/v1/bookings/{booking['id']}", json={"status": "cancelled"}))
    assert ok(api.get(f"/v1/bookings/{booking['id']}"))["data"]["status"] == booking["status"]
    cancelled = ok(cancel(api, booking["id"]))["data"]
    assert (cancelled["status"], cancelled["cancel_reason"]) == ("cancelled", "contract kit")


def test_transitions_status_moves_forward_only(api: Api, slots: Slots) -> None:
    slot, day = slots.free(at_least=1)
    booking = slots.booked(slot, day)
    with rule("RK-CREATE-PENDING"):
        assert booking["status"] == "pending", f"a new booking is {booking['status']!r}, not pending"
    with rule("RK-STATUS-FORWARD"):
        confirmed = ok(api.patch(f"/v1/bookings/{booking['id']}", json={"status": "confirmed"}))["data"]
        assert confirmed["status"] == "confirmed"
        refused(api.patch(f"/v1/bookings/{booking['id']}", json={"status": "pending"}))
        ok(cancel(api, booking["id"]))
        refused(api.patch(f"/v1/bookings/{booking['id']}", json={"status": "confirmed"}))
        assert ok(api.get(f"/v1/bookings/{booking['id']}"))["data"]["status"] == "cancelled"


def test_reschedule_moving_a_booking_frees_its_old_date(api: Api, slots: Slots) -> None:
    slot, day = slots.free(at_least=1)
    booking = slots.booked(slot, day)
    later = (date.fromisoformat(day) + timedelta(weeks=1)).isoformat()
    if not slots.bookable(later):
        pytest.skip(f"{later}, a week after the booking, lies beyond the target's booking window")
    free_later = slots.available(slot, later)
    if free_later < 1:
        pytest.skip(f"time slot {slot['id']} is full on {later}")
    before = slots.available(slot, day)
    moved = ok(api.patch(f"/v1/bookings/{booking['id']}", json={"date": later}))["data"]
    assert moved["date"] == later
    assert slots.available(slot, day) == before + 1
    assert slots.available(slot, later) == free_later - 1


def test_delete_makes_the_booking_gone_and_frees_the_place(api: Api, slots: Slots) -> None:
    slot, day = slots.free(at_least=1)
    booking = slots.booked(slot, day)
    before = slots.available(slot, day)
    with rule("RK-DELETE"):
        assert ok(api.delete(f"/v1/bookings/{booking['id']}")) == {"data": "ok"}
    missing = api.get(f"/v1/bookings/{booking['id']}")
    with rule("RK-NOT-FOUND"):
        assert (missing.status_code, missing.json().get("error")) == (404, "booking not found")
    with rule("RK-DELETE"):
        assert slots.available(slot, day) == before + 1
        assert slots.listed(booking) is None, "the deleted booking is still in its service's list"


def test_list_a_services_bookings_page_by_page(api: Api, slots: Slots) -> None:
    places = slots.places(3)  # of one service
    made = [slots.booked(slot, day)["id"] for slot, day in places]  # in this order: oldest first
    service, seen, page, pages = places[0][0]["service_id"], [], 1, 1
    while page <= min(pages, 50):  # a deployment may hold thousands: 50 pages of 2 show the paging
        params = {"service_id": service, "page": page, "page_size": 2}
        body = ok(api.get("/v1/bookings", params=params))["data"]
        paging = body["pagination"]
        with rule("RK-LIST-BY-SERVICE"):
            assert (paging["current_page"], paging["page_size"]) == (page, 2), paging
            assert paging["total_pages"] == -(-paging["total_count"] // 2), paging
            assert len(body["bookings"]) == min(2, paging["total_count"] - 2 * (page - 1)), paging
            assert {b["service_id"] for b in body["bookings"]} <= {service}
        seen += body["bookings"]
        pages, page = paging["total_pages"], page + 1
    ids = [booking["id"] for booking in seen]
    with rule("RK-LIST-BY-SERVICE"):
        assert len(ids) == len(set(ids)), "a booking listed on two pages"
        if pages <= 50:
            assert set(made) <= set(ids)
            total = paging["total_count"]
            assert len(ids) == total, f"total_count says {total}; walked to its end, the list has {len(ids)}"
    if pages > 50:
        return  # the kit's bookings, the newest, lie past the pages read
    with rule("RK-LIST-OLDEST-FIRST"):
        order = [ids.index(booking) for booking in made]
        assert order == sorted(order), f"the bookings made in turn are listed at {order}: not oldest first"
        made_at = [instant(booking["created_at"]) for booking in seen]
        assert made_at == sorted(made_at), "the list is not in the order the bookings were made"


def test_customer_update_is_read_back_through_booking_and_customer(api: Api, slots: Slots) -> None:
    slot, day = slots.free(at_least=1)
    booking = slots.booked(slot, day)
    path = f"/v1/bookings/{booking['id']}"
    new = {"name": "Kit Renamed", "email": f"renamed.{booking['id']}@example.com", "phone": "+12025550123"}
    updated = ok(api.patch(f"{path}/customer", json=new))["data"]
    assert {k: updated[k] for k in new} == new
    assert ok(api.get(f"{path}/customer"))["data"] == updated
    assert {k: v for k, v in ok(api.get(path))["data"]["customer"].items() if k in new} == new
    refused(api.patch(f"{path}/customer", json={"email": "not-an-email"}))
    assert ok(api.get(f"{path}/customer"))["data"] == updated


def test_isolation_a_second_key_cannot_see_the_first_keys_bookings(run: Run, slots: Slots) -> None:
    other = run.api("other")
    slot, day = slots.free(at_least=1)
    booking = slots.booked(slot, day)

    def the_firsts(shown: Any) -> bool:
        # Where ids are per account, the second's own booking of the same id is no leak (a
        # world of the user's own with fewer bookings than the second's made one): the first's
        # is the one with its id and this run's customer.
        if not isinstance(shown, dict):
            return False
        customer = shown.get("customer")
        email = customer.get("email") if isinstance(customer, dict) else None
        return bool(shown.get("id") == booking["id"] and email == booking["customer"]["email"])

    for response in (
        other.get(f"/v1/bookings/{booking['id']}"),
        other.patch(f"/v1/bookings/{booking['id']}", json={"message": "not mine"}),
        other.delete(f"/v1/bookings/{booking['id']}"),
    ):
        assert response.status_code == 404 or response.status_code < 300, response.text
        if response.status_code < 300:
            assert not the_firsts(response.json().get("data")), response.text
    query = {"service_id": slot["service_id"], "page": 1, "page_size": 100}
    listed = other.get("/v1/bookings", params=query)
    # Where each account has services of its own, the first's service does not exist in the
    # second (the documented 404); where they share one, its list leaves the first's booking out.
    assert listed.status_code in (200, 404), listed.text
    if listed.status_code == 200:
        assert not any(the_firsts(b) for b in listed.json()["data"]["bookings"]), listed.text
    # And nothing the second did changed it: still there, as it was made.
    assert ok(slots.api.get(f"/v1/bookings/{booking['id']}"))["data"] == booking


def test_auth_a_missing_or_malformed_key_is_401(run: Run) -> None:
    for caller, key in (
        (run.api(None), "no key"),
        (run.api(None).as_caller("not-an-api-key"), "a malformed key"),
    ):
        response = caller.get("/v1/services")
        assert response.status_code == 401, (
            f"GET /v1/services with {key} answered {response.status_code}, not 401"
        )
        assert isinstance(response.json().get("error"), str)


@pytest.mark.moves_clock
def test_read_after_write_each_change_reads_back_through_get_and_list(
    run: Run, api: Api, slots: Slots
) -> None:
    slot, day = slots.free(at_least=1)
    made = slots.booked(slot, day, message="as made")
    path = f"/v1/bookings/{made['id']}"
    shown = [made]
    for change in ({"message": "changed by the kit", "status": "confirmed"}, CANCEL):
        # A new second before each change: an implementation may keep whole seconds.
        a_second_passes(run)
        answered = ok(api.patch(path, json=change))["data"]
        with rule("RK-READ-AFTER-WRITE"):
            assert {field: answered.get(field) for field in change} == change, answered
            assert ok(api.get(path))["data"] == answered, "GET shows the booking otherwise than the update"
            assert slots.listed(made) == answered, "the service's list shows it otherwise than the update"
        shown.append(answered)
    with rule("RK-TIMESTAMPS"):
        assert {b["created_at"] for b in shown} == {made["created_at"]}, "created_at moved"
        updated = [instant(b["updated_at"]) for b in shown]
        assert updated == sorted(set(updated)), f"updated_at did not move with each change: {updated}"


CANCEL = {"status": "cancelled", "cancel_reason": "contract kit"}
SECOND = 1.05


def a_second_passes(run: Run) -> None:
    """On a sandbox, its clock moves a second (it may be frozen, where waiting moves nothing);
    elsewhere the kit waits one."""
    if run.has_clock:
        run.controls.advance_clock(run.control_token(), timedelta(seconds=1))
    else:
        time.sleep(SECOND)


def instant(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))
