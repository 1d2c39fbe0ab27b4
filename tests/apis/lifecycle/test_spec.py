"""The lifecycle spec itself: valid 3.0.3, every documented endpoint, examples, links."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from mockserver.apis.lifecycle.handlers import LifecycleHandlers
from tests.specs import load_spec, operations


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec("lifecycle")


def test_is_valid_openapi_3_0_3(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.0.3"
    validate(spec)


def test_covers_every_documented_endpoint(spec: dict[str, Any]) -> None:
    documented = {
        ("/api/v1/bookings/by-number", "get"),
        ("/api/v1/bookings/{booking_id}/cancellation-preview", "get"),
        ("/api/v1/bookings/{booking_id}/cancel", "get"),
        ("/api/v1/bookings/{booking_id}/accept-invite", "post"),
        ("/api/v1/bookings/{booking_id}/reject-invite", "post"),
        ("/api/v1/bookings/{booking_id}/personalization", "post"),
        ("/api/v1/bookings/{booking_id}/edit-participants", "post"),
        ("/api/v1/bookings/{booking_id}/edit-service-options", "post"),
        ("/api/v1/bookings/{booking_id}/edit-booking-base-data", "post"),
        ("/api/v1/bookings/{booking_id}/cancel-edit-booking", "get"),
        ("/api/v1/bookings/instant", "post"),
    }
    served = {(path, method) for path, method, _ in operations(spec)}
    assert documented <= served
    inferred = served - documented
    for path, method, operation in operations(spec):
        if (path, method) in inferred:
            assert "inferred" in (operation.get("summary", "") + operation.get("description", "")).lower(), (
                path
            )


def test_every_operation_has_an_example_a_handler_and_json_api_errors(spec: dict[str, Any]) -> None:
    responses = spec["components"]["responses"]
    for path, method, operation in operations(spec):
        bodies = [*operation.get("requestBody", {}).get("content", {}).values()]
        for response in operation["responses"].values():
            resolved = responses[response["$ref"].rsplit("/", 1)[1]] if "$ref" in response else response
            content = resolved.get("content", {})
            assert set(content) == {"application/vnd.api+json"}, f"{method} {path}"
            bodies.extend(content.values())
        assert any("example" in m or "examples" in m for m in bodies), f"{method} {path}"
        assert callable(getattr(LifecycleHandlers, operation["operationId"], None))


def test_creation_links_to_every_booking_operation(spec: dict[str, Any]) -> None:
    links = spec["paths"]["/api/v1/bookings/instant"]["post"]["responses"]["201"]["links"]
    linked = {link["operationId"] for link in links.values()}
    booking_operations = {
        operation["operationId"]
        for path, _, operation in operations(spec)
        if path.startswith("/api/v1/bookings/") and operation["operationId"] != "create_instant_booking"
    }
    # Invitations are answered by someone else than the creator, so creation does not link them.
    assert booking_operations - linked == {"accept_invite", "reject_invite"}


def test_documented_statuses_and_fields(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert schemas["Status"]["enum"] == [
        "reserved",
        "requested",
        "accepted",
        "invited",
        "rejected",
        "canceled",
        "expired",
    ]
    participant = schemas["EditParticipantsRequest"]["properties"]["participants"]["items"]["properties"]
    assert set(participant) == {"email", "name", "can_edit", "attending_virtually"}
    assert participant["email"]["maxLength"] == 200
    assert set(schemas["InstantBookingRequest"]["properties"]) == {
        "start_date",
        "end_date",
        "resource_id",
        "service_id",
    }
