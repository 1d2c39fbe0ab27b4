"""The customer booking lifecycle API's words: tokens, statuses, error statuses and codes.

The document follows JSON-API conventions, so every error is a JSON-API error
document (``{"errors": [{"status", "code", "title", "detail", "source"}]}``)
served as ``application/vnd.api+json``; rule failures are 422 with the
document's titles ("booking not cancelable", "slot unavailable").
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

from mockserver.apis.tokens import KEY_FORM, Credentials, parse_token, token_pattern
from mockserver.domain.kernel.errors import (
    AccessDenied,
    CapacityExhausted,
    Conflict,
    DomainError,
    InvalidTransition,
    NoOpenInvitation,
    NotAuthenticated,
    NotCancelable,
    NotEditable,
    NotFound,
    SandboxLimitReached,
    SlotUnavailable,
    StatusBound,
    StorageUnavailable,
)
from mockserver.domain.kernel.model import BookingStatus
from mockserver.http.adapter import (
    CoverageWords,
    DomainErrorTable,
    ErrorReport,
    domain_report,
    protocol_report,
)
from mockserver.http.fidelity.variation import ApiVariation

API_NAME = "lifecycle"
MOUNT = "/lifecycle"
MEDIA_TYPE = "application/vnd.api+json"

# "customer.<customer uuid>.<sandbox key>", or "terminal.<terminal name>.<sandbox key>"
TOKEN_PATTERN = token_pattern("customer", "terminal")

STATUS_WORDS = {
    BookingStatus.HELD: "reserved",
    BookingStatus.PENDING: "requested",
    BookingStatus.CONFIRMED: "accepted",
    BookingStatus.INVITED: "invited",
    BookingStatus.REJECTED: "rejected",
    BookingStatus.CANCELLED: "canceled",
    BookingStatus.EXPIRED: "expired",
    # Checked-in bookings have no word in this API; the sandbox never produces them here.
    BookingStatus.COMPLETED: "accepted",
}


def credentials(token: str) -> Credentials | None:
    return parse_token(TOKEN_PATTERN, token)


# Core field names as this API spells them on the wire.
FIELD_NAMES = {"starts_at": "start_date", "ends_at": "end_date"}

# What the documents leave open (``serve --vendor-only --vary``): the order of the services and
# of a day's open slots (a top-level ``data`` list; a form's fields are documented in order).
# Ids are uuids and instants documented in UTC, so they stay.
VARIED = ApiVariation(unordered_lists=("data",), error_codes=(("errors", "*", "code"),))


# How a coverage report reads this API's answers: where an error names itself, and which of
# the contract kit's inventory rules each domain refusal is.
COVERAGE = CoverageWords(
    error_code_at=(("errors", 0, "code"),),
    rules={
        "slot_unavailable": "LC-SLOT-UNAVAILABLE",
        "not_cancelable": "LC-CANCELABLE-STATUSES",
        "not_editable": "LC-EDIT-ACCEPTED-ONLY",
        "access_denied": "LC-OWNER-ONLY",
        "no_open_invitation": "LC-INVITATIONS",
        "deadline_passed": "LC-NO-CANCEL-AFTER-START",
    },
)

# Most specific first: the first class an error is an instance of decides.
_DOMAIN_ERRORS: DomainErrorTable = (
    (SandboxLimitReached, 503, "sandbox_limit"),
    (StorageUnavailable, 503, "unavailable"),
    (NotAuthenticated, 401, "unauthenticated"),
    (AccessDenied, 403, "unauthorized"),
    (NotFound, 404, "booking_not_found"),
    (NotCancelable, 422, "booking_not_cancelable"),
    (NotEditable, 422, "booking_not_editable"),
    (SlotUnavailable, 422, "slot_unavailable"),
    (CapacityExhausted, 422, "capacity_reached"),
    (NoOpenInvitation, 422, "no_open_invitation"),
    (InvalidTransition, 422, "invalid_status_transition"),
    (Conflict, 422, "conflict"),
)

_PROTOCOL = {
    400: ("bad_request", "malformed request"),
    401: ("unauthenticated", "missing or invalid token"),
    403: ("unauthorized", "not allowed"),
    404: ("not_found", "not found"),
    405: ("method_not_allowed", "method not allowed"),
    408: ("request_timeout", "request timeout"),
    406: ("not_acceptable", "not acceptable"),
    413: ("payload_too_large", "request body is too large"),
    415: ("unsupported_media_type", "request body must be application/json"),
    429: ("too_many_requests", "too many requests"),
    431: ("request_header_fields_too_large", "request header fields too large"),
    500: ("internal_error", "internal error"),
    502: ("bad_gateway", "bad gateway"),
    503: ("service_unavailable", "service unavailable"),
    504: ("gateway_timeout", "gateway timeout"),
}


class LifecycleAdapter:
    name = API_NAME
    mount = MOUNT
    error_media_type = MEDIA_TYPE
    request_id_header = False
    token_form = (
        f"a token here is customer.<customer uuid>.<sandbox key> "
        f"or terminal.<terminal name>.<sandbox key> ({KEY_FORM})"
    )

    def report_domain_error(self, error: DomainError) -> ErrorReport:
        message = error.message
        if isinstance(error, StatusBound) and error.status is not None:
            message = f"{message}: the booking is {STATUS_WORDS[BookingStatus(error.status)]}"
        if isinstance(error, NotFound) and error.entity != "booking":
            return ErrorReport(404, message, error.problems, f"{error.entity.replace(' ', '_')}_not_found")
        return domain_report(_DOMAIN_ERRORS, error, otherwise=(422, "invalid_attribute"), message=message)

    def report_protocol_error(self, status: int, detail: str | None) -> ErrorReport:
        return protocol_report(_PROTOCOL, status, detail)

    def error_body(self, report: ErrorReport) -> dict[str, Any]:
        title = HTTPStatus(report.status).phrase
        base = {"status": str(report.status), "code": report.code or "error", "title": title}
        if not report.problems:
            return {"errors": [{**base, "detail": report.message}]}
        return {
            "errors": [
                {**base, "detail": f"{report.message}: {p.message}", "source": {"pointer": _pointer(p.field)}}
                for p in report.problems
            ]
        }

    def auth_challenge(self) -> str:
        return 'Bearer realm="lifecycle"'

    def sandbox_key(self, token: str) -> str | None:
        found = credentials(token)
        return None if found is None else found.sandbox_key


def _pointer(field: str) -> str:
    """A JSON pointer into the request body for a field path like ``participants[1].email``."""
    return "/" + re.sub(r"\[(\d+)\]", r"/\1", field).replace(".", "/")
