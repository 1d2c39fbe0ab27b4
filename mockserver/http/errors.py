"""Every error response the sandbox sends is built here.

Domain errors, Connexion's validation and security problems, routing misses
and unexpected exceptions all arrive at ``ErrorRenderer``, which picks the API
by the request path and lets that API's adapter word the body. A request
outside every API gets RFC 7807 problem details.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field, replace
from http import HTTPStatus
from typing import Any

from connexion.exceptions import ProblemException
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from starlette.exceptions import HTTPException

from mockserver.domain.kernel.errors import DomainError, StorageUnavailable
from mockserver.http.adapter import ApiAdapter, ErrorReport
from mockserver.http.operations import misses
from mockserver.http.operations.bearer_checks import NOT_VALID
from mockserver.http.operations.routes import MethodIndex
from mockserver.http.request_ids import fresh_request_id

logger = logging.getLogger(__name__)


RULE_HEADER = "x-sandbox-rule"
"""Names the domain rule that refused a request, for the journal; the traffic middleware strips it."""


Handler = Callable[[ConnexionRequest, Exception], ConnexionResponse]


def _on_the_loop(handler: Handler) -> Callable[[ConnexionRequest, Exception], Awaitable[ConnexionResponse]]:
    async def answer(request: ConnexionRequest, error: Exception) -> ConnexionResponse:
        return handler(request, error)

    return answer


@dataclass(frozen=True)
class ErrorReply:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True)
class MountedApi:
    prefix: str
    adapter: ApiAdapter
    methods: MethodIndex
    paths: Mapping[str, Any] = field(default_factory=dict)
    """The spec's paths, as Connexion built them (references resolved)."""
    pages: tuple[str, ...] = ()
    """Subpaths under the mount that pages serve, not the spec's routes (the control API's
    dashboard and docs): a miss there was no mistyped route."""


class ErrorRenderer:
    def __init__(
        self,
        mounted: list[MountedApi],
        transient: Callable[[BaseException], bool] = lambda error: False,
        *,
        front_page: bool = True,
    ) -> None:
        # Longest prefix first, so "/" (a --root API) is tried last.
        self._mounted = sorted(mounted, key=lambda api: len(api.prefix), reverse=True)
        self._apis = [(api.prefix, api.methods) for api in mounted if api.paths]  # the vendors', in order
        self._front_page = front_page
        """Whether ``GET /`` lists the APIs, which a miss outside them then points to."""
        self.transient = transient
        """Whether an unexpected error is the storage gone for a moment (the app knows which),
        answered as the API's 503 with ``Retry-After`` rather than a 500."""

    def mounted_for(self, path: str) -> MountedApi | None:
        for api in self._mounted:
            if api.prefix in ("", path) or path.startswith(api.prefix + "/"):
                return api
        return None

    # Connexion error handlers: (request, exception) -> response

    def install(self, app: Any) -> None:
        """Registers the error handlers on a Connexion ``app``, each a coroutine: Connexion runs
        a plain function on anyio's thread pool, and every error answer (a 404, a 401, a
        refused booking) had waited for thread hops, four for a 404 (its layers of exception
        middleware each asked). Rendering an error reads nothing and waits for nothing."""
        handlers: list[tuple[type[Exception], Handler]] = [
            (DomainError, self.domain_error),
            (ProblemException, self.http_error),
            (HTTPException, self.http_error),
            (Exception, self.unexpected_error),
        ]
        for kind, handler in handlers:
            app.add_error_handler(kind, _on_the_loop(handler))

    def domain_error(self, request: ConnexionRequest, error: Exception) -> ConnexionResponse:
        assert isinstance(error, DomainError)
        api = self.mounted_for(request.url.path)
        if api is None:  # cannot happen: domain code runs only inside an API
            return _problem(500, "Internal Server Error", "domain error outside any API")
        headers = {RULE_HEADER: error.code}
        if error.retry_after is not None:
            headers["Retry-After"] = str(error.retry_after)
        return self._respond(api, api.adapter.report_domain_error(error), headers)

    def http_error(self, request: ConnexionRequest, error: Exception) -> ConnexionResponse:
        assert isinstance(error, HTTPException)
        detail = error.detail if isinstance(error, ProblemException) else _detail(error)
        status = error.status_code
        headers = dict(error.headers or {})
        path = request.url.path
        api = self.mounted_for(path)
        if status == 405:
            # Starlette lists only the matched route's methods; the spec knows them all.
            allowed = api.methods.advertised(path[len(api.prefix) :]) if api else ()
            if allowed:
                headers["Allow"] = ", ".join(allowed)
                # Said where an API's own words allow it (the control API's); a vendor's keep theirs.
                detail = f"{request.method} is not a method of this path, which takes {headers['Allow']}"
        missed = status == 404 and not isinstance(error, ProblemException)
        if api is None:
            return _problem(
                status,
                _phrase(status),
                misses.outside(self._apis, path, self._front_page) if missed else detail,
                headers,
            )
        report = api.adapter.report_protocol_error(status, detail)
        if status == 401 and detail == NOT_VALID:
            # RFC 6750 3.1: a token, but none of this API's form. The body stays the vendor's
            # (its SDKs show it), so the header says what a token here looks like.
            headers["WWW-Authenticate"] = (
                f'{api.adapter.auth_challenge()}, error="invalid_token", '
                f'error_description="{api.adapter.token_form}"'
            )
        subpath = path[len(api.prefix) :]
        if missed and not api.methods.allowed(subpath) and not subpath.startswith(api.pages):
            # A route miss: each API's own word for it, then where the path was likely meant.
            report = replace(
                report,
                message=f"{report.message}: {misses.within(api.prefix, api.methods, subpath, api.pages)}",
            )
        return self._respond(api, report, headers)

    def unexpected_error(self, request: ConnexionRequest, error: Exception) -> ConnexionResponse:
        if self.transient(error):
            said = error_line(error)
            logger.warning("storage unavailable on %s %s: %s", request.method, request.url.path, said)
            return self.domain_error(request, StorageUnavailable())
        logger.error("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
        api = self.mounted_for(request.url.path)
        if api is None:
            return _problem(500, "Internal Server Error", None)
        return self._respond(api, api.adapter.report_protocol_error(500, None))

    def domain_reply(self, path: str, error: DomainError) -> ErrorReply:
        """A domain error as the API mounted at ``path`` words it, as bytes (the dashboard's refusals)."""
        api = self.mounted_for(path)
        assert api is not None, "the dashboard is mounted inside the control API"
        return _as_reply(self._respond(api, api.adapter.report_domain_error(error)))

    def unavailable(self, path: str) -> ErrorReply:
        """The API at ``path``'s 503 for storage gone for a moment, with its ``Retry-After``."""
        error = StorageUnavailable()
        api = self.mounted_for(path)
        if api is None:
            response = _problem(503, _phrase(503), error.message)
        else:
            response = self._respond(api, api.adapter.report_domain_error(error))
        reply = _as_reply(response)
        return ErrorReply(reply.status, [*reply.headers, ("Retry-After", str(error.retry_after))], reply.body)

    def reply(self, path: str, status: int, hint: str | None = None) -> ErrorReply:
        """The API's own error response for ``status`` (an injected fault, a page's miss), as
        bytes; ``hint`` follows the API's own words, as a route miss's does."""
        api = self.mounted_for(path)
        if api is None:
            response = _problem(status, _phrase(status), hint)
        else:
            report = api.adapter.report_protocol_error(status, None)
            if hint:
                report = replace(report, message=f"{report.message}: {hint}")
            response = self._respond(api, report)
        return _as_reply(response)

    def refusal(self, path: str, status: int, detail: str) -> ErrorReply:
        """The connection layer's refusal (a head too large or too slow, bytes that are no
        HTTP, a worker's connections all taken), worded by the API that ``path`` (as much of
        the request line as was read) falls in: no request reaches the app to be answered."""
        api = self.mounted_for(path)
        if api is None:
            return _as_reply(_problem(status, _phrase(status), detail))
        # Every answer of an API that documents request ids carries one, refusals too.
        headers = {"X-Request-Id": fresh_request_id()} if api.adapter.request_id_header else None
        return _as_reply(self._respond(api, api.adapter.report_protocol_error(status, detail), headers))

    @staticmethod
    def _respond(
        api: MountedApi, report: ErrorReport, headers: dict[str, str] | None = None
    ) -> ConnexionResponse:
        body = json.dumps(api.adapter.error_body(report)).encode("utf-8")
        headers = dict(headers or {})
        if report.status == 401:
            headers.setdefault("WWW-Authenticate", api.adapter.auth_challenge())
        media_type = api.adapter.error_media_type
        return ConnexionResponse(
            status_code=report.status,
            mimetype=media_type,
            content_type=media_type,
            body=body,
            headers=headers,
        )


def _as_reply(response: ConnexionResponse) -> ErrorReply:
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
    body = response.body if isinstance(response.body, bytes) else str(response.body).encode()
    return ErrorReply(response.status_code, headers, body)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _detail(error: HTTPException) -> str | None:
    detail = error.detail
    return detail if isinstance(detail, str) else None


def _problem(
    status: int, title: str, detail: str | None, headers: dict[str, str] | None = None
) -> ConnexionResponse:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    return ConnexionResponse(
        status_code=status,
        mimetype="application/problem+json",
        content_type="application/problem+json",
        body=json.dumps(body).encode("utf-8"),
        headers=headers or {},
    )


def error_line(error: BaseException) -> str:
    """``error`` in one line of the log, in its cause's words where it wraps one (SQLAlchemy's
    ``orig``, the driver's): SQLAlchemy's own adds a link, and psycopg's adds hints on lines of
    their own, a page of the log for each database restart."""
    told = str(getattr(error, "orig", None) or error).strip()
    return told.splitlines()[0] if told else type(error).__name__
