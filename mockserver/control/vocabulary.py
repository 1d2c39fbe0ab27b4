"""The control API's words: RFC 7807 problem details with a stable ``code``."""

from __future__ import annotations

from typing import Any

from mockserver.control.keys import KEY_WORDS, sandbox_key_of
from mockserver.domain.kernel.errors import (
    Busy,
    ClockBackwards,
    Conflict,
    DomainError,
    InvalidInput,
    Leased,
    NotAuthenticated,
    NotFound,
    SandboxLimitReached,
    ScenarioUnavailable,
    StorageUnavailable,
)
from mockserver.http.adapter import (
    DomainErrorTable,
    ErrorReport,
    domain_report,
    problem_details,
    protocol_report,
)

API_NAME = "sandbox-control"
MOUNT = "/_sandbox"
MEDIA_TYPE = "application/problem+json"
PAGES = ("/dashboard", "/ui")
"""Under the mount, served by the dashboard and the spec's Swagger UI rather than its routes."""

_DOMAIN_ERRORS: DomainErrorTable = (
    (SandboxLimitReached, 503, "sandbox_limit"),
    (StorageUnavailable, 503, "unavailable"),
    (NotAuthenticated, 401, "unauthenticated"),
    (NotFound, 404, "not_found"),
    (Busy, 429, "too_many_sends"),
    (ClockBackwards, 409, "clock_backwards"),
    (ScenarioUnavailable, 409, "scenario_unavailable"),
    (Leased, 409, "leased"),
    (Conflict, 409, "conflict"),
    (InvalidInput, 422, "invalid_input"),
)

_PROTOCOL = {
    400: ("invalid_request", "malformed request"),
    401: (
        "unauthenticated",
        "send Authorization: Bearer <any token of your sandbox, or its sandbox key>"
        f" (a sandbox key is {KEY_WORDS})",
    ),
    404: ("not_found", "no such control endpoint"),
    405: ("method_not_allowed", "method not allowed"),
    408: ("request_timeout", "request timeout"),
    406: ("not_acceptable", "only application/json responses are available"),
    413: ("payload_too_large", "request body is too large"),
    415: ("unsupported_media_type", "request body must be application/json"),
    431: ("request_header_fields_too_large", "request header fields too large"),
    500: ("internal_error", "internal error"),
    503: ("service_unavailable", "service unavailable"),
}


class ControlAdapter:
    name = API_NAME
    mount = MOUNT
    error_media_type = MEDIA_TYPE
    request_id_header = False
    token_form = (
        f"a token here is any token of your sandbox, or its sandbox key (a sandbox key is {KEY_WORDS})"
    )

    def report_domain_error(self, error: DomainError) -> ErrorReport:
        return domain_report(_DOMAIN_ERRORS, error, otherwise=(409, error.code))

    def report_protocol_error(self, status: int, detail: str | None) -> ErrorReport:
        if status == 405 and detail:  # which methods the path takes (PUT imports a state, not POST)
            return ErrorReport(405, detail, code=_PROTOCOL[405][0])
        return protocol_report(_PROTOCOL, status, detail)

    def error_body(self, report: ErrorReport) -> dict[str, Any]:
        return problem_details(report)

    def auth_challenge(self) -> str:
        return 'Bearer realm="booking-sandbox control"'

    def sandbox_key(self, token: str) -> str | None:
        return sandbox_key_of(token)  # any token of a sandbox, or its bare key
