"""Editing an accepted booking, and reverting an edit in progress."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import START, SandboxClocks

from .conftest import DEEP_TISSUE, SWEDISH, YOGA, Seeded, error_code, errors, form, instant, order_of


@pytest.fixture
def massage(as_customer: Any, seeded: Seeded) -> tuple[Any, dict[str, Any]]:
    customer = as_customer(4)
    return customer, customer.book_instantly(seeded.service_uuid(DEEP_TISSUE))["data"]


@pytest.fixture
def yoga(as_customer: Any, seeded: Seeded) -> tuple[Any, dict[str, Any]]:
    """A per-person class (20.00 each, at most 12), owned by customer 5."""
    customer = as_customer(5)
    return customer, customer.book_instantly(seeded.service_uuid(YOGA))["data"]


def add_ons(seeded: Seeded, service: int) -> dict[str, str]:
    service_id = seeded.world.services[service].id
    return {a.name: a.uuid for a in seeded.world.add_ons if a.service_id == service_id}


def test_inviting_participants_reprices_a_per_person_class(yoga: tuple[Any, dict[str, Any]]) -> None:
    customer, booking = yoga
    guests = [{"email": "sam@example.test", "name": "Sam"}, {"email": "kim@example.test", "can_edit": True}]

    response = customer.post(f"/bookings/{booking['id']}/edit-participants", json={"participants": guests})

    assert response.status_code == 200, response.text
    people = response.json()["data"]["attributes"]["participants"]
    assert [(p["email"], p["status"], p["can_edit"]) for p in people] == [
        (customer.booking(booking["id"])["data"]["attributes"]["owner"]["email"], "accepted", False),
        ("sam@example.test", "invited", False),
        ("kim@example.test", "invited", True),
    ]
    assert order_of(response.json())["total"]["amount"] == "60.00"
    assert order_of(response.json())["balance_due"]["amount"] == "40.00"

    removed = customer.post(f"/bookings/{booking['id']}/edit-participants", json={"participants": guests[:1]})
    assert [p["email"] for p in removed.json()["data"]["attributes"]["participants"]][1:] == [
        "sam@example.test"
    ]
    assert order_of(removed.json())["total"]["amount"] == "40.00"


def test_more_participants_than_the_service_takes_is_422(yoga: tuple[Any, dict[str, Any]]) -> None:
    customer, booking = yoga
    guests = [{"email": f"guest{n}@example.test"} for n in range(12)]  # with the owner: 13 > 12
    response = customer.post(f"/bookings/{booking['id']}/edit-participants", json={"participants": guests})
    assert response.status_code == 422
    assert error_code(response) == "capacity_reached"
    assert len(customer.booking(booking["id"])["data"]["attributes"]["participants"]) == 1


def test_participant_email_is_at_most_200_characters(yoga: tuple[Any, dict[str, Any]]) -> None:
    customer, booking = yoga
    long_email = "a" * 64 + "@" + ".".join(["b" * 60, "b" * 60, "c" * 10]) + ".example.test"
    assert 200 < len(long_email) <= 254  # a valid address, only too long for this field
    response = customer.post(
        f"/bookings/{booking['id']}/edit-participants", json={"participants": [{"email": long_email}]}
    )
    assert response.status_code == 400
    assert errors(response)[0]["code"] == "bad_request"


def test_edit_service_options_reprices(massage: tuple[Any, dict[str, Any]], seeded: Seeded) -> None:
    customer, booking = massage
    offered = add_ons(seeded, DEEP_TISSUE)
    body = {"addons": [{"add_on_id": offered["Aromatherapy Oil"], "quantity": 2}]}

    response = customer.post(f"/bookings/{booking['id']}/edit-service-options", json=body)

    assert response.status_code == 200, response.text
    chosen = response.json()["data"]["attributes"]["addons"]
    assert [(a["name"], a["quantity"], a["unit_price"]["amount"]) for a in chosen] == [
        ("Aromatherapy Oil", 2, "8.00")
    ]
    assert order_of(response.json())["total"]["amount"] == "101.00"


@pytest.mark.parametrize(
    ("addon", "quantity", "pointer"),
    [("Hot Stones", 2, "/addons/0/quantity"), ("Scalp Massage", 1, "/addons/0/add_on_id")],
)
def test_bad_add_on_choices_are_422_with_the_field_named(
    massage: tuple[Any, dict[str, Any]], seeded: Seeded, addon: str, quantity: int, pointer: str
) -> None:
    customer, booking = massage
    everything = {**add_ons(seeded, DEEP_TISSUE), **add_ons(seeded, SWEDISH)}
    body = {"addons": [{"add_on_id": everything[addon], "quantity": quantity}]}
    response = customer.post(f"/bookings/{booking['id']}/edit-service-options", json=body)
    assert response.status_code == 422
    assert errors(response)[0]["source"]["pointer"] == pointer
    assert customer.booking(booking["id"])["data"]["attributes"]["addons"] == []


def test_service_options_only_where_the_service_allows(seeded: Seeded, owner_of: Any) -> None:
    folio = next(
        f
        for f in seeded.world.folios
        if seeded.reservations[f.reservation_id].service_id in (2, 4)
        and seeded.reservations[f.reservation_id].status.value == "confirmed"
    )
    response = owner_of(folio).post(f"/bookings/{folio.uuid}/edit-service-options", json={"addons": []})
    assert response.status_code == 422
    assert error_code(response) == "booking_not_editable"


def test_rebooking_to_a_free_time_of_another_length_reprices(massage: tuple[Any, dict[str, Any]]) -> None:
    customer, booking = massage
    start = instant(booking["attributes"]["start_date"])
    free = customer.free_from(
        booking["relationships"]["service"]["data"]["id"], start.date() + timedelta(days=1)
    )
    starts = {(s["resource_id"], instant(s["start_date"])) for s in free}
    # 90 minutes are free where the 60-minute slot half an hour later is free too.
    target = next(
        s for s in free if (s["resource_id"], instant(s["start_date"]) + timedelta(minutes=30)) in starts
    )
    longer_end = instant(target["start_date"]) + timedelta(minutes=90)
    body = {
        "start_date": target["start_date"],
        "end_date": longer_end.isoformat(),
        "resource_id": target["resource_id"],
    }

    response = customer.post(f"/bookings/{booking['id']}/edit-booking-base-data", json=body)

    assert response.status_code == 200, response.text
    attributes = response.json()["data"]["attributes"]
    assert instant(attributes["start_date"]) == instant(target["start_date"])
    assert response.json()["data"]["relationships"]["resource"]["data"]["id"] == target["resource_id"]
    assert order_of(response.json())["total"]["amount"] == "127.50"
    assert order_of(response.json())["balance_due"]["amount"] == "42.50"


def test_rebooking_onto_a_taken_time_is_slot_unavailable(as_customer: Any, seeded: Seeded) -> None:
    first, second = as_customer(6), as_customer(7)
    taken = first.book_instantly(seeded.service_uuid(DEEP_TISSUE))["data"]
    mine = second.book_instantly(seeded.service_uuid(DEEP_TISSUE), weeks_ahead=3)["data"]
    body = {
        "start_date": taken["attributes"]["start_date"],
        "end_date": taken["attributes"]["end_date"],
        "resource_id": taken["relationships"]["resource"]["data"]["id"],
    }

    response = second.post(f"/bookings/{mine['id']}/edit-booking-base-data", json=body)

    assert response.status_code == 422
    assert error_code(response) == "slot_unavailable"
    assert second.booking(mine["id"])["data"]["attributes"]["start_date"] == mine["attributes"]["start_date"]


def test_rebooking_into_the_past_is_slot_unavailable(massage: tuple[Any, dict[str, Any]]) -> None:
    customer, booking = massage
    body = {"start_date": "2020-01-06T15:00:00Z", "end_date": "2020-01-06T16:00:00Z"}
    response = customer.post(f"/bookings/{booking['id']}/edit-booking-base-data", json=body)
    assert response.status_code == 422
    assert error_code(response) == "slot_unavailable"


def test_end_before_start_names_end_date(massage: tuple[Any, dict[str, Any]]) -> None:
    customer, booking = massage
    start = booking["attributes"]["start_date"]
    response = customer.post(
        f"/bookings/{booking['id']}/edit-booking-base-data", json={"start_date": start, "end_date": start}
    )
    assert response.status_code == 422
    assert errors(response)[0]["source"]["pointer"] == "/end_date"


def moved_two_days_on(customer: Any, booking: dict[str, Any]) -> Any:
    """The booking's time edited to the first free one of its service two days on: the answer."""
    start = instant(booking["attributes"]["start_date"])
    service = booking["relationships"]["service"]["data"]["id"]
    target = customer.free_from(service, start.date() + timedelta(days=2))[0]
    body = {k: target[k] for k in ("start_date", "end_date", "resource_id")}
    return customer.post(f"/bookings/{booking['id']}/edit-booking-base-data", json=body)


def test_cancel_edit_restores_the_booking_as_it_was(
    massage: tuple[Any, dict[str, Any]], seeded: Seeded
) -> None:
    customer, booking = massage
    before = customer.booking(booking["id"])
    offered = add_ons(seeded, DEEP_TISSUE)
    customer.post(
        f"/bookings/{booking['id']}/edit-service-options",
        json={"addons": [{"add_on_id": offered["Hot Stones"], "quantity": 1}]},
    )
    moved = moved_two_days_on(customer, booking)
    assert moved.status_code == 200
    assert moved.json()["data"]["attributes"]["edit_in_progress"] is True

    reverted = customer.get(f"/bookings/{booking['id']}/cancel-edit-booking")

    assert reverted.status_code == 200, reverted.text
    attributes = reverted.json()["data"]["attributes"]
    was = before["data"]["attributes"]
    assert (attributes["start_date"], attributes["end_date"], attributes["addons"]) == (
        was["start_date"],
        was["end_date"],
        [],
    )
    assert reverted.json()["data"]["relationships"] == before["data"]["relationships"]
    assert order_of(reverted.json())["total"] == order_of(before)["total"]
    assert attributes["edit_in_progress"] is False
    again = customer.get(f"/bookings/{booking['id']}/cancel-edit-booking")
    assert again.status_code == 422
    assert error_code(again) == "booking_not_editable"


def test_cancel_edit_restores_participants(yoga: tuple[Any, dict[str, Any]]) -> None:
    customer, booking = yoga
    customer.post(
        f"/bookings/{booking['id']}/edit-participants", json={"participants": [{"email": "sam@example.test"}]}
    )
    reverted = customer.get(f"/bookings/{booking['id']}/cancel-edit-booking")
    assert len(reverted.json()["data"]["attributes"]["participants"]) == 1
    assert order_of(reverted.json())["total"]["amount"] == "20.00"


def test_a_cancelled_booking_is_not_moved_back_by_the_edit_it_had_in_progress(
    massage: tuple[Any, dict[str, Any]],
) -> None:
    """Found by the explorer (LC-TERMINAL-EVERY-SPELLING): reverting an edit begun before the
    cancellation moved a canceled booking back to its old time, answering 200."""
    customer, booking = massage
    moved = moved_two_days_on(customer, booking)
    assert moved.status_code == 200, moved.text
    cancelled = customer.get(f"/bookings/{booking['id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text

    reverted = customer.get(f"/bookings/{booking['id']}/cancel-edit-booking")

    assert reverted.status_code == 422, reverted.text
    assert error_code(reverted) == "booking_not_editable"
    assert "the booking is canceled" in errors(reverted)[0]["detail"]
    assert customer.booking(booking["id"]) == cancelled.json()


def test_an_edit_is_no_longer_in_progress_after_30_minutes(
    massage: tuple[Any, dict[str, Any]], seeded: Seeded, clocks: SandboxClocks
) -> None:
    customer, booking = massage
    offered = add_ons(seeded, DEEP_TISSUE)
    customer.post(
        f"/bookings/{booking['id']}/edit-service-options",
        json={"addons": [{"add_on_id": offered["Hot Stones"], "quantity": 1}]},
    )
    clocks.shift(timedelta(minutes=31))
    response = customer.get(f"/bookings/{booking['id']}/cancel-edit-booking")
    assert response.status_code == 422
    assert len(customer.booking(booking["id"])["data"]["attributes"]["addons"]) == 1


def test_only_accepted_bookings_can_be_edited(seeded: Seeded, owner_of: Any) -> None:
    folio, _ = seeded.one("pending")
    response = owner_of(folio).post(f"/bookings/{folio.uuid}/edit-participants", json={"participants": []})
    assert response.status_code == 422
    assert error_code(response) == "booking_not_editable"
    assert "the booking is requested" in errors(response)[0]["detail"]


def test_a_participant_without_can_edit_may_not_edit(
    yoga: tuple[Any, dict[str, Any]], as_customer: Any, seeded: Seeded
) -> None:
    customer, booking = yoga
    guest = as_customer(8)
    email = seeded.world.customers[7].email
    customer.post(f"/bookings/{booking['id']}/edit-participants", json={"participants": [{"email": email}]})
    assert guest.post(f"/bookings/{booking['id']}/accept-invite").status_code == 200
    response = guest.post(f"/bookings/{booking['id']}/edit-participants", json={"participants": []})
    assert response.status_code == 403
    assert guest.get(f"/bookings/{booking['id']}/cancel").status_code == 403


def test_every_change_of_a_booking_moves_its_updated_at(
    yoga: tuple[Any, dict[str, Any]], as_customer: Any, seeded: Seeded, clocks: SandboxClocks
) -> None:
    """Participants, add-ons and answers are kept beside the booking's own row; a change of any of
    them is still a change of the booking, and is stamped when it was made."""
    customer, booking = yoga
    path = f"/bookings/{booking['id']}"
    guest, email = as_customer(8), seeded.world.customers[7].email
    stamps = [instant(booking["attributes"]["updated_at"])]
    fields = form(customer, seeded.service_uuid(YOGA))
    answers = {fields["T-shirt size"]["uuid"]: "L", fields["First class with us"]["uuid"]: True}
    changes = [
        lambda: customer.post(f"{path}/edit-participants", json={"participants": [{"email": email}]}),
        lambda: guest.post(f"{path}/accept-invite"),
        lambda: customer.post(f"{path}/edit-service-options", json={"addons": []}),
        lambda: customer.post(f"{path}/personalization", json=answers),
    ]
    for minutes, change in enumerate(changes, start=1):
        clocks.shift(timedelta(minutes=minutes))
        answered = change()
        assert answered.status_code == 200, answered.text
        stamps.append(instant(answered.json()["data"]["attributes"]["updated_at"]))
    assert stamps == [stamps[0], *(START + timedelta(minutes=m) for m in range(1, 5))], stamps
