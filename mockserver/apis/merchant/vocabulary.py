"""The merchant API's words: tokens, error statuses and codes, field names.

The pages give status codes but no error body; the vendor's backend answers
``{"error": {"message": "…"}}`` (docs/fidelity.md), and so does the sandbox, adding a
stable ``code`` and, for bad input, ``invalid_params`` inside ``error``. Which domain
error gets which status and code is decided here and nowhere else.
"""

from __future__ import annotations

from typing import Any

from mockserver.apis.tokens import KEY_FORM, Credentials, parse_token, token_pattern
from mockserver.domain.kernel.errors import (
    AccessDenied,
    AlreadyCancelled,
    CapacityExhausted,
    Conflict,
    DeadlinePassed,
    DomainError,
    DuplicateBooking,
    NotAuthenticated,
    NotFound,
    SandboxLimitReached,
    SlotUnavailable,
    StorageUnavailable,
)
from mockserver.domain.kernel.model import BookingStatus
from mockserver.http.adapter import DETAILED, CoverageWords, DomainErrorTable, ErrorReport, domain_report
from mockserver.http.fidelity.variation import ApiVariation

API_NAME = "merchant"
MOUNT = "/merchant"

# "<role>.<merchant url name or customer uuid>.<sandbox key>"
TOKEN_PATTERN = token_pattern("merchant", "customer")


def credentials(token: str) -> Credentials | None:
    return parse_token(TOKEN_PATTERN, token)


# Booking and participant statuses in the vendor's words (its backend's types.BookingStatus:
# booked, confirmed, completed, cancelled, no-show; docs/fidelity.md).
STATUS_TO_WIRE = {
    BookingStatus.HELD: "booked",
    BookingStatus.PENDING: "booked",
    BookingStatus.INVITED: "booked",
    BookingStatus.CONFIRMED: "confirmed",
    BookingStatus.COMPLETED: "completed",
    BookingStatus.CANCELLED: "cancelled",
    BookingStatus.REJECTED: "cancelled",
    BookingStatus.EXPIRED: "no-show",
}

# Core field names as each operation spells them on the wire.
# What the sandbox adds inside the vendor's error body (``serve --vendor-only`` takes it out).
SANDBOX_ONLY_FIELDS = ("error.code", "error.invalid_params")

# What the documents leave open (``serve --vendor-only --vary``): integer ids (the new booking's
# header among them), the calendar's order, and instants' offsets ("the sandbox answers in UTC"
# is the sandbox's habit, not the vendor's word).
VARIED = ApiVariation(
    id_fields=frozenset(
        {"id", "booking_id", "service_id", "location_id", "employee_id", "series_id", "blocked_type_id"}
    ),
    id_headers=frozenset({"x-booking-id"}),
    unordered_lists=("bookings", "blocked_times"),
    offsets=True,
    # Not customer_note, first_name, last_name or employee_id: a calendar participant and a
    # blocked time require them, null or not.
    optional_fields=frozenset(
        {
            "cancelled_by_merchant_on",
            "cancellation_reason",
            "merchant_note",
            "phone_number",
            "series_id",
            "icon",
            "blocked_type_id",
        }
    ),
    error_codes=(("error", "code"),),
)


# How a coverage report reads this API's answers: where an error names itself, and which of
# the contract kit's inventory rules each domain refusal is.
COVERAGE = CoverageWords(
    error_code_at=(("error", "code"), ("error", "message")),
    detail_after=": ",  # a message read where a (vendor's) answer has no code
    rules={
        "capacity_exhausted": "MR-CAPACITY",
        "slot_unavailable": "MR-SLOT-TAKEN",
        "deadline_passed": "MR-DEADLINE",
        "already_cancelled": "MR-CANCEL-ONCE",
        "access_denied": "MR-FORBIDDEN",
        "duplicate_booking": "MR-GROUP-JOIN",
    },
)

CUSTOMER_CREATE_FIELDS = {"starts_at": "timeStamp"}
MERCHANT_CREATE_FIELDS = {"starts_at": "timestamp", "phone": "phone_number"}
UPDATE_FIELDS = {"starts_at": "from_date", "ends_at": "to_date"}

# Most specific first: the first class an error is an instance of decides.
_DOMAIN_ERRORS: DomainErrorTable = (
    (SandboxLimitReached, 503, "sandbox_limit"),
    (StorageUnavailable, 503, "unavailable"),
    (NotAuthenticated, 401, "unauthorized"),
    (AccessDenied, 403, "forbidden"),
    (NotFound, 404, "not_found"),
    (CapacityExhausted, 409, "capacity_reached"),
    (DuplicateBooking, 409, "already_booked"),
    (SlotUnavailable, 409, "slot_unavailable"),
    (DeadlinePassed, 409, "deadline_passed"),
    (AlreadyCancelled, 409, "already_cancelled"),
    (Conflict, 409, "conflict"),
)

_PROTOCOL_CODES = {
    400: "invalid_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "too_many_requests",
    431: "request_header_fields_too_large",
    500: "internal_error",
    502: "bad_gateway",
    503: "service_unavailable",
    504: "gateway_timeout",
}
_PROTOCOL_DETAILS = {
    401: "missing or invalid token",
    404: "not found",
    405: "method not allowed",
    406: "not acceptable",
    408: "request timeout",
    413: "request body is too large",
    415: "request body must be application/json",
    429: "too many requests",
    431: "request header fields too large",
    500: "internal error",
    502: "bad gateway",
    503: "service unavailable",
    504: "gateway timeout",
}


class MerchantAdapter:
    name = API_NAME
    mount = MOUNT
    error_media_type = "application/json"
    request_id_header = False
    token_form = (
        f"a token here is merchant.<merchant url name>.<sandbox key> "
        f"or customer.<customer uuid>.<sandbox key> ({KEY_FORM})"
    )

    def report_domain_error(self, error: DomainError) -> ErrorReport:
        return domain_report(_DOMAIN_ERRORS, error, otherwise=(400, "invalid_request"))

    def report_protocol_error(self, status: int, detail: str | None) -> ErrorReport:
        code = _PROTOCOL_CODES.get(status, "error")
        if status == 400:
            return ErrorReport(400, f"invalid request: {detail}" if detail else "invalid request", code=code)
        if status in DETAILED and detail:
            return ErrorReport(status, detail, code=code)
        return ErrorReport(status, _PROTOCOL_DETAILS.get(status, "request failed"), code=code)

    def error_body(self, report: ErrorReport) -> dict[str, Any]:
        error: dict[str, Any] = {"message": report.message, "code": report.code or "error"}
        if report.problems:
            error["invalid_params"] = [{"name": p.field, "reason": p.message} for p in report.problems]
        return {"error": error}

    def auth_challenge(self) -> str:
        return 'Bearer realm="merchant"'

    def sandbox_key(self, token: str) -> str | None:
        found = credentials(token)
        return None if found is None else found.sandbox_key
