"""Personalization against the seeded custom forms, and instant booking."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from tests.conftest import TODAY

from .conftest import DEEP_TISSUE, MEDITATION, SWEDISH, YOGA, Seeded, error_code, errors, form, order_of


@pytest.fixture
def yoga(as_customer: Any, seeded: Seeded) -> tuple[Any, dict[str, Any]]:
    customer = as_customer(9)
    return customer, customer.book_instantly(seeded.service_uuid(YOGA))["data"]


def test_the_custom_form_comes_from_the_seeded_service(as_customer: Any, seeded: Seeded) -> None:
    fields = form(as_customer(1), seeded.service_uuid(YOGA))
    assert {label: (f["type"], f["required"]) for label, f in fields.items()} == {
        "T-shirt size": ("select", True),
        "First class with us": ("boolean", True),
        "Years of practice": ("number", False),
    }
    assert fields["T-shirt size"]["options"] == ["XS", "S", "M", "L", "XL"]


def test_valid_answers_are_stored_on_the_participant(
    yoga: tuple[Any, dict[str, Any]], seeded: Seeded
) -> None:
    customer, booking = yoga
    fields = form(customer, seeded.service_uuid(YOGA))
    answers = {fields["T-shirt size"]["uuid"]: "L", fields["First class with us"]["uuid"]: True}

    response = customer.post(f"/bookings/{booking['id']}/personalization", json=answers)

    assert response.status_code == 200, response.text
    me = response.json()["data"]["attributes"]["participants"][0]
    assert me["personalization"] == answers


@pytest.mark.parametrize(
    ("answers", "named", "reason"),
    [
        ({"First class with us": True}, "T-shirt size", "required"),
        ({"T-shirt size": "XXL", "First class with us": True}, "T-shirt size", "must be one of"),
        ({"T-shirt size": "L", "First class with us": "yes"}, "First class with us", "true or false"),
        (
            {"T-shirt size": "L", "First class with us": True, "Years of practice": "ten"},
            "Years of practice",
            "number",
        ),
    ],
)
def test_bad_answers_are_422_naming_the_field(
    yoga: tuple[Any, dict[str, Any]], seeded: Seeded, answers: dict[str, Any], named: str, reason: str
) -> None:
    customer, booking = yoga
    fields = form(customer, seeded.service_uuid(YOGA))
    body = {fields[label]["uuid"]: value for label, value in answers.items()}

    response = customer.post(f"/bookings/{booking['id']}/personalization", json=body)

    assert response.status_code == 422
    problem = errors(response)[0]
    assert problem["source"]["pointer"] == "/" + fields[named]["uuid"]
    assert reason in problem["detail"]
    assert customer.booking(booking["id"])["data"]["attributes"]["participants"][0]["personalization"] == {}


def test_an_unknown_field_is_422(yoga: tuple[Any, dict[str, Any]]) -> None:
    customer, booking = yoga
    stray = "00000000-0000-4000-8000-000000000000"
    response = customer.post(f"/bookings/{booking['id']}/personalization", json={stray: "x"})
    assert response.status_code == 422
    assert {e["source"]["pointer"] for e in errors(response)} >= {f"/{stray}"}


def test_the_owner_answers_for_a_participant_by_email(
    yoga: tuple[Any, dict[str, Any]], seeded: Seeded, as_customer: Any
) -> None:
    customer, booking = yoga
    guest_email = seeded.world.customers[10].email
    customer.post(
        f"/bookings/{booking['id']}/edit-participants", json={"participants": [{"email": guest_email}]}
    )
    fields = form(customer, seeded.service_uuid(YOGA))
    answers = {fields["T-shirt size"]["uuid"]: "S", fields["First class with us"]["uuid"]: False}

    response = customer.post(
        f"/bookings/{booking['id']}/personalization", json={**answers, "email": guest_email}
    )

    assert response.status_code == 200, response.text
    guest = next(
        p for p in response.json()["data"]["attributes"]["participants"] if p["email"] == guest_email
    )
    assert guest["personalization"] == answers
    nobody = customer.post(
        f"/bookings/{booking['id']}/personalization", json={**answers, "email": "nobody@example.test"}
    )
    assert nobody.status_code == 422
    assert errors(nobody)[0]["source"]["pointer"] == "/email"


def test_instant_booking_is_accepted_and_paid(as_customer: Any, seeded: Seeded) -> None:
    customer = as_customer(10)
    document = customer.book_instantly(seeded.service_uuid(DEEP_TISSUE))
    attributes = document["data"]["attributes"]
    assert attributes["status"] == "accepted"
    assert attributes["owner"]["id"] == customer.uuid
    order = order_of(document)
    assert (order["total"]["amount"], order["paid"]["amount"], order["balance_due"]["amount"]) == (
        "85.00",
        "85.00",
        "0.00",
    )
    assert customer.booking(document["data"]["id"]) == document


def test_an_instant_booking_answers_what_reading_it_back_answers(as_customer: Any, seeded: Seeded) -> None:
    """The answer is built from what the booking wrote, not read back: it must be what a read
    answers, times given at another offset and the paid order's lines included."""
    customer = as_customer(8)
    service = seeded.service_uuid(DEEP_TISSUE)
    slot = customer.free_from(service, TODAY + timedelta(weeks=3))[0]
    at_plus_two = {
        name: datetime.fromisoformat(slot[name].replace("Z", "+00:00")).astimezone(
            timezone(timedelta(hours=2))
        )
        for name in ("start_date", "end_date")
    }
    body = {"service_id": service, "resource_id": slot["resource_id"]}
    created = customer.post(
        "/bookings/instant", json={**body, **{k: v.isoformat() for k, v in at_plus_two.items()}}
    )
    assert created.status_code == 201, created.text
    document = created.json()
    assert document["data"]["attributes"]["start_date"] == slot["start_date"]
    assert len(order_of(document)["lines"]) == 2, "the charge and the payment"
    assert customer.booking(document["data"]["id"]) == document


def test_instant_booking_takes_the_slot(as_customer: Any, seeded: Seeded) -> None:
    first, second = as_customer(11), as_customer(12)
    booked = first.book_instantly(seeded.service_uuid(DEEP_TISSUE), weeks_ahead=5)["data"]
    body = {
        "service_id": seeded.service_uuid(DEEP_TISSUE),
        "start_date": booked["attributes"]["start_date"],
        "end_date": booked["attributes"]["end_date"],
        "resource_id": booked["relationships"]["resource"]["data"]["id"],
    }
    response = second.post("/bookings/instant", json=body)
    assert response.status_code == 422
    assert error_code(response) == "slot_unavailable"


def test_instant_booking_only_where_the_service_allows(as_customer: Any, seeded: Seeded) -> None:
    customer = as_customer(1)
    slot = customer.free_from(seeded.service_uuid(SWEDISH), TODAY + timedelta(weeks=2))[0]
    body = {
        "service_id": seeded.service_uuid(SWEDISH),
        **{k: slot[k] for k in ("start_date", "end_date", "resource_id")},
    }
    response = customer.post("/bookings/instant", json=body)
    assert response.status_code == 422
    assert "instant booking is not available" in errors(response)[0]["detail"]
    assert customer.get(f"/services/{seeded.service_uuid(SWEDISH)}").json()["data"]["attributes"]["meta"] == {
        "can_instant_book": False,
        "canEditServiceOptions": False,
    }


def test_instant_booking_without_a_resource_takes_a_free_one(as_customer: Any, seeded: Seeded) -> None:
    customer = as_customer(2)
    slot = customer.free_from(seeded.service_uuid(MEDITATION), TODAY + timedelta(weeks=3))[0]
    body = {
        "service_id": seeded.service_uuid(MEDITATION),
        "start_date": slot["start_date"],
        "end_date": slot["end_date"],
    }
    response = customer.post("/bookings/instant", json=body)
    assert response.status_code == 201, response.text
    assert response.headers["location"] == response.json()["data"]["links"]["self"]
    assert order_of(response.json())["total"]["amount"] == "0.00"


def test_instant_booking_of_an_unknown_service_names_service_id(as_customer: Any) -> None:
    body = {
        "service_id": "00000000-0000-4000-8000-000000000000",
        "start_date": "2030-01-07T15:00:00Z",
        "end_date": "2030-01-07T16:00:00Z",
    }
    response = as_customer(1).post("/bookings/instant", json=body)
    assert response.status_code == 422
    assert errors(response)[0]["source"]["pointer"] == "/service_id"
