"""An operation's call, from Connexion's request context to its handler and back, planned once.

Connexion 3.3's ``AsyncOperation`` wraps each handler in ``StarletteDecorator``'s chain (the
sync/async adaptor, the parameter decorator, the response decorator) and, for every request,
works out again from the operation what depends on the operation alone: its parameters'
definitions by location and their defaults, the handler's argument names, the body's name,
the content type its answer is serialised as, read through the ``operation`` context proxy
each time. That was about a fifth of a GET's time in process. Here it is worked out on the
operation's first request (``_Plan``) and kept; per request only the request's own values
are read, and they go through Connexion's own steps: its URI parser, its casts
(``_get_val_from_param``), its body argument (``_get_body_argument``), its response
unpacking and Starlette response. An operation this plan does not cover (a Swagger 2 one,
or one that takes form fields or files) keeps Connexion's own chain.
"""

from __future__ import annotations

import asyncio
import collections.abc
import functools
import types
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from connexion import utils
from connexion.context import _context, _operation, _receive, _scope
from connexion.datastructures import NoContent
from connexion.decorators import StarletteDecorator
from connexion.decorators.parameter import (
    CONTEXT_NAME,
    _get_body_argument,
    _get_val_from_param,
    pythonic,
    unwrap_decorators,
)
from connexion.decorators.response import BaseResponseDecorator
from connexion.exceptions import NonConformingResponseHeaders
from connexion.frameworks.starlette import Starlette
from connexion.http_facts import FORM_CONTENT_TYPES
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from connexion.operations import AbstractOperation, OpenAPIOperation
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from mockserver.http.validation.media_types import content_type_of
from mockserver.http.validation.validation_layers import CHECKED_PARAMETERS
from mockserver.http.validation.validators import CHECKED_BODY

Handler = Callable[..., Awaitable[Any]]


@functools.lru_cache(maxsize=1024)
def python_name(name: str) -> str:
    """Connexion's ``pythonic`` (four regular expressions), once per name. The bound keeps a
    client's made-up keys from growing it."""
    return str(pythonic(name))


@dataclass(frozen=True)
class _Plan:
    """What one operation's call needs that depends on the operation alone."""

    operation: AbstractOperation
    uri_parser: Any
    arguments: frozenset[str]
    has_kwargs: bool
    path: dict[str, dict[str, Any]]
    query: dict[str, dict[str, Any]]
    query_defaults: dict[str, Any]
    wants_body: bool
    produces: tuple[str, ...]
    json_types: frozenset[str]
    dumps: Callable[[Any], str]

    @classmethod
    def of(
        cls, operation: AbstractOperation, uri_parser: Any, handler: Callable[..., Any], dumps: Any
    ) -> _Plan | None:
        """The plan, or None where Connexion's own chain must run (see the module's note)."""
        query = {p["name"]: p for p in operation.parameters if p["in"] == "query"}
        if (
            not isinstance(operation, OpenAPIOperation)
            or set(operation.consumes) & set(FORM_CONTENT_TYPES)
            or any(p.get("schema", {}).get("type") == "object" for p in query.values())
        ):
            return None
        arguments, has_kwargs = utils.inspect_function_arguments(unwrap_decorators(handler))
        produces = tuple(set(operation.produces))
        return cls(
            operation=operation,
            uri_parser=uri_parser,
            arguments=frozenset(arguments),
            has_kwargs=has_kwargs,
            path={p["name"]: p for p in operation.parameters if p["in"] == "path"},
            query=query,
            query_defaults=_query_defaults(query),
            # As Connexion's get_arguments: no body for TRACE, none unless one is defined and
            # the handler takes it by name (or takes any keyword).
            wants_body=(
                operation.method.upper() != "TRACE"
                and operation.is_request_body_defined
                and (python_name(operation.body_name("")) in arguments or has_kwargs)
            ),
            produces=produces,
            json_types=frozenset(p for p in produces if utils.is_json_mimetype(_mime_type(p))),
            dumps=dumps,
        )

    def takes(self, name: str) -> bool:
        return self.has_kwargs or name in self.arguments


def _mime_type(content_type: str) -> str:
    return utils.split_content_type(content_type)[0]  # type: ignore[no-any-return]


def _query_defaults(definitions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    # Connexion's _get_query_defaults, objects aside (they keep Connexion's chain).
    defaults = {}
    for name, definition in definitions.items():
        if "default" in definition:
            defaults[name] = definition["default"]
        elif "default" in definition.get("schema", {}):
            defaults[name] = definition["schema"]["default"]
    return defaults


async def call(
    plan: _Plan, handler: Handler, request: ConnexionRequest, checked_body: tuple[Any] | None = None
) -> Response:
    """The handler's call; ``checked_body``: the JSON body as the request's check parsed it
    (``validators.CHECKED_BODY``), where it did."""
    kwargs: dict[str, Any] = {}
    for name, value in request.path_params.items():
        definition = plan.path.get(name)
        kwargs[python_name(name)] = value if definition is None else _get_val_from_param(value, definition)
    query = request.query_params
    if plan.query_defaults:
        # A copy, not Connexion's deep one: the merge changes only its top level (no object
        # parameter has a plan), and every value is cast below, an array into a new list.
        query = utils.deep_merge(dict(plan.query_defaults), query)
    for name, value in query.items():
        key = python_name(name)
        definition = plan.query.get(name)
        if definition is not None and plan.takes(key):
            kwargs[key] = _get_val_from_param(value, definition)
    if plan.wants_body:
        content_type = request.mimetype
        if checked_body is None or not utils.is_json_mimetype(content_type):
            checked_body = (await request.get_body(),)
        kwargs.update(
            _get_body_argument(
                checked_body[0],
                operation=plan.operation,
                arguments=plan.arguments,
                has_kwargs=plan.has_kwargs,
                sanitize=python_name,
                content_type=content_type,
            )
        )
    for key, value in _context.get().items():
        if plan.takes(key):
            kwargs[key] = value
    if CONTEXT_NAME in plan.arguments:
        kwargs[CONTEXT_NAME] = _context.get()
    return _response(plan, await handler(**kwargs))


def _response(plan: _Plan, answer: Any) -> Response:
    """Connexion's ``build_framework_response`` with the operation's content types known."""
    if isinstance(answer, Response):
        return answer
    if isinstance(answer, ConnexionResponse):
        return Starlette.connexion_to_framework_response(answer)  # type: ignore[no-any-return]
    data, status_code, headers = BaseResponseDecorator._unpack_handler_response(answer)
    content_type = _content_type(plan, data, headers)
    if isinstance(data, Response):
        return data
    if data is None or data is NoContent:
        data = None
    elif content_type in plan.json_types:
        data = plan.dumps(data)
    if not any(key.lower() == "content-type" for key in headers) and content_type:
        headers["Content-Type"] = content_type
    return Starlette.build_response(  # type: ignore[no-any-return]
        data,
        content_type=content_type,
        status_code=status_code or (204 if data is None else 200),
        headers=headers,
    )


def _content_type(plan: _Plan, data: Any, headers: dict[str, str]) -> str | None:
    """Connexion's ``_infer_content_type``, on the operation's own list."""
    produces = plan.produces or (("application/json",) if data is not None else ())
    given = content_type_of(headers)
    if given:
        if given not in produces:
            listed = plan.operation.produces
            raise NonConformingResponseHeaders(
                f"Returned content type ({given}) is not defined in operation spec ({listed})."
            )
        return given
    if len(produces) <= 1:
        return produces[0] if produces else None
    wanted = "text/plain" if isinstance(data, str) else None
    if isinstance(data, bytes | types.GeneratorType | collections.abc.Iterator):
        wanted = "application/octet-stream"
    matching = [p for p in produces if wanted and wanted in p]
    if matching:
        return matching[-1]  # Connexion's loop keeps the last match
    raise NonConformingResponseHeaders(
        "Multiple response content types are defined in the operation spec, but "
        "the handler response did not specify which one to return."
    )


class PlannedCalls(StarletteDecorator):  # type: ignore[misc]
    """Connexion's ``StarletteDecorator`` with each operation's plan kept (see above)."""

    def __call__(self, function: Callable[..., Any]) -> Callable[[], Awaitable[Any]]:
        handler: Handler = function if asyncio.iscoroutinefunction(function) else _in_threadpool(function)
        kept: list[tuple[_Plan | None, Any, Callable[..., Any] | None]] = []

        async def wrapper() -> Any:
            if not kept:
                # Planned in the first request's context, where Connexion's proxies resolve.
                uri_parser = self.uri_parser
                plan = None
                if self.pythonic_params:
                    plan = _Plan.of(_operation.get(), uri_parser, function, self.jsonifier.dumps)
                kept.append((plan, uri_parser, None if plan else self.decorate(function)))
            plan, uri_parser, fallback = kept[0]
            scope = _scope.get()
            request = ConnexionRequest(scope, _receive.get(), uri_parser=uri_parser)
            extensions = scope.get("extensions", {})
            checked = extensions.get(CHECKED_PARAMETERS)
            if checked is not None:
                # Parsed and resolved by the request's checks, by a parser of the same parameters.
                request._path_params, request._query_params = checked
            if plan is None:
                return await fallback(request)  # type: ignore[misc]
            # The body too, where the check read it as JSON: not parsed again.
            return await call(plan, handler, request, extensions.get(CHECKED_BODY))

        return wrapper


def _in_threadpool(function: Callable[..., Any]) -> Handler:
    """A plain function runs on anyio's threads, as Connexion's sync/async adaptor runs it."""

    async def run(**kwargs: Any) -> Any:
        return await run_in_threadpool(function, **kwargs)

    return run
