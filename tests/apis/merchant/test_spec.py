"""The merchant spec itself: valid 3.0.3, every documented endpoint, examples, links."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from mockserver.apis.merchant.handlers import MerchantHandlers
from tests.specs import load_spec, operations, resolved


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec("merchant")


def test_is_valid_openapi_3_0_3(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.0.3"
    validate(spec)


def test_covers_every_documented_endpoint(spec: dict[str, Any]) -> None:
    documented = {
        ("/bookings/customer", "post"),
        ("/bookings/merchant", "post"),
        ("/bookings/customer/{booking_id}", "get"),
        ("/bookings/customer/{booking_id}", "delete"),
        ("/bookings/merchant/{booking_id}", "patch"),
        ("/bookings/merchant/{booking_id}", "delete"),
        ("/bookings/calendar/events", "get"),
    }
    assert {(path, method) for path, method, _ in operations(spec)} == documented


def test_every_operation_has_an_example_and_a_handler(spec: dict[str, Any]) -> None:
    for path, method, operation in operations(spec):
        media = [
            *(operation.get("requestBody", {}).get("content", {}).values()),
            *(r.get("content", {}).get("application/json", {}) for r in operation["responses"].values()),
        ]
        assert any("example" in m or "examples" in m for m in media), f"{method} {path}"
        assert callable(getattr(MerchantHandlers, operation["operationId"], None))


def test_documented_fields_are_in_the_schemas(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    assert set(schemas["CustomerBooking"]["required"]) == {
        "from_date",
        "to_date",
        "service_name",
        "cancel_deadline",
        "formatted_location",
        "price",
        "price_type",
        "merchant_name",
        "is_cancelled",
    }
    assert {"current_participants", "min_participants", "max_participants"} <= set(
        schemas["CustomerBooking"]["properties"]
    )
    assert set(schemas["RecurrenceRule"]["properties"]) == {"frequency", "interval", "weekdays", "until"}
    assert set(schemas["BlockedTime"]["properties"]) >= {"employee_id", "all_day", "icon", "blocked_type_id"}
    assert "timeStamp" in schemas["CustomerBookingRequest"]["properties"]
    assert "booking_id" in schemas["CustomerBookingRequest"]["properties"]


def test_creates_link_to_get_update_and_cancel(spec: dict[str, Any]) -> None:
    targets = set()
    for path in ("/bookings/customer", "/bookings/merchant"):
        links = spec["paths"][path]["post"]["responses"]["201"]["links"]
        targets |= {link["operationId"] for link in links.values()}
    assert targets == {
        "get_booking_by_customer",
        "cancel_booking_by_customer",
        "update_booking_by_merchant",
        "cancel_booking_by_merchant",
    }


def test_errors_are_the_vendors_error_body_with_the_documented_statuses(spec: dict[str, Any]) -> None:
    for path, method, operation in operations(spec):
        names_an_entity = path != "/bookings/calendar/events"
        for status in ("400", "401", "403", "404") if names_an_entity else ("400", "401", "403"):
            assert status in operation["responses"], f"{method} {path} {status}"
        for status, response in operation["responses"].items():
            if not status.startswith("2"):
                answer = resolved(spec, response)
                assert list(answer["content"]) == ["application/json"], f"{method} {path} {status}"
