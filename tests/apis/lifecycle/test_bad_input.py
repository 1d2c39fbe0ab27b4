"""Malformed requests get a JSON-API error document, never a 500, and change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Seeded, errors

pytestmark = pytest.mark.sqlite_only(
    "malformed input is refused by the HTTP layer and the handler's reading of the wire, before "
    "any storage is reached; that a refusal inside a write leaves nothing behind is proven on both "
    "backends by the other modules here (a series all or nothing, a status not cancelable)"
)


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status"),
    [
        (
            "POST",
            "edit-participants",
            {"content": b"{not json", "headers": {"Content-Type": "application/json"}},
            400,
        ),
        (
            "POST",
            "edit-participants",
            {"content": b'{"participants": ["\xff"]}', "headers": {"Content-Type": "application/json"}},
            400,
        ),
        (
            "POST",
            "edit-participants",
            {"content": b"participants=1", "headers": {"Content-Type": "text/plain"}},
            415,
        ),
        (
            "POST",
            "edit-participants",
            {"json": {"participants": [{"email": "x@example.test", "role": "admin"}]}},
            400,
        ),
        ("POST", "edit-service-options", {"json": {"addons": [{"add_on_id": "nope", "quantity": 1}]}}, 400),
        (
            "POST",
            "edit-service-options",
            {"json": {"addons": [{"add_on_id": "00000000-0000-4000-8000-000000000000", "quantity": 0}]}},
            400,
        ),
        (
            "POST",
            "edit-booking-base-data",
            {"json": {"start_date": "tomorrow", "end_date": "2030-01-01T10:00:00Z"}},
            400,
        ),
        (
            "POST",
            "edit-booking-base-data",
            {"json": {"start_date": "0001-01-01T00:00:00Z", "end_date": "9999-12-31T23:59:59Z"}},
            422,
        ),
        ("POST", "personalization", {"json": {"email": "not an email"}}, 400),
        ("GET", "cancel", {"params": {"scope": "everything"}}, 400),
        ("GET", "cancel", {"params": {"refund": "all"}}, 400),
        ("DELETE", "cancel", {}, 405),
        (
            "POST",
            "edit-participants",
            {"content": b"{" + b" " * 70000 + b"}", "headers": {"Content-Type": "application/json"}},
            413,
        ),
    ],
)
def test_bad_input_is_refused_in_the_api_shape(
    seeded: Seeded, owner_of: Any, method: str, path: str, kwargs: dict[str, Any], status: int
) -> None:
    folio, _ = seeded.one("confirmed")
    customer = owner_of(folio)
    before = customer.booking(folio.uuid)

    response = customer.request(method, f"/bookings/{folio.uuid}/{path}", **kwargs)

    assert response.status_code == status, response.text
    assert errors(response)[0]["status"] == str(status)
    assert customer.booking(folio.uuid) == before


def test_get_on_the_instant_path_is_405_not_a_booking_read(as_customer: Any) -> None:
    response = as_customer(1).get("/bookings/instant")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert errors(response)[0]["code"] == "method_not_allowed"


def test_an_availability_date_far_out_is_422(as_customer: Any, seeded: Seeded) -> None:
    response = as_customer(1).get(
        f"/services/{seeded.service_uuid(0)}/availability", params={"date": "9999-12-31"}
    )
    assert response.status_code == 422
    assert errors(response)[0]["source"]["pointer"] == "/date"


def test_a_uuid_with_a_line_break_after_it_is_no_uuid(as_customer: Any, seeded: Seeded) -> None:
    """The format's pattern matched with ``$``, which also matches before a final newline, and
    the uuid parser after it raised: a 500."""
    service = seeded.service_uuid(0)
    body = {"start_date": "2027-01-15T09:00:00Z", "end_date": "2027-01-15T10:00:00Z"}
    response = as_customer(1).post("/bookings/instant", json={**body, "service_id": service + "\n"})
    assert response.status_code == 400, response.text
    assert "service_id" in errors(response)[0]["detail"], response.text


def test_a_refused_field_is_named_first_by_its_path_and_its_form_is_said(
    seeded: Seeded, owner_of: Any
) -> None:
    """Connexion named the field last, dotted (``… is not a 'email' - 'participants.1.email'``),
    where it read as part of the value, and never how the value is written."""
    folio, _ = seeded.one("confirmed")
    customer = owner_of(folio)
    body = {"participants": [{"email": "ada@example.test"}, {"email": "bea at example.test"}]}
    response = customer.post(f"/bookings/{folio.uuid}/edit-participants", json=body)
    assert response.status_code == 400, response.text
    assert errors(response)[0]["detail"].endswith(
        "body field 'participants[1].email': 'bea at example.test' is not an 'email' "
        "(An email address must have an @-sign.)"
    ), response.text
