"""The Bardge spec: valid 3.0.3, every menu item an operation, every listed schema, examples, links."""

from __future__ import annotations

from typing import Any

import pytest
from openapi_spec_validator import validate

from mockserver.apis.bardge.handlers import BardgeHandlers
from tests.specs import load_spec, operations

MENU_SCHEMAS = [
    "PasscodeV3Request",
    "PurchaseSpaCoPayV3Request",
    "LookupInitiateV3Request",
    "ResellerV3PasscodeResponse",
    "ErrorDetail",
    "ResellerV3ErrorResponse",
    "LookupV3Response",
    "ResellerV3SpaCoPayPurchaseResponse",
    "LookupVerifyV3Request",
    "SpaCoPayQuoteV3Request",
    "IssuePassV3Request",
    "PassRef",
    "ResellerV3SpaCoPayQuoteResponse",
    "CategoryDetails",
    "ResellerV3IssuedPassResponse",
    "UpdateIssuedPassExpiryV3Request",
    "ResellerV3IssuedPassMessageResponse",
    "UpdateLookupEnabledRequest",
    "UpdateIssuedPassV3Request",
    "PurchaseGymCoPayV3Request",
    "PurchaseCoPayPackageV3Request",
    "PurchaseCreditsV3Request",
    "ResellerV3GymCoPayPurchaseResponse",
    "ResellerV3CreditPurchaseResponse",
    "ResellerV3CoPayPurchaseResponse",
    "RescheduleBookingV3Request",
    "RefundInfo",
    "PasscodeInfo",
    "ResellerV3BookingResponse",
    "BookSpaV3Request",
    "ResellerV3SpaBookingInitiateResponse",
    "BookClassV3Request",
    "CopayOption",
    "ResellerV3ProviderResponse",
    "ResellerV3ClassBookingInitiateResponse",
    "ResellerV3ServiceResponse",
    "ConfirmClassBookingV3Request",
    "ResellerV3SpaResponse",
    "AccessCodeV3Request",
    "ServicePreview",
    "ResellerV3AccessCodeResponse",
    "ResellerV3ListResponse",
    "ResellerV3AccessCodeSessionResponse",
    "ResellerV3AvailabilityResponse",
    "ConfirmAccessCodeV3Request",
    "ResellerV3ClientResponse",
    "CategoryDetail",
    "ResellerV3CreditsResponse",
    "ResellerV3PassResponse",
    "ResellerV3ClassInstanceResponse",
    "ResellerV3ClassResponse",
    "ResellerV3BookingStatusResponse",
]

# The menu's operations (summaries as the menu names them, or the operation the section implies).
MENU = {
    "list_passes", "issue_pass", "update_user_pass", "update_user_pass_expiry", "get_user_pass",
    "list_providers", "list_pass_providers", "generate_access_code",
    "list_class_categories", "list_classes", "get_class", "initiate_class_booking", "confirm_class_booking",
    "initiate_spa_booking", "confirm_spa_booking", "list_client_bookings", "get_booking_status", "cancel_booking",
    "purchase_credits", "list_credit_packages",
    "list_issuers", "initiate_lookup", "verify_lookup", "get_client", "get_client_credits",
}  # fmt: skip


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    return load_spec("bardge-v3")


def test_is_valid_openapi_3_0_3(spec: dict[str, Any]) -> None:
    assert spec["openapi"] == "3.0.3"
    validate(spec)


def test_every_menu_item_and_schema_is_there(spec: dict[str, Any]) -> None:
    ids = {op["operationId"] for _, _, op in operations(spec)}
    assert ids >= MENU
    assert set(MENU_SCHEMAS) <= set(spec["components"]["schemas"])
    assert ("/bookings/spa", "post") in {(path, method) for path, method, _ in operations(spec)}
    assert ("/bookings/class", "post") in {(path, method) for path, method, _ in operations(spec)}


def test_every_operation_has_a_handler_an_example_and_says_what_is_inferred(spec: dict[str, Any]) -> None:
    for path, method, op in operations(spec):
        assert callable(getattr(BardgeHandlers, op["operationId"], None)), op["operationId"]
        success = next(r for code, r in op["responses"].items() if code.startswith("2"))
        assert "example" in success["content"]["application/json"], (path, method)
        if path not in ("/bookings/spa", "/bookings/class"):
            assert "nferred" in op["description"], (path, method)


def test_creations_link_to_their_follow_ups(spec: dict[str, Any]) -> None:
    links = spec["paths"]["/bookings/class"]["post"]["responses"]["201"]["links"]
    assert {"ConfirmClassBooking", "GetBookingStatus", "CancelBooking"} <= set(links)
    assert "VerifyLookup" in spec["paths"]["/lookup"]["post"]["responses"]["201"]["links"]
