"""Connexion's request and response validation middlewares, each operation's parts kept.

For every request Connexion 3.3's request validation builds a URI parser and a parameter
validator from the operation, and a media type table for its content check; its response
validation builds a media type table too and looks the response's definition up three
times, working out its required headers again. None of it depends on the request: here each
operation builds it once, and each request is checked exactly as Connexion checks it, by
Connexion's own validators (the sandbox's compiled ones, ``validators.py``). They take the
places of Connexion's two classes in the middleware list each app is made with (``middleware_list``).
"""

from __future__ import annotations

import functools
from typing import Any

from connexion import utils
from connexion.exceptions import NonConformingResponseHeaders, UnsupportedMediaTypeProblem
from connexion.middleware import request_validation, response_validation
from connexion.middleware.context import ContextMiddleware
from connexion.middleware.main import ConnexionMiddleware
from connexion.middleware.request_validation import (
    RequestValidationAPI,
    RequestValidationMiddleware,
    RequestValidationOperation,
)
from connexion.middleware.response_validation import (
    ResponseValidationAPI,
    ResponseValidationMiddleware,
    ResponseValidationOperation,
)
from connexion.middleware.routing import RoutingMiddleware
from connexion.middleware.security import SecurityMiddleware
from connexion.operations import AbstractOperation
from starlette.types import Message, Receive, Scope, Send

from mockserver.http.operations.on_demand import ContextLayer, OperationsOnDemand, SecurityLayer
from mockserver.http.operations.operation_index import IndexedRouting
from mockserver.http.validation.media_types import (
    Accepted,
    PerType,
    content_type_of,
    header_of,
    mime_and_encoding,
    typed,
)
from mockserver.http.validation.numerals import as_written
from mockserver.http.validation.parameters import CachedParameters, KnownQueryRequest
from mockserver.http.validation.passed import PassedQueries


@functools.cache
def _kept_parser(parser_class: type) -> Any:
    """An operation's URI parser class with its parameters' schemas worked out once. Connexion's
    builds that dict again at every look, several times per query parameter, and preprocesses
    every query for deep objects, which changes nothing where no parameter has that style."""

    class Kept(parser_class):  # type: ignore[misc]
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._schemas = super().param_schemas
            deep = getattr(self, "_is_deep_object_style_param", None)
            self._deep = deep is None or any(deep(name) for name in self.param_defns)

        @property
        def param_schemas(self) -> Any:
            return self._schemas

        def resolve_query(self, query_data: Any) -> Any:
            if self._deep:
                return super().resolve_query(query_data)
            return self.resolve_params(query_data, "query")

        def resolve_params(self, params: Any, _in: str) -> Any:
            return as_written(super().resolve_params(params, _in), params, self._schemas, _in)

    return Kept


CHECKED_PARAMETERS = "booking_sandbox.checked_parameters"
"""The scope's extension holding the request's path and query parameters as checked, resolved."""


class _RequestChecks(RequestValidationOperation):  # type: ignore[misc]
    @functools.cached_property
    def _parameters(self) -> Any:
        operation = self._operation
        return self._validator_map["parameter"](
            operation.parameters,
            uri_parser=self._uri_parser,
            strict_validation=self.strict_validation,
            security_query_params=self.security_query_params,
        )

    @functools.cached_property
    def _uri_parser(self) -> Any:
        parser = _kept_parser(self._operation.uri_parser_class)
        return parser(self._operation.parameters, self._operation.body_definition())

    @functools.cached_property
    def _bodies(self) -> PerType[str, tuple[Any, bool, Any]]:
        return PerType(self._body)

    @functools.cached_property
    def _consumes(self) -> Accepted | None:
        return Accepted(self._operation.consumes) if self._operation.consumes else None

    def extract_content_type(self, headers: list[tuple[bytes, bytes]]) -> tuple[str, str]:
        return mime_and_encoding(headers, self._operation.consumes)

    def validate_mime_type(self, mime_type: str) -> None:
        if self._consumes is not None and mime_type not in self._consumes:
            raise UnsupportedMediaTypeProblem(
                detail=f"{_taken(self._operation.consumes)} (it was sent as {mime_type})"
            )

    @functools.cached_property
    def _queries(self) -> PassedQueries | None:
        # Only the app's own parameter checks can leave a query's out.
        return PassedQueries() if isinstance(self._parameters, CachedParameters) else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Connexion's RequestValidationOperation.__call__, with the parts above.
        raw, queries = scope["query_string"], self._queries
        known = None if queries is None else queries.get(raw)
        checked = KnownQueryRequest(scope, self._uri_parser, known)
        if known is not None:
            self._parameters.validate_beside_query(checked)
        else:
            self._parameters.validate_request(checked)
            if queries is not None:
                queries.add(raw, checked.query_params)
        # The operation's call reads the same parameters (``operation_calls``): resolved once.
        # Their values, not the request, which holds the scope: a cycle left to the collector.
        scope.setdefault("extensions", {})[CHECKED_PARAMETERS] = (checked.path_params, checked.query_params)
        given = content_type_of(scope["headers"])  # read once: the body's type and its absence
        mime_type, encoding = typed(given, self._operation.consumes)
        self.validate_mime_type(mime_type)
        if self._consumes is not None and (coding := _content_coding(scope["headers"])):
            # RFC 9110 8.4: a coding the server does not take is a 415. Read as it came, a
            # gzipped body was a 400 "not valid utf-8 text", which sends a client looking in
            # the wrong place.
            raise UnsupportedMediaTypeProblem(
                detail=f"{_taken(self._operation.consumes)}, unencoded "
                f"(it was sent {coding}-encoded: Content-Encoding)"
            )
        operation = self._operation
        if self._consumes is not None and (given is None or given.split(";", 1)[0] != mime_type):
            # No Content-Type: the body was judged as the operation's first listed type (JSON), and
            # the handler reads it so too, not as bytes (a 500 before). One spelt otherwise (in
            # capitals, a space before its parameters) is spelt as both of them look types up.
            spelt = mime_type + ("" if given is None or ";" not in given else ";" + given.split(";", 1)[1])
            headers = [(name, value) for name, value in scope["headers"] if name.lower() != b"content-type"]
            scope = {**scope, "headers": [*headers, (b"content-type", spelt.encode("latin-1"))]}
        schema, nullable, body_validator = self._bodies[mime_type]
        if schema:
            if body_validator is None:
                request_validation.logger.info(
                    f"Skipping validation. No validator registered for content type: {mime_type}."
                )
            else:
                validator = body_validator(
                    schema=schema,
                    required=operation.request_body.get("required", False),
                    nullable=nullable,
                    encoding=encoding,
                    strict_validation=self.strict_validation,
                    uri_parser=self._uri_parser,
                )
                receive, scope = await validator.wrap_receive(receive, scope=scope)
        await self.next_app(scope, receive, send)

    def _body(self, mime_type: str) -> tuple[Any, bool, Any]:
        """The body's schema, nullability and validator class (None where Connexion has none
        for the type): Connexion works the definition out again at each look."""
        try:
            validator = self._validator_map["body"][mime_type]
        except KeyError:
            validator = None
        definition = self._operation.body_definition(mime_type)
        return definition.get("schema", {}), utils.is_nullable(definition), validator


def _taken(consumes: list[str]) -> str:
    # Begins as each API's own 415 message does, so a client matching that still matches.
    return "request body must be " + " or ".join(consumes)


def _content_coding(headers: list[tuple[bytes, bytes]]) -> str:
    """The request body's content coding, where it has one ("" for none, or ``identity``)."""
    coding = (header_of(headers, "content-encoding") or "").strip().lower()
    return "" if coding == "identity" else coding[:40]


_Answer = tuple[frozenset[str], Any, bool, Any]


class _ResponseChecks(ResponseValidationOperation):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._produces = Accepted(self._operation.produces) if self._operation.produces else None
        self._answers = PerType[tuple[str, str], _Answer](self._answer)
        # An answer streamed an entry at a time (a journal's export): checking its body would
        # hold it whole, which is what streaming it avoids.
        responses = self._operation.responses.values()
        self._streamed = any(isinstance(r, dict) and r.get("x-sandbox-streamed") for r in responses)

    def extract_content_type(self, headers: list[tuple[bytes, bytes]]) -> tuple[str, str]:
        return mime_and_encoding(headers, self._operation.produces)

    def validate_mime_type(self, mime_type: str) -> None:
        if self._produces is not None and mime_type not in self._produces:
            raise NonConformingResponseHeaders(
                detail=f"Invalid Response Content-type ({mime_type}), expected {self._operation.produces}",
            )

    def _answer(self, key: tuple[str, str]) -> _Answer:
        """An answer's required headers, body schema, nullability and body validator (None
        where Connexion has none for the type), by status and type."""
        status, mime_type = key
        operation: AbstractOperation = self._operation
        definition = operation.response_definition(status, mime_type)
        headers = definition.get("headers", {})
        required = frozenset(name.lower() for name, header in headers.items() if header.get("required"))
        try:
            validator = self._validator_map["response"][mime_type]
        except KeyError:
            validator = None
        schema = operation.response_schema(status, mime_type)
        return required, schema, utils.is_nullable(definition), validator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Connexion's ResponseValidationOperation.__call__, with the parts above.
        async def wrapped_send(message: Message) -> None:
            nonlocal send
            if message["type"] == "http.response.start":
                headers = message["headers"]
                mime_type, encoding = self.extract_content_type(headers)
                if message["status"] < 400:
                    self.validate_mime_type(mime_type)
                required, schema, nullable, body_validator = self._answers[str(message["status"]), mime_type]
                if required:
                    missing = required - {name.decode("latin-1").lower() for name, _ in headers}
                    if missing:
                        raise NonConformingResponseHeaders(
                            detail="Keys in response header don't match response specification. "
                            f"Difference: {', '.join(missing)}"
                        )
                if self._streamed:
                    pass
                elif body_validator is None:
                    response_validation.logger.info(
                        f"Skipping validation. No validator registered for content type: {mime_type}."
                    )
                else:
                    validator = body_validator(scope, schema=schema, nullable=nullable, encoding=encoding)
                    send = validator.wrap_send(send)
            await send(message)

        await self.next_app(scope, receive, wrapped_send)


class _RequestAPI(OperationsOnDemand, RequestValidationAPI):  # type: ignore[misc]
    def make_operation(self, operation: AbstractOperation) -> RequestValidationOperation:
        return _RequestChecks(
            self.next_app,
            operation=operation,
            strict_validation=self.strict_validation,
            validator_map=self.validator_map,
        )


class _ResponseAPI(OperationsOnDemand, ResponseValidationAPI):  # type: ignore[misc]
    def make_operation(self, operation: AbstractOperation) -> Any:
        if not self.validate_responses:
            return self.next_app
        return _ResponseChecks(self.next_app, operation=operation, validator_map=self.validator_map)


class _RequestLayer(RequestValidationMiddleware):  # type: ignore[misc]
    api_cls = _RequestAPI


class _ResponseLayer(ResponseValidationMiddleware):  # type: ignore[misc]
    api_cls = _ResponseAPI


def middleware_list() -> list[Any]:
    """Connexion's default middleware list with the two layers above in its validation
    middlewares' places, its security and context layers making their operations on demand
    too, and its routing finding an operation by one expression per mount and method
    (``operation_index``): a new list per app, since Connexion inserts an app's own into it."""
    kept = {
        RoutingMiddleware: IndexedRouting,
        RequestValidationMiddleware: _RequestLayer,
        ResponseValidationMiddleware: _ResponseLayer,
        SecurityMiddleware: SecurityLayer,
        ContextMiddleware: ContextLayer,
    }
    return [kept.get(layer, layer) for layer in ConnexionMiddleware.default_middlewares]
