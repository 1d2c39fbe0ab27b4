"""The Bardge reseller API V3's words: tokens, statuses, error codes and the error body.

Every error is a ``ResellerV3ErrorResponse``: ``object: "error"``, the HTTP
status, one stable ``code`` (``permission_denied``, ``not_found``,
``invalid_request``, ``slot_unavailable``, ``class_full``,
``idempotency_conflict``, …), a message, and ``errors``, one ``ErrorDetail``
per problem naming the parameter at fault. A second cancel is
``permission_denied``, as the document says.
"""

from __future__ import annotations

from typing import Any

from mockserver.apis.tokens import KEY_FORM, Credentials, parse_token, token_pattern
from mockserver.domain.kernel.errors import (
    AccessDenied,
    AlreadyCancelled,
    CapacityExhausted,
    Conflict,
    DomainError,
    DuplicateBooking,
    Expired,
    InvalidInput,
    NotAuthenticated,
    NotCancelable,
    NotEditable,
    NotFound,
    PaymentRequired,
    SandboxLimitReached,
    SlotUnavailable,
    StorageUnavailable,
    VerificationFailed,
)
from mockserver.domain.kernel.idempotency import IdempotencyConflict
from mockserver.http.adapter import (
    CoverageWords,
    DomainErrorTable,
    ErrorReport,
    domain_report,
    protocol_report,
)
from mockserver.http.fidelity.variation import ApiVariation

API_NAME = "bardge-v3"
MOUNT = "/bardge/v3"

# "reseller.<reseller slug>.<sandbox key>"
TOKEN_PATTERN = token_pattern("reseller")

# What the documents leave open (``serve --vendor-only --vary``): integer ids (providers, passes,
# packages, issuers, categories, and a cursor naming one) and instants' offsets and fractions.
# Lists page by cursor, so their order stays: a cursor names the last item of a page.
VARIED = ApiVariation(
    id_fields=frozenset(
        {"id", "provider_id", "pass_id", "package_id", "issuer_id", "category_id", "starting_after"}
    ),
    embedded_ids=("package_",),
    offsets=True,
    error_codes=(("code",), ("errors", "*", "code")),
    # "cancelling an already-cancelled booking returns a permission_denied error"
    documented_codes=frozenset({"permission_denied"}),
)


# How a coverage report reads this API's answers: where an error names itself, and which of
# the contract kit's inventory rules each domain refusal is.
COVERAGE = CoverageWords(
    error_code_at=(("code",),),
    rules={
        "capacity_exhausted": "BG-CAPACITY",
        "duplicate_booking": "BG-DUPLICATE",
        "already_cancelled": "BG-CANCEL-IDEMPOTENT",
        "expired": "BG-HOLD-EXPIRES",
        "verification_failed": "BG-VERIFIED-CLIENT",
        "invalid_transition": "BG-CANCEL-IRREVERSIBLE",
    },
)


def credentials(token: str) -> Credentials | None:
    return parse_token(TOKEN_PATTERN, token)


# Most specific first: the first class an error is an instance of decides.
_DOMAIN_ERRORS: DomainErrorTable = (
    (SandboxLimitReached, 503, "sandbox_limit"),
    (StorageUnavailable, 503, "unavailable"),
    (NotAuthenticated, 401, "authentication_required"),
    (AccessDenied, 403, "permission_denied"),
    (AlreadyCancelled, 403, "permission_denied"),
    (NotCancelable, 403, "permission_denied"),
    (NotFound, 404, "not_found"),
    (IdempotencyConflict, 409, "idempotency_conflict"),
    (CapacityExhausted, 409, "class_full"),
    (SlotUnavailable, 409, "slot_unavailable"),
    (DuplicateBooking, 409, "duplicate_booking"),
    (NotEditable, 409, "invalid_state"),
    (Expired, 410, "expired"),
    (PaymentRequired, 402, "payment_required"),
    (VerificationFailed, 422, "verification_failed"),
    (InvalidInput, 400, "invalid_request"),
    (Conflict, 409, "conflict"),
)

_PROTOCOL = {
    400: ("invalid_request", "the request is malformed"),
    401: ("authentication_required", "missing or invalid API token"),
    403: ("permission_denied", "not allowed"),
    404: ("not_found", "no such endpoint"),
    405: ("method_not_allowed", "method not allowed"),
    408: ("request_timeout", "request timeout"),
    406: ("not_acceptable", "only application/json responses are available"),
    413: ("payload_too_large", "request body is too large"),
    415: ("unsupported_media_type", "request body must be application/json"),
    429: ("rate_limited", "too many requests"),
    431: ("request_header_fields_too_large", "request header fields too large"),
    500: ("internal_error", "internal error"),
    502: ("bad_gateway", "bad gateway"),
    503: ("service_unavailable", "service unavailable"),
    504: ("gateway_timeout", "gateway timeout"),
}


class BardgeAdapter:
    name = API_NAME
    mount = MOUNT
    error_media_type = "application/json"
    request_id_header = True
    token_form = f"a token here is reseller.<reseller slug>.<sandbox key> ({KEY_FORM})"

    def report_domain_error(self, error: DomainError) -> ErrorReport:
        return domain_report(_DOMAIN_ERRORS, error, otherwise=(400, "invalid_request"))

    def report_protocol_error(self, status: int, detail: str | None) -> ErrorReport:
        return protocol_report(_PROTOCOL, status, detail)

    def error_body(self, report: ErrorReport) -> dict[str, Any]:
        code = report.code or "error"
        details = [{"code": code, "message": p.message, "param": p.field} for p in report.problems]
        return {
            "object": "error",
            "status": report.status,
            "code": code,
            "message": report.message,
            "errors": details or [{"code": code, "message": report.message, "param": None}],
        }

    def auth_challenge(self) -> str:
        return 'Bearer realm="bardge"'

    def sandbox_key(self, token: str) -> str | None:
        found = credentials(token)
        return None if found is None else found.sandbox_key
