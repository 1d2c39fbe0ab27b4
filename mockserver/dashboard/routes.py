"""The dashboard's HTTP side: a page, its static files, and HTML fragments rendered with Jinja2.

``Dashboard`` is an ASGI middleware in front of everything else: requests under its mount go
to a small Starlette router, the rest pass on untouched, so the dashboard is neither
journaled nor fault-injected. The page itself needs no key. The browser keeps the key in
the URL's fragment (which never reaches a server) and sends it on each fragment request as
``Authorization: Bearer``, like any control API call; every change the page makes is a
control API call. Refusals are the control API's problem details, worded by the same
renderer.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route, Router
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.control.journal_filters import KINDS, METHODS
from mockserver.control.keys import KEY_WORDS, bearer_key
from mockserver.domain.kernel.errors import DomainError, NotAuthenticated
from mockserver.http.errors import ErrorRenderer, ErrorReply, error_line
from mockserver.http.validation.formats import id_number

from .views import Views

logger = logging.getLogger(__name__)

MOUNT = "/_sandbox/dashboard"
# No inline script or style anywhere: whatever a journal body holds is text, never code.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}

Partial = Callable[[Views, str, Request], dict[str, Any]]


class Dashboard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        views: Views,
        renderer: ErrorRenderer,
        apis: tuple[str, ...],
        mounts: dict[str, str],
    ) -> None:
        self._app = app
        self._views = views
        self._renderer = renderer
        self._templates = Environment(
            loader=PackageLoader("mockserver.dashboard", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        # The journal form offers what a filter takes (``journal_filter`` refuses anything else).
        self._page = {"apis": apis, "mounts": mounts, "methods": METHODS, "kinds": KINDS}
        self._router = Router(
            routes=[
                Route("/", self._shell, methods=["GET", "HEAD"]),
                Mount("/static", app=StaticFiles(directory=str(files("mockserver.dashboard") / "static"))),
                *[
                    Route(f"/partials/{name}", functools.partial(self._partial, name, view), methods=["GET"])
                    for name, view in _PARTIALS.items()
                ],
            ],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] != "http" or not (path == MOUNT or path.startswith(MOUNT + "/")):
            await self._app(scope, receive, send)
            return
        if path == MOUNT:
            await RedirectResponse(MOUNT + "/", status_code=308)(scope, receive, send)
            return
        # Starlette routes on the path below root_path, and keeps the full path for URLs.
        inner = {**scope, "root_path": scope.get("root_path", "") + MOUNT}
        secured = _secured(send)
        try:
            await self._router(inner, receive, secured)
        except HTTPException as error:  # no such page or method: the control API's 404 and 405
            # /_sandbox/dashboard/index.html was a bare "no such control endpoint".
            hint = f"no page {path} in the dashboard, which is one page, at {MOUNT}/"
            await self._refusal(error.status_code, hint if error.status_code == 404 else None)(
                scope, receive, secured
            )

    async def _shell(self, request: Request) -> Response:
        return HTMLResponse(self._templates.get_template("page.html").render(**self._page))

    async def _partial(self, name: str, view: Partial, request: Request) -> Response:
        sent = request.headers.get("authorization")
        key = bearer_key(sent)
        try:
            if key is None:
                # The page sends the key a person typed: what to type is what they need to read.
                said = "that is no sandbox key" if sent else "enter a sandbox key"
                raise NotAuthenticated(f"{said}: {KEY_WORDS}, or a token of the sandbox ending in one")
            context = await run_in_threadpool(view, self._views, key, request)
            html = self._templates.get_template(f"{name}.html").render(**context, **self._page)
        except DomainError as error:
            return _response(self._renderer.domain_reply(MOUNT, error))
        except Exception as error:
            # Connexion's outermost handler cannot answer for a middleware in front of it.
            if self._renderer.transient(error):  # the database restarting: the 503 to retry, as the APIs'
                logger.warning("storage unavailable on dashboard fragment %s: %s", name, error_line(error))
                return _response(self._renderer.unavailable(MOUNT))
            logger.exception("dashboard fragment %s failed", name)
            return self._refusal(500)
        return HTMLResponse(html)

    def _refusal(self, status: int, hint: str | None = None) -> Response:
        return _response(self._renderer.reply(MOUNT, status, hint))


def _response(reply: ErrorReply) -> Response:
    return Response(reply.body, reply.status, headers=dict(reply.headers))


def _secured(send: Send) -> Send:
    extra = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def send_secured(message: Any) -> None:
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *extra]}
        await send(message)

    return send_secured


def _query(request: Request) -> dict[str, str]:
    return dict(request.query_params)


def _entry_id(request: Request) -> int:
    text = request.query_params.get("id", "")
    return id_number(text) or 0


_PARTIALS: dict[str, Partial] = {
    "overview": lambda v, key, r: v.overview(key),
    "calendar": lambda v, key, r: v.calendar(key, r.query_params.get("week")),
    "entry": lambda v, key, r: v.entry(key, r.query_params.get("api"), r.query_params.get("ref")),
    "journal": lambda v, key, r: v.journal(key, _query(r)),
    "exchange": lambda v, key, r: v.exchange(key, _entry_id(r), f"{r.url.scheme}://{r.url.netloc}"),
    "faults": lambda v, key, r: v.faults(key),
    "coverage": lambda v, key, r: v.coverage(key),
    "webhooks": lambda v, key, r: v.webhooks(key),
    "data": lambda v, key, r: v.data(key),
}
