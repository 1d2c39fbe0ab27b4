"""Look-up by number, kiosk hashes, and who may see a booking."""

from __future__ import annotations

from typing import Any

from tests.asgi_client import TestClient

from .conftest import BASE, SANDBOX, Customer, Seeded, error_code, errors


def test_the_owner_looks_a_booking_up_by_number(seeded: Seeded, owner_of: Any) -> None:
    folio, _ = seeded.one("confirmed")
    customer = owner_of(folio)
    number = customer.booking(folio.uuid)["data"]["attributes"]["number"]

    response = customer.get("/bookings/by-number", params={"number": number})

    assert response.status_code == 200
    assert response.json()["data"]["id"] == folio.uuid


def test_a_participant_may_look_it_up_too(seeded: Seeded, as_customer: Any, owner_of: Any) -> None:
    folio, reservation = seeded.one("invited")
    number = owner_of(folio).booking(folio.uuid)["data"]["attributes"]["number"]
    guest = as_customer(reservation.invited_ids[0])
    found = guest.get("/bookings/by-number", params={"number": number})
    assert found.status_code == 200
    assert found.json()["data"]["attributes"]["status"] == "invited"


def test_someone_else_gets_403_and_an_unknown_number_404(
    seeded: Seeded, owner_of: Any, stranger: Any
) -> None:
    folio, reservation = seeded.one("confirmed")
    number = owner_of(folio).booking(folio.uuid)["data"]["attributes"]["number"]
    other = stranger(folio, reservation)

    for response in (
        other.get("/bookings/by-number", params={"number": number}),
        other.get(f"/bookings/{folio.uuid}"),
    ):
        assert response.status_code == 403
        assert error_code(response) == "unauthorized"
    missing = other.get("/bookings/by-number", params={"number": "BK-999999"})
    assert missing.status_code == 404
    assert errors(missing)[0] == {
        "status": "404",
        "code": "booking_not_found",
        "title": "Not Found",
        "detail": "booking not found",
    }


def test_a_terminal_needs_the_booking_hash(seeded: Seeded, owner_of: Any, terminal: Customer) -> None:
    folio, _ = seeded.one("confirmed")
    attributes = owner_of(folio).booking(folio.uuid)["data"]["attributes"]
    number = attributes["number"]

    with_hash = terminal.get("/bookings/by-number", params={"number": number, "hash": attributes["hash"]})
    assert with_hash.status_code == 200
    assert with_hash.json()["data"]["id"] == folio.uuid

    for params in ({"number": number}, {"number": number, "hash": "0" * 16}):
        refused = terminal.get("/bookings/by-number", params=params)
        assert refused.status_code == 403
    # A terminal only looks up: every other booking operation is closed to it.
    assert terminal.get(f"/bookings/{folio.uuid}").status_code == 403
    assert terminal.get(f"/bookings/{folio.uuid}/cancel").status_code == 403
    assert owner_of(folio).booking(folio.uuid)["data"]["attributes"]["status"] == "accepted"


def test_another_sandbox_does_not_know_the_booking(seeded: Seeded, as_customer: Any) -> None:
    folio, _ = seeded.one("confirmed")
    # The same seeded customer in a fresh sandbox: same seed, but bookings there are separate.
    elsewhere = as_customer(folio.owner_id, sandbox="lifecycle_other_sandbox")
    assert elsewhere.get(f"/bookings/{folio.uuid}").status_code == 200
    elsewhere.get(f"/bookings/{folio.uuid}/cancel")
    assert as_customer(folio.owner_id).booking(folio.uuid)["data"]["attributes"]["status"] == "accepted"


def test_unknown_or_malformed_tokens_get_401(http: TestClient, seeded: Seeded) -> None:
    folio, _ = seeded.one("confirmed")
    path = f"{BASE}/bookings/{folio.uuid}"
    for headers in (
        {},
        {"Authorization": "Bearer nonsense"},
        {"Authorization": f"Bearer customer.00000000-0000-4000-8000-000000000000.{SANDBOX}"},
    ):
        response = http.get(path, headers=headers)
        assert response.status_code == 401, headers
        # A token of none of the API's forms is told them (``tests/http/test_auth_challenge.py``).
        assert response.headers["www-authenticate"].startswith('Bearer realm="lifecycle"')
        assert error_code(response) == "unauthenticated"


def test_an_unknown_booking_id_is_404_and_a_malformed_one_400(seeded: Seeded, as_customer: Any) -> None:
    customer = as_customer(1)
    assert customer.get("/bookings/00000000-0000-4000-8000-000000000000").status_code == 404
    malformed = customer.get("/bookings/not-a-uuid")
    assert malformed.status_code == 400
    assert error_code(malformed) == "bad_request"
