"""Every status move the document implies, through the API; and the moves it refuses."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.conftest import SandboxClocks

from .conftest import DEEP_TISSUE, Seeded, error_code, instant, order_of


def test_seeded_bookings_show_each_documented_status(seeded: Seeded, owner_of: Any, as_customer: Any) -> None:
    shown = set()
    for status in ("confirmed", "pending", "held", "rejected", "cancelled", "expired"):
        folio, _ = seeded.one(status)
        shown.add(owner_of(folio).booking(folio.uuid)["data"]["attributes"]["status"])
    folio, reservation = seeded.one("invited")
    shown.add(as_customer(reservation.invited_ids[0]).booking(folio.uuid)["data"]["attributes"]["status"])
    assert shown == {"accepted", "requested", "reserved", "rejected", "canceled", "expired", "invited"}


@pytest.mark.parametrize(("status", "word"), [("confirmed", "accepted"), ("pending", "requested")])
def test_accepted_and_requested_bookings_can_be_cancelled(
    seeded: Seeded, owner_of: Any, status: str, word: str
) -> None:
    folio, _ = seeded.one(status)
    customer = owner_of(folio)
    assert customer.booking(folio.uuid)["data"]["attributes"]["status"] == word

    response = customer.get(f"/bookings/{folio.uuid}/cancel")

    assert response.status_code == 200, response.text
    assert response.json()["data"]["attributes"]["status"] == "canceled"
    assert customer.booking(folio.uuid)["data"]["attributes"]["status"] == "canceled"


@pytest.mark.parametrize(
    ("status", "word"),
    [("held", "reserved"), ("rejected", "rejected"), ("cancelled", "canceled"), ("expired", "expired")],
)
def test_other_statuses_are_not_cancelable_and_nothing_changes(
    seeded: Seeded, owner_of: Any, status: str, word: str
) -> None:
    folio, _ = seeded.one(status)
    customer = owner_of(folio)
    before = customer.booking(folio.uuid)

    for path in ("cancel", "cancellation-preview"):
        response = customer.get(f"/bookings/{folio.uuid}/{path}")
        assert response.status_code == 422, response.text
        assert error_code(response) == "booking_not_cancelable"
        assert f"the booking is {word}" in response.json()["errors"][0]["detail"]
    if status == "held":  # reserved is not final: it is edited on its way to a request
        assert customer.booking(folio.uuid) == before
        return
    # A final status: every other change, in each spelling a client may send, is refused with a
    # true reason.
    detail = f"booking not editable: the booking is {word}"
    changes: list[tuple[str, dict[str, Any], str]] = [
        ("accept-invite", {}, "no open invitation: the booking is no longer active"),
        ("reject-invite", {}, "no open invitation: the booking is no longer active"),
        ("personalization", {"note": "x"}, detail),
        ("edit-participants", {"participants": []}, detail),
        ("edit-participants", {"participants": [{"email": "guest@example.com", "can_edit": True}]}, detail),
        ("edit-service-options", {"addons": []}, detail),
        (
            "edit-booking-base-data",
            {"start_date": "2030-01-07T10:00:00Z", "end_date": "2030-01-07T11:00:00Z"},
            detail,
        ),
    ]
    for action, body, message in changes:
        response = customer.post(f"/bookings/{folio.uuid}/{action}", json=body)
        assert response.status_code == 422, (action, response.text)
        assert response.json()["errors"][0]["detail"] == message, action
    assert customer.booking(folio.uuid) == before


def test_a_cancelled_booking_cannot_be_cancelled_again(seeded: Seeded, owner_of: Any) -> None:
    folio, _ = seeded.bookings("confirmed")[1]
    customer = owner_of(folio)
    first = customer.get(f"/bookings/{folio.uuid}/cancel").json()

    again = customer.get(f"/bookings/{folio.uuid}/cancel")

    assert again.status_code == 422
    assert error_code(again) == "booking_not_cancelable"
    assert customer.booking(folio.uuid) == first


def test_invited_participant_accepts(seeded: Seeded, as_customer: Any) -> None:
    folio, reservation = seeded.one("invited")
    guest = as_customer(reservation.invited_ids[0])

    response = guest.post(f"/bookings/{folio.uuid}/accept-invite")

    assert response.status_code == 200, response.text
    document = response.json()["data"]["attributes"]
    assert document["status"] == "accepted"
    mine = next(p for p in document["participants"] if p["id"] == guest.uuid)
    assert mine["status"] == "accepted"
    again = guest.post(f"/bookings/{folio.uuid}/accept-invite")
    assert again.status_code == 422
    assert error_code(again) == "no_open_invitation"


def test_invited_participant_rejects_and_is_removed(seeded: Seeded, as_customer: Any, owner_of: Any) -> None:
    folio, reservation = seeded.bookings("invited")[-1]
    guest = as_customer(reservation.invited_ids[0])

    response = guest.post(f"/bookings/{folio.uuid}/reject-invite")

    assert response.status_code == 200, response.text
    seen_by_owner = owner_of(folio).booking(folio.uuid)["data"]["attributes"]
    assert guest.uuid not in {p["id"] for p in seen_by_owner["participants"]}
    assert seen_by_owner["status"] == "accepted"
    # No longer a participant: the booking is closed to them.
    assert guest.get(f"/bookings/{folio.uuid}").status_code == 403
    assert guest.post(f"/bookings/{folio.uuid}/accept-invite").status_code == 403


def test_the_owner_has_no_invitation_to_answer(seeded: Seeded, owner_of: Any) -> None:
    folio, _ = seeded.one("invited")
    for action in ("accept-invite", "reject-invite"):
        response = owner_of(folio).post(f"/bookings/{folio.uuid}/{action}")
        assert response.status_code == 422
        assert error_code(response) == "no_open_invitation"


def test_an_accepted_booking_expires_when_its_check_in_window_closes(
    as_customer: Any, seeded: Seeded, clocks: SandboxClocks
) -> None:
    customer = as_customer(1)
    booking = customer.book_instantly(seeded.service_uuid(DEEP_TISSUE))["data"]
    closes = instant(booking["attributes"]["check_in_until"])
    assert closes - instant(booking["attributes"]["start_date"]) == timedelta(minutes=15)

    clocks.freeze(closes)
    assert customer.booking(booking["id"])["data"]["attributes"]["status"] == "accepted"

    clocks.freeze(closes + timedelta(microseconds=1))
    assert customer.booking(booking["id"])["data"]["attributes"]["status"] == "expired"
    refused = customer.get(f"/bookings/{booking['id']}/cancel")
    assert refused.status_code == 422
    assert error_code(refused) == "booking_not_cancelable"
    edit = customer.post(f"/bookings/{booking['id']}/edit-service-options", json={"addons": []})
    assert edit.status_code == 422
    assert error_code(edit) == "booking_not_editable"
    # Expiry keeps the payment: nothing is refunded.
    assert order_of(customer.booking(booking["id"]))["refunded"]["amount"] == "0.00"


def test_a_seeded_rejected_booking_was_refunded_in_full(seeded: Seeded, owner_of: Any) -> None:
    folio, _ = seeded.one("rejected")
    order = order_of(owner_of(folio).booking(folio.uuid))
    assert order["paid"]["amount"] != "0.00"
    assert order["refunded"] == order["paid"]
    assert order["total"]["amount"] == "0.00"
    assert [line["kind"] for line in order["lines"]][-2:] == ["adjustment", "refund"]
