"""Connexion's AsyncApp with the parts it lets us replace made to work once, not per request.

Connexion 3.3's ``AsyncOperation`` builds its decorator chain again for each request; here
each operation's call is planned once (``operation_calls.PlannedCalls``), and its
validation middlewares keep what they build per operation (``validation_layers``). Its bearer
security handler inspects the key check's signature twice per request too; here once per
key check.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from connexion import AsyncApp
from connexion.apps.asynchronous import AsyncApi, AsyncASGIApp, AsyncOperation
from connexion.middleware.swagger_ui import SwaggerUIAPI, SwaggerUIMiddleware
from connexion.operations import AbstractOperation
from connexion.security import SECURITY_HANDLERS, BearerSecurityHandler
from connexion.spec import Specification, canonical_base_path
from starlette.requests import Request
from starlette.routing import BaseRoute, Mount
from starlette.types import Receive, Scope, Send

from mockserver.http.operations.dated_examples import DATED, WorldNames, dated
from mockserver.http.operations.operation_calls import PlannedCalls
from mockserver.http.validation.validation_layers import middleware_list


class _Operation(AsyncOperation):  # type: ignore[misc]
    @functools.cached_property
    def fn(self) -> Callable[[], Awaitable[Any]]:
        return PlannedCalls(pythonic_params=self.pythonic_params, jsonifier=self.jsonifier)(self._fn)


class _Api(AsyncApi):  # type: ignore[misc]
    def make_operation(self, operation: AbstractOperation) -> AsyncOperation:
        return _Operation.from_operation(
            operation, pythonic_params=self.pythonic_params, jsonifier=self.jsonifier
        )


class _ASGIApp(AsyncASGIApp):  # type: ignore[misc]
    api_cls = _Api


class _Bearer(BearerSecurityHandler):  # type: ignore[misc]
    def _accepts_kwarg(self, func: Callable[..., Any], keyword: str) -> bool:
        known: dict[tuple[Callable[..., Any], str], bool] = self.__dict__.setdefault("_accepts", {})
        key = (func, keyword)
        if key not in known:
            known[key] = BearerSecurityHandler._accepts_kwarg(func, keyword)
        return known[key]


class _App(AsyncApp):  # type: ignore[misc]
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Connexion's routing and the checks here note a request's operation and parameters in
        # ``scope["extensions"]``, which an ASGI server gives to advertise what it offers, and may
        # give every request alike: granian hands all of a worker's requests one dict, so a
        # request took another's operation and parameters at once. Each writes into its own copy.
        scope["extensions"] = {**(scope.get("extensions") or {})}
        await self.middleware(scope, receive, send)


def async_app(import_name: str) -> AsyncApp:
    """An ``AsyncApp`` whose operations and bearer checks keep what they build (see above), and
    whose requests each note what Connexion notes of them in a dict of their own."""
    security = {**SECURITY_HANDLERS, "bearer": _Bearer}
    app = _App(import_name, security_map=security, middlewares=middleware_list())
    # The middleware stack is built on the first request; until then the inner app can be
    # replaced in the two places that hold it.
    inner = _ASGIApp()
    app._middleware_app = inner
    app.middleware.app = inner
    return app


class _DocsOnDemand(SwaggerUIMiddleware):  # type: ignore[misc]
    """Connexion's Swagger UI middleware, asked only about paths it could serve.

    It routes every request through a Starlette router of each mount's docs routes before
    handing it on: a regular expression per mount and per route, and a copy of the scope,
    about a twentieth of a GET. A path it could serve (exactly, below a mount such as
    ``/ui``, or with Starlette's trailing-slash redirect) contains one of its routes' paths
    without the final slash; any other path goes straight on, as its router would send it.
    """

    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self._stems: tuple[str, ...] | None = ()

    def add_api(self, specification: Specification, base_path: str | None = None, **kwargs: Any) -> None:
        # As Connexion's own add_api, with the docs that serve the spec as written.
        api = _AuthoredDocs(specification, base_path=base_path, default=self.default_fn, **kwargs)
        self.router.mount(api.base_path, app=api.router)
        stems = [route.path.rstrip("/") for route in _docs_routes(self.router.routes)]
        # A path parameter, or a route at a mount's root, could match anything: always ask.
        self._stems = None if any("{" in stem or not stem for stem in stems) else tuple(set(stems))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        stems = self._stems
        if scope["type"] == "http" and stems is not None:
            path: str = scope["path"]
            if not any(stem in path for stem in stems):
                await self.app(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


class _AuthoredDocs(SwaggerUIAPI):  # type: ignore[misc]
    """One API's docs, its spec served as written. Connexion serves the spec it validates with,
    every ``$ref`` inlined (spec-first/connexion#2127): there each named schema (``Booking``,
    ``Customer``) is anonymous to a client generator, the document five times the size (Bardge's
    half a megabyte), and copied and resolved again for each request; openapi-python-client
    left the lifecycle ``Booking`` out of its client whole. Built once for each base path."""

    def __init__(
        self,
        *args: Any,
        examples_day: Callable[[], date] | None = None,
        examples_world: Callable[[], WorldNames] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._served: dict[str, dict[str, Any]] = {}
        self._examples_day = examples_day
        # Asked on the UI's first request (a world is made in a second), then kept: a server's world stays.
        self._examples_world = functools.cache(examples_world or WorldNames)
        self._dated: dict[str, tuple[date, dict[str, Any]]] = {}

    def _spec_for_prefix(self, request: Request) -> dict[str, Any]:
        base_path: str = self._base_path_for_prefix(request)
        if (served := self._served.get(base_path)) is None:
            served = self._served[base_path] = as_written(self.specification.raw, base_path)
        if self._examples_day is None or request.query_params.get("examples") != DATED:
            return served
        # The UI's copy (``dated_examples``), made again only when the sandbox's day changes.
        today = self._examples_day()
        kept = self._dated.get(base_path)
        if kept is None or kept[0] != today:
            kept = self._dated[base_path] = (today, dated(served, today, self._examples_world()))
        return kept[1]

    async def _get_swagger_ui_home(self, request: Request) -> Any:
        if self._examples_day is None:
            return await super()._get_swagger_ui_home(request)
        # As Connexion's own, the UI reading the copy whose examples are dated for today.
        spec_url = f"{self._base_path_for_prefix(request)}{self.options.openapi_spec_path}?examples={DATED}"
        return self._templates.TemplateResponse(
            request,
            name="index.j2",
            context={"openapi_spec_url": spec_url, **self.options.swagger_ui_template_arguments},
        )


def as_written(document: dict[str, Any], base_path: str) -> dict[str, Any]:
    """The spec as its file has it, served at ``base_path``: its own ``$ref``s, and none of the
    names of this server's functions that Connexion is told (``x-bearerInfoFunc``)."""
    components = dict(document.get("components") or {})
    if "securitySchemes" in components:
        components["securitySchemes"] = {
            name: {key: value for key, value in scheme.items() if key != "x-bearerInfoFunc"}
            for name, scheme in components["securitySchemes"].items()
        }
    return {**document, "servers": [{"url": canonical_base_path(base_path)}], "components": components}


def _docs_routes(mounts: list[BaseRoute]) -> list[Any]:
    """The routes (and static mounts) inside each API's docs mount."""
    routes: list[Any] = []
    for mount in mounts:
        if not isinstance(mount, Mount):
            routes.append(mount)
            continue
        routes.extend(mount.routes)
    return routes


def serve_docs_on_demand(app: AsyncApp) -> None:
    """Puts ``_DocsOnDemand`` where Connexion's Swagger UI middleware stands.

    Called once every middleware is added: Connexion places ``BEFORE_SWAGGER`` middlewares
    by finding its own class in the list, so it must still be there until then.
    """
    middlewares = app.middleware.middlewares
    middlewares[middlewares.index(SwaggerUIMiddleware)] = _DocsOnDemand
