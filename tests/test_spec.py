"""The ReserveKit spec itself: valid 3.0.3, complete, and usable for stateful testing."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from mockserver.apis.reservekit.handlers import ReserveKitHandlers
from tests.specs import load_spec, operations


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec("reservekit-v1")


def test_is_valid_openapi_3_0_3(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.0.3"
    validate(spec)


def test_covers_every_documented_endpoint(spec: dict[str, Any]) -> None:
    documented = {
        ("/v1/bookings", "post"),
        ("/v1/bookings", "get"),
        ("/v1/bookings/{bookingID}", "get"),
        ("/v1/bookings/{bookingID}", "patch"),
        ("/v1/bookings/{bookingID}", "delete"),
        ("/v1/bookings/{bookingID}/customer", "get"),
        ("/v1/bookings/{bookingID}/customer", "patch"),
        ("/v1/time-slots", "get"),
    }
    assert documented <= {(path, method) for path, method, _ in operations(spec)}


def test_every_operation_has_an_example_and_a_handler(spec: dict[str, Any]) -> None:
    for path, method, operation in operations(spec):
        success = next(r for code, r in operation["responses"].items() if code.startswith("2"))
        media = success["content"]["application/json"]
        assert "example" in media or "examples" in media, f"{method} {path}"
        assert callable(getattr(ReserveKitHandlers, operation["operationId"], None))


def test_operations_name_their_source(spec: dict[str, Any]) -> None:
    """What the guide does not show comes from a vendor publication, or says it is inferred."""
    for path in ("/v1/services", "/v1/services/{serviceID}", "/v1/services/{serviceID}/time-slots"):
        assert "vendor" in spec["paths"][path]["get"]["description"]
    read_one = spec["paths"]["/v1/time-slots/{timeSlotID}"]["get"]
    assert "inferred" in (read_one["summary"] + read_one["description"]).lower()


def test_create_links_to_get_update_and_delete(spec: dict[str, Any]) -> None:
    links = spec["paths"]["/v1/bookings"]["post"]["responses"]["201"]["links"]
    targets = {link["operationId"] for link in links.values()}
    assert {"get_booking", "update_booking", "delete_booking"} <= targets


def test_documented_error_messages_are_in_the_spec(spec: dict[str, Any]) -> None:
    text = yaml.safe_dump(spec)
    for message in ("time slot is full", "duplicate booking", "booking not found", "rate limit exceeded"):
        assert message in text
