"""What the HTTP layer needs from each API's adapter.

An adapter owns one API's vocabulary: which status each domain error gets,
how its error body looks, and how protocol failures (bad JSON, no key, unknown
route) are worded. Everything else about an API lives in its own package.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Protocol

from mockserver.domain.kernel.errors import DomainError, FieldProblem


@dataclass(frozen=True)
class ErrorReport:
    status: int
    message: str
    problems: tuple[FieldProblem, ...] = ()
    code: str | None = None
    """A stable machine-readable name, for APIs whose error bodies carry one."""


class ApiAdapter(Protocol):
    name: str
    """The API's short name, e.g. ``reservekit-v1``."""
    mount: str
    """Where the API is served when several share one server, e.g. ``/reservekit``."""
    error_media_type: str
    """The Content-Type of the API's error bodies."""
    request_id_header: bool
    """Whether every response carries an ``X-Request-Id`` (the APIs that document one)."""
    token_form: str
    """What a token of this API looks like: told a caller whose token is not of it, in the
    401's ``WWW-Authenticate`` (RFC 6750's ``error_description``), the body staying the API's."""

    def report_domain_error(self, error: DomainError) -> ErrorReport:
        """The status and wording for a broken domain rule."""
        ...

    def report_protocol_error(self, status: int, detail: str | None) -> ErrorReport:
        """The status and wording for a failure before the domain was reached."""
        ...

    def error_body(self, report: ErrorReport) -> dict[str, Any]:
        """The API's documented error body."""
        ...

    def auth_challenge(self) -> str:
        """The ``WWW-Authenticate`` value sent with a 401."""
        ...

    def sandbox_key(self, token: str) -> str | None:
        """The sandbox key a bearer token of this API's form carries; None where the token is
        not of its form (the API answers it 401 before any sandbox is opened)."""
        ...


@dataclass(frozen=True)
class CoverageWords:
    """How a coverage report reads one API's answers (``COVERAGE`` in each vocabulary)."""

    error_code_at: tuple[tuple[str | int, ...], ...]
    """Where an error body names its code or message; the first path that holds text wins."""
    rules: Mapping[str, str]
    """Domain error codes, each the contract kit's inventory rule that refused the request."""
    detail_after: str | None = None
    """Where an error's text is its kind, then the request's own words after this (ReserveKit's
    ``invalid request: Extra query parameter(s) x not in spec``): the kind alone is the error.
    Whole, a fuzzer's every spelling was an error of its own, a row kept past the journal's limit."""

    def error_code(self, body: Any) -> str | None:
        for path in self.error_code_at:
            node = body
            for step in path:
                node = _step(node, step)
            if isinstance(node, str) and node:
                kind = node.split(self.detail_after, 1)[0] if self.detail_after else node
                return kind[:200]
        return None


def _step(node: Any, step: str | int) -> Any:
    """``node[step]`` where it has one, else None."""
    if isinstance(step, int):
        return node[step] if isinstance(node, list) and len(node) > step else None
    return node.get(step) if isinstance(node, dict) else None


DomainErrorTable = Sequence[tuple[type[DomainError], int, str]]
"""An API's ``(error class, status, code)`` rows; the first class the error is an instance of wins."""


def domain_report(
    table: DomainErrorTable,
    error: DomainError,
    *,
    otherwise: tuple[int, str | None],
    message: str | None = None,
) -> ErrorReport:
    """A broken domain rule worded from an API's table; ``otherwise`` is the status and code
    of an error the table does not name. ``message`` replaces the error's own, if given."""
    worded = error.message if message is None else message
    for kind, status, code in table:
        if isinstance(error, kind):
            return ErrorReport(status, worded, error.problems, code)
    return ErrorReport(otherwise[0], worded, error.problems, otherwise[1])


DETAILED = frozenset({400, 408, 413, 415, 431})
"""Protocol failures whose detail is the request's own (which field, how large, how slow, what
type or coding the body came in)."""


def protocol_report(wording: dict[int, tuple[str, str]], status: int, detail: str | None) -> ErrorReport:
    """A protocol failure worded from an API's ``status -> (code, message)`` table.

    A detail that says what was wrong with this request (``DETAILED``) is kept; other
    statuses get the table's message.
    """
    code, default = wording.get(status, ("error", "request failed"))
    if status in DETAILED and detail:
        return ErrorReport(status, detail, code=code)
    return ErrorReport(status, default, code=code)


def problem_details(report: ErrorReport) -> dict[str, Any]:
    """RFC 7807 problem details with a stable ``code`` and one ``invalid_params`` entry per bad field."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(report.status).phrase,
        "status": report.status,
        "detail": report.message,
        "code": report.code or "error",
    }
    if report.problems:
        body["invalid_params"] = [{"name": p.field, "reason": p.message} for p in report.problems]
    return body
