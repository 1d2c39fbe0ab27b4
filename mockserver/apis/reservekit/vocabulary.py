"""ReserveKit's words: statuses, error messages and field names.

The adapter (``ReserveKitAdapter``) is the only place that knows ReserveKit
answers every broken booking rule with 400 and a lowercase message, and what
each core field is called on its wire.
"""

from __future__ import annotations

import re
from typing import Any

from mockserver.domain.kernel.errors import (
    CapacityExhausted,
    DomainError,
    DuplicateBooking,
    NotFound,
    SandboxLimitReached,
    StorageUnavailable,
)
from mockserver.domain.kernel.model import BookingStatus
from mockserver.http.adapter import DETAILED, CoverageWords, ErrorReport
from mockserver.http.fidelity.variation import ApiVariation

API_NAME = "reservekit-v1"
MOUNT = "/reservekit"

# "sk_rsv_" then a secret; the bounds keep garbage out of the tenant table.
API_KEY_PREFIX = "sk_rsv_"
API_KEY_LONGEST = len(API_KEY_PREFIX) + 120
API_KEY_PATTERN = re.compile(rf"^{API_KEY_PREFIX}[A-Za-z0-9_]{{8,{API_KEY_LONGEST - len(API_KEY_PREFIX)}}}$")

STATUS_TO_WIRE = {
    BookingStatus.PENDING: "pending",
    BookingStatus.CONFIRMED: "confirmed",
    BookingStatus.CANCELLED: "cancelled",
    # ReserveKit has no "completed": a visit that happened stays confirmed.
    BookingStatus.COMPLETED: "confirmed",
}
STATUS_FROM_WIRE = {
    "pending": BookingStatus.PENDING,
    "confirmed": BookingStatus.CONFIRMED,
    "cancelled": BookingStatus.CANCELLED,
}

# Webhook events as the vendor's webhooks guide names them; a cancel is an update.
CREATED, UPDATED, DELETED = "bookings.create", "bookings.update", "bookings.delete"

# Core field names as ReserveKit spells them when creating a booking.
# What the sandbox adds to the vendor's answers (``serve --vendor-only`` takes it out): the
# places left on a date it infers for a time slot, and per-field problems on a 400.
SANDBOX_ONLY_FIELDS = ("data.time_slots.*.date", "data.time_slots.*.available_bookings", "details")

# What the documents leave open (``serve --vendor-only --vary``): integer ids, and the order of
# the services and time slots lists (only a service's bookings are documented oldest first).
# Instants are documented in UTC with microseconds, so they stay.
VARIED = ApiVariation(
    id_fields=frozenset({"id", "service_id", "time_slot_id"}),
    unordered_lists=("data.services", "data.time_slots"),
    optional_fields=frozenset({"message", "cancel_reason"}),
    inferred_fields=frozenset({"customer_id", "user_id", "version", "provider_id"}),
)


# How a coverage report reads this API's answers: where an error names itself, and which of
# the contract kit's inventory rules each domain refusal is.
COVERAGE = CoverageWords(
    error_code_at=(("error",),),
    detail_after=": ",
    rules={
        "capacity_exhausted": "RK-CAPACITY-FULL",
        "duplicate_booking": "RK-DUPLICATE",
        "invalid_transition": "RK-STATUS-FORWARD",
        "already_cancelled": "RK-CANCEL-ONCE",
        "not_found": "RK-NOT-FOUND",
        "not_authenticated": "RK-AUTH-BEARER",
    },
)

CREATE_FIELDS = {"name": "customer_name", "email": "customer_email", "phone": "customer_phone"}

_PROTOCOL_MESSAGES = {
    400: "invalid request",
    401: "missing or invalid API key",
    404: "not found",
    405: "method not allowed",
    406: "not acceptable",
    408: "request timeout",
    413: "request body is too large",
    415: "request body must be application/json",
    429: "rate limit exceeded",
    431: "request header fields too large",
    500: "internal error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}


class ReserveKitAdapter:
    name = API_NAME
    mount = MOUNT
    error_media_type = "application/json"
    request_id_header = False
    token_form = "an API key here is sk_rsv_ and 8 to 120 letters, digits or _ (any such key opens a sandbox)"

    def report_domain_error(self, error: DomainError) -> ErrorReport:
        if isinstance(error, NotFound):
            return ErrorReport(404, f"{error.entity} not found")
        if isinstance(error, CapacityExhausted):
            return ErrorReport(400, "time slot is full", error.problems)
        if isinstance(error, DuplicateBooking):
            return ErrorReport(400, "duplicate booking", error.problems)
        if isinstance(error, (SandboxLimitReached, StorageUnavailable)):
            return ErrorReport(503, error.message)
        # ReserveKit documents no 409/422: every other broken rule is a 400.
        return ErrorReport(400, error.message, error.problems)

    def report_protocol_error(self, status: int, detail: str | None) -> ErrorReport:
        message = _PROTOCOL_MESSAGES.get(status, "request failed")
        if status == 400 and detail:
            return ErrorReport(400, f"invalid request: {detail}")
        if status in DETAILED and detail:
            return ErrorReport(status, detail)
        return ErrorReport(status, message)

    def error_body(self, report: ErrorReport) -> dict[str, Any]:
        # The vendor's envelope (its SDK's and swagger's): `data` null beside the message.
        body: dict[str, Any] = {"data": None, "error": report.message}
        if report.problems:
            body["details"] = [{"field": p.field, "message": p.message} for p in report.problems]
        return body

    def auth_challenge(self) -> str:
        return 'Bearer realm="reservekit"'

    def sandbox_key(self, token: str) -> str | None:
        # A ReserveKit key is its sandbox's key, whole.
        return token if API_KEY_PATTERN.match(token) else None
