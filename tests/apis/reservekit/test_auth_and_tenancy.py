from __future__ import annotations

import pytest

from tests.conftest import ApiClient


@pytest.mark.parametrize(
    "header",
    [
        None,
        "Bearer",
        "Bearer sk_live_1234567890",
        "Bearer sk_rsv_short",
        "Basic c2tfcnN2X3Rlc3Q6",
        "Bearer sk_rsv_has spaces_12345",
    ],
)
def test_missing_or_malformed_key_is_401_in_reservekit_shape(api: ApiClient, header: str | None) -> None:
    headers = {"Authorization": header} if header else {}
    response = api.http.get("/reservekit/v1/bookings/1", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"data": None, "error": "missing or invalid API key"}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_one_key_never_sees_another_keys_bookings(api: ApiClient, other_api: ApiClient) -> None:
    booking_id = api.book(1).json()["data"]["id"]
    for response in (
        other_api.get(f"/bookings/{booking_id}"),
        other_api.patch(f"/bookings/{booking_id}", json={"message": "mine now"}),
        other_api.delete(f"/bookings/{booking_id}"),
        other_api.get(f"/bookings/{booking_id}/customer"),
    ):
        assert response.status_code == 404
    assert api.get(f"/bookings/{booking_id}").json()["data"].get("message") is None
    # The other key's sandbox is untouched: its slot 1 on that date is still free.
    assert other_api.book(1).status_code == 201


def test_every_key_starts_from_the_same_seeded_world(api: ApiClient, other_api: ApiClient) -> None:
    def catalogue(client: ApiClient) -> list[tuple[object, ...]]:
        services = client.get("/services").json()["data"]["services"]
        return [(s["id"], s["name"], s["description"], s["timezone"]) for s in services]

    assert catalogue(api) == catalogue(other_api)
    # Each key is an account of its own.
    owners = {client.get("/services/1").json()["data"]["provider_id"] for client in (api, other_api)}
    assert len(owners) == 2

    # Same people and places; only timestamps differ, being relative to each sandbox's creation.
    def identity(client: ApiClient) -> tuple[object, ...]:
        booking = client.get("/bookings/1").json()["data"]
        customer = booking["customer"]
        return (
            booking["time_slot_id"],
            booking["status"],
            customer["name"],
            customer["email"],
            customer["phone"],
        )

    assert identity(api) == identity(other_api)
