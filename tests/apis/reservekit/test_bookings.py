"""ReserveKit end to end: the documented flows and rules through the real app."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.conftest import ApiClient, occurrence

JANE = {
    "customer_name": "Jane Doe",
    "customer_email": "jane.doe@example.com",
    "customer_phone": "+12025550185",
}


def test_create_then_read_back(api: ApiClient) -> None:
    created = api.book(1, message="First-time client consultation", **JANE)
    assert created.status_code == 201
    booking = created.json()["data"]
    assert booking["status"] == "pending"
    assert booking["service_id"] == 1
    assert booking["message"] == "First-time client consultation"
    assert booking["customer"]["email"] == "jane.doe@example.com"
    assert "cancel_reason" not in booking
    assert api.get(f"/bookings/{booking['id']}").json()["data"] == booking
    assert api.get(f"/bookings/{booking['id']}/customer").json()["data"] == booking["customer"]


def test_service_id_comes_in_the_query_string_as_the_vendor_sdk_sends_it(api: ApiClient) -> None:
    slot = api.get("/time-slots/1").json()["data"]
    body = {"date": occurrence(slot["day_of_week"], 4).isoformat(), "time_slot_id": 1}
    before = api.get("/bookings", params={"service_id": 1, "page": 1, "page_size": 100}).json()
    in_body = api.post("/bookings", json={**body, "service_id": 1})
    assert in_body.status_code == 400, "the vendor's create payload has no service_id"
    assert api.get("/bookings", params={"service_id": 1, "page": 1, "page_size": 100}).json() == before
    assert api.post("/bookings?service_id=1", json=body).status_code == 201
    wrong = api.post("/bookings?service_id=2", json={**body, "time_slot_id": 1})
    assert wrong.status_code == 400
    assert wrong.json()["error"] == "time slot does not belong to service"


def test_full_slot_says_time_slot_is_full(api: ApiClient) -> None:
    # Slot 1 (Deep Tissue Massage) takes one booking per date.
    assert api.book(1, customer_email="first@example.com").status_code == 201
    full = api.book(1, customer_email="second@example.com")
    assert full.status_code == 400
    assert full.json() == {"data": None, "error": "time slot is full"}


def test_same_customer_twice_is_a_duplicate(api: ApiClient) -> None:
    # Slot 50 (Swedish Massage) takes two, so the second attempt is a duplicate, not "full".
    assert api.book(50, **JANE).status_code == 201
    again = api.book(50, customer_email="JANE.DOE@example.com")
    assert again.status_code == 400
    assert again.json() == {"data": None, "error": "duplicate booking"}


def test_two_people_sharing_a_phone_are_two_customers(api: ApiClient) -> None:
    # Slot 50 takes two: Jane and John (the same household phone) both get a place, and a
    # third person on that phone finds the slot full, not their booking "duplicate".
    jane = api.book(50, **JANE)
    john = api.book(50, customer_email="john.doe@example.com", customer_phone=JANE["customer_phone"])
    assert (jane.status_code, john.status_code) == (201, 201)
    assert john.json()["data"]["customer_id"] != jane.json()["data"]["customer_id"]
    third = api.book(50, customer_email="ann.doe@example.com", customer_phone=JANE["customer_phone"])
    assert third.json() == {"data": None, "error": "time slot is full"}
    # Without an email, the phone is who it is.
    by_phone = api.book(1, customer_phone=JANE["customer_phone"])
    assert by_phone.json()["data"]["customer_id"] == jane.json()["data"]["customer_id"]


def test_cancel_requires_a_reason_and_frees_the_place(api: ApiClient) -> None:
    booking = api.book(1, customer_email="first@example.com").json()["data"]
    refused = api.patch(f"/bookings/{booking['id']}", json={"status": "cancelled"})
    assert refused.status_code == 400
    assert refused.json()["details"] == [{"field": "cancel_reason", "message": "required when cancelling"}]

    cancelled = api.patch(
        f"/bookings/{booking['id']}",
        json={"status": "cancelled", "cancel_reason": "Customer requested cancellation"},
    ).json()["data"]
    assert cancelled["status"] == "cancelled"
    assert cancelled["cancel_reason"] == "Customer requested cancellation"
    assert api.book(1, customer_email="second@example.com").status_code == 201


def test_status_moves_forward_only(api: ApiClient) -> None:
    booking_id = api.book(1).json()["data"]["id"]
    confirmed = api.patch(f"/bookings/{booking_id}", json={"status": "confirmed", "message": "by phone"})
    assert confirmed.json()["data"]["status"] == "confirmed"
    back = api.patch(f"/bookings/{booking_id}", json={"status": "pending"})
    assert back.status_code == 400
    assert back.json()["error"] == "cannot change a confirmed booking to pending"
    api.patch(f"/bookings/{booking_id}", json={"status": "cancelled", "cancel_reason": "ill"})
    revive = api.patch(f"/bookings/{booking_id}", json={"status": "confirmed"})
    assert revive.status_code == 400
    assert api.get(f"/bookings/{booking_id}").json()["data"]["status"] == "cancelled"


def test_updated_at_moves_on_every_change(api: ApiClient) -> None:
    booking = api.book(1).json()["data"]
    stamps = [booking["updated_at"]]
    for message in ("one", "two", "three"):
        stamps.append(
            api.patch(f"/bookings/{booking['id']}", json={"message": message}).json()["data"]["updated_at"]
        )
    assert stamps == sorted(stamps)
    assert len(set(stamps)) == 4
    assert api.get(f"/bookings/{booking['id']}").json()["data"]["created_at"] == booking["created_at"]


def test_moving_to_another_date(api: ApiClient) -> None:
    booking = api.book(1, weeks_ahead=4).json()["data"]
    new_date = (date.fromisoformat(booking["date"]) + timedelta(days=7)).isoformat()
    moved = api.patch(f"/bookings/{booking['id']}", json={"date": new_date}).json()["data"]
    assert moved["date"] == new_date
    off_day = (date.fromisoformat(new_date) + timedelta(days=1)).isoformat()
    refused = api.patch(f"/bookings/{booking['id']}", json={"date": off_day})
    assert refused.status_code == 400
    assert refused.json()["error"].startswith("time slot 1 is only available on")


def test_delete_makes_it_gone(api: ApiClient) -> None:
    booking_id = api.book(1).json()["data"]["id"]
    assert api.delete(f"/bookings/{booking_id}").json() == {"data": "ok"}
    for response in (
        api.get(f"/bookings/{booking_id}"),
        api.get(f"/bookings/{booking_id}/customer"),
        api.patch(f"/bookings/{booking_id}", json={"message": "hello?"}),
        api.delete(f"/bookings/{booking_id}"),
    ):
        assert response.status_code == 404
        assert response.json() == {"data": None, "error": "booking not found"}
    assert api.book(1).status_code == 201  # the place came back too


def test_customer_update_is_validated_and_shared(api: ApiClient) -> None:
    booking = api.book(1, **JANE).json()["data"]
    other = api.book(1, weeks_ahead=5, customer_email="jane.doe@example.com").json()["data"]
    assert other["customer"]["id"] == booking["customer"]["id"]
    updated = api.patch(f"/bookings/{booking['id']}/customer", json={"name": "Jane Smith"}).json()["data"]
    assert updated["name"] == "Jane Smith"
    assert updated["updated_at"] > booking["customer"]["updated_at"]
    assert api.get(f"/bookings/{other['id']}").json()["data"]["customer"]["name"] == "Jane Smith"
    for body, field in (({"email": "nope"}, "email"), ({"phone": "555-0185"}, "phone")):
        response = api.patch(f"/bookings/{booking['id']}/customer", json=body)
        assert response.status_code == 400, field
        assert field in response.json()["error"]


def test_contact_errors_name_the_wire_field(api: ApiClient) -> None:
    # Reserved domains such as .invalid pass a naive "has an @" check, but not ours.
    for field, value in (("customer_email", "jane@example.invalid"), ("customer_phone", "+1 202 555")):
        response = api.book(1, **{field: value})
        assert response.status_code == 400
        assert field in response.json()["error"]


def test_pagination_adds_up(api: ApiClient) -> None:
    for n in range(7):
        api.book(1, weeks_ahead=1 + n, customer_email=f"c{n}@example.com")
    total = api.get("/bookings?service_id=1&page=1&page_size=100").json()["data"]["pagination"]["total_count"]
    assert total == 3 + 7  # three seeded bookings on service 1
    seen = []
    for page in (1, 2, 3, 4):
        data = api.get(f"/bookings?service_id=1&page={page}&page_size=3").json()["data"]
        assert data["pagination"] == {
            "current_page": page,
            "total_pages": 4,
            "total_count": total,
            "page_size": 3,
        }
        seen += [b["id"] for b in data["bookings"]]
    assert len(seen) == len(set(seen)) == total
    assert api.get("/bookings?service_id=1&page=5&page_size=3").json()["data"]["bookings"] == []


def test_list_for_unknown_service_is_not_found(api: ApiClient) -> None:
    response = api.get("/bookings?service_id=999&page=1&page_size=10")
    assert response.status_code == 404
    assert response.json() == {"data": None, "error": "service not found"}


def test_time_slots_report_availability_for_a_date(api: ApiClient) -> None:
    slot = api.get("/time-slots/50").json()["data"]
    assert slot["max_bookings"] == 2
    day = occurrence(slot["day_of_week"], 4).isoformat()

    def places() -> dict[int, Any]:
        listing = api.get(f"/time-slots?service_id={slot['service_id']}&date={day}&page_size=100").json()[
            "data"
        ]
        assert {s["day_of_week"] for s in listing["time_slots"]} == {slot["day_of_week"]}
        return {s["id"]: s for s in listing["time_slots"]}

    before = places()
    assert len(before) > 1, "the day's other slots show that a count lands on its own slot"
    booked = api.book(50, customer_email="first@example.com").json()["data"]
    by_id = places()
    assert by_id[50]["available_bookings"] == 1
    assert by_id[50]["date"] == day
    others = {id_: s["available_bookings"] for id_, s in by_id.items() if id_ != 50}
    assert others == {id_: s["available_bookings"] for id_, s in before.items() if id_ != 50}
    api.patch(f"/bookings/{booked['id']}", json={"status": "cancelled", "cancel_reason": "test"})
    assert places()[50]["available_bookings"] == 2, "a cancelled booking holds no place"


def test_every_time_slot_of_a_service_unpaged_both_ways_the_vendor_offers(api: ApiClient) -> None:
    paged = api.get("/time-slots", params={"service_id": 1, "page_size": 2}).json()["data"]
    total = paged["pagination"]["total_count"]
    assert total > 2, "service 1 needs more slots than one small page for this to prove anything"
    unpaged = api.get("/time-slots", params={"service_id": 1, "no_pagination": "true"}).json()["data"]
    assert len(unpaged["time_slots"]) == total
    assert unpaged["pagination"] == {
        "current_page": 1,
        "total_pages": 1,
        "total_count": total,
        "page_size": total,
    }
    by_service = api.get("/services/1/time-slots").json()["data"]
    assert by_service == unpaged["time_slots"]
    assert {s["service_id"] for s in by_service} == {1}


def test_unpaged_time_slots_refuse_what_they_cannot_read(api: ApiClient) -> None:
    missing = api.get("/services/999999/time-slots")
    assert (missing.status_code, missing.json()) == (404, {"data": None, "error": "service not found"})
    bad_flag = api.get("/time-slots", params={"service_id": 1, "no_pagination": "sometimes"})
    assert bad_flag.status_code == 400
    assert bad_flag.json()["data"] is None


def test_a_cancelled_booking_refuses_every_spelling_of_a_change(api: ApiClient) -> None:
    """Terminal is terminal however the change is spelt: a second cancel with or without its
    reason, a reason alone, another status, a date, a note. Each is refused with a true message,
    and the booking and its slot's places stay as they were."""
    booking = api.book(1, customer_email="history@example.com").json()["data"]
    path = f"/bookings/{booking['id']}"
    cancel = {"status": "cancelled", "cancel_reason": "ill"}
    cancelled = api.patch(path, json=cancel).json()["data"]
    other_day = (date.fromisoformat(booking["date"]) + timedelta(days=7)).isoformat()
    spellings: list[tuple[dict[str, str], int, str]] = [
        ({"status": "cancelled"}, 400, "booking is already cancelled"),
        (cancel, 400, "booking is already cancelled"),
        ({"status": "cancelled", "cancel_reason": "again"}, 400, "booking is already cancelled"),
        ({"cancel_reason": "changed my mind"}, 400, "booking is already cancelled"),
        ({"status": "cancelled", "message": "note"}, 400, "booking is already cancelled"),
        ({"status": "confirmed"}, 400, "cannot change a cancelled booking to confirmed"),
        ({"status": "pending", "message": "x"}, 400, "cannot change a cancelled booking to pending"),
        ({"date": other_day}, 400, "cannot change a cancelled booking to modified"),
        ({"message": "a new note"}, 400, "cannot change a cancelled booking to modified"),
    ]
    for body, status, message in spellings:
        answer = api.patch(path, json=body)
        assert (answer.status_code, answer.json()["error"]) == (status, message), body
        assert api.get(path).json()["data"] == cancelled, body
