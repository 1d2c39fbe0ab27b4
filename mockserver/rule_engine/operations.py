"""An API's documented operations, found by an observed request and held to the spec: the
operation exists, the status is documented for it, and what was sent and answered meets the
schemas (the OpenAPI 3.0 validators of ``openapi-schema-validator``, with the format checks the
server validates its own traffic with; ``native_schemas`` answers first where all is valid).
``routes.py`` finds an exchange's operation under the base path its target serves the API under.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from mockserver.documents.har import Exchange, Unreadable, header_value
from mockserver.documents.methods import read_by
from mockserver.documents.resources import spec_document
from mockserver.http.validation.formats import build_format_checker

from .findings import Finding
from .media_types import NOT_ACCEPTABLE, UNSUPPORTED, content_types, media_type_findings
from .native_schemas import is_valid, native_check
from .oversize import refused_for_size
from .parameters import Parameter, declared, given, parameter_problems
from .request_targets import bad_target
from .routes import Routes, below

SPEC_URI = "urn:booking-sandbox:spec"


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    """The spec's path, ``/v1/bookings/{bookingID}``."""
    params: dict[str, str]
    """The path parameters as the request named them."""
    pointer: str
    """The operation's JSON pointer in the spec."""

    @property
    def name(self) -> str:
        return f"{self.method} {self.template}"


class Spec:
    """One API's spec, ready to find an exchange's operation and check it."""

    def __init__(self, api: str) -> None:
        self.api = api
        self.document: dict[str, Any] = spec_document(api)
        self.routes = Routes(self.document["paths"])
        registry: Registry[Any] = Registry().with_resource(
            SPEC_URI, Resource.from_contents(self.document, default_specification=DRAFT4)
        )
        self._registry = registry
        self._formats = build_format_checker()

    def operation(self, method: str, url: str, base: str | None = None) -> Operation | None:
        """The operation ``method`` on ``url`` is, under ``base`` where the base is known."""
        found = self.routes.route(url, base)
        if found is None or method not in found[1]:
            return None
        template, _, params = found
        return Operation(method, template, params, f"/paths/{_escaped(template)}/{method.lower()}")

    def base_of(self, url: str) -> str | None:
        return self.routes.base_of(url)

    def findings(
        self, index: int, exchange: Exchange, operation: Operation | None, base: str | None = None
    ) -> Iterator[Finding]:
        """What the spec says of one exchange, whose operation ``operation`` found under ``base``."""
        if (operation is not None and _respelt(exchange)) or refused_for_size(exchange):
            return
        if operation is None:
            yield from self._unknown(index, exchange, base)
            return
        if exchange.status in (UNSUPPORTED, NOT_ACCEPTABLE):
            # Refusing a spelling is its own finding, documented status or not.
            refused = list(media_type_findings(index, exchange, operation.name, *self._types(operation)))
            if refused:
                yield from refused
                return
        key = yield from self._documented(index, exchange, operation)
        if key is None:
            return
        if 200 <= exchange.status < 300:
            yield from self._request_findings(index, exchange, operation)
        yield from self._response_findings(index, exchange, f"{operation.pointer}/responses/{_escaped(key)}")

    def _types(self, operation: Operation) -> tuple[list[str], list[str]]:
        """The media types ``operation`` takes (its request body's) and gives (its 2xx answers')."""
        responses = self._node(f"{operation.pointer}/responses")[0] or {}
        gives = [
            name
            for status in responses
            if str(status).startswith("2")
            for name in content_types(self._node(f"{operation.pointer}/responses/{status}")[0])
        ]
        return content_types(self._node(f"{operation.pointer}/requestBody")[0]), gives

    def _documented(
        self, index: int, exchange: Exchange, operation: Operation
    ) -> Generator[Finding, None, str | None]:
        """The key of the operation's responses that documents the exchange's status, or a
        SPEC-STATUS finding and None."""
        responses = {
            str(key): value for key, value in self._node(f"{operation.pointer}/responses")[0].items()
        }
        status = str(exchange.status)
        key = (
            status
            if status in responses
            else f"{status[0]}XX"
            if f"{status[0]}XX" in responses
            else "default"
        )
        if key in responses:
            return key
        documented = ", ".join(sorted(responses))
        yield Finding.of(
            "SPEC-STATUS", index, exchange, f"{operation.name} documents {documented}, not {status}"
        )
        return None

    def _unknown(self, index: int, exchange: Exchange, base: str | None) -> Iterator[Finding]:
        """An operation the spec does not have: refusing it (404, 405) is what HTTP says a
        server does, or a 400 where no path could be spelt so (``bad_target``); serving it
        anything else is the finding. A HEAD is HTTP's GET without its body (RFC 9110, 9.3.2),
        which every server of a GET may answer: its status is the GET's. An OPTIONS asks what a
        path allows (9.3.7), which any server may answer with a 2xx on a path it serves (Django
        REST framework's metadata, Express's cors middleware answer each one)."""
        read_as = read_by(exchange.method)
        if read_as is not None and (read := self.operation(read_as, exchange.url, base)) is not None:
            yield from self._documented(index, exchange, read)
            return
        if exchange.status in (404, 405, 501) or (exchange.status == 400 and bad_target(exchange.url)):
            return
        route = self.routes.route(exchange.url, base)
        if exchange.method == "OPTIONS" and route is not None and 200 <= exchange.status < 300:
            return
        path = urlsplit(exchange.url).path
        if route is None and base is not None and below(path, base):
            said = f"no documented path is {path[len(base) :]} (the API's base here is {base or '/'})"
        elif route is None and base is not None:
            said = f"the path is under no base this host serves the API at ({base or '/'})"
        elif route is None:
            said = "no documented path ends like this one"
        else:
            documented = sorted(route[1])
            are = "is" if len(documented) == 1 else "are"
            said = f"{exchange.method} is not documented for {route[0]} ({', '.join(documented)} {are})"
        yield Finding.of("SPEC-OPERATION", index, exchange, f"{said}, yet answered {exchange.status}")

    def parameter_findings(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        """SPEC-REQUEST's half of a 2xx exchange's query and path parameters (``parameters.py``)."""
        values = given(exchange.url, operation.params)
        for problem in parameter_problems(self._parameters(operation.pointer), values, self._value_problems):
            yield Finding.of(
                "SPEC-REQUEST", index, exchange, f"answered 2xx to a request the spec refuses: {problem}"
            )

    def _request_findings(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        yield from self.parameter_findings(index, exchange, operation)
        body = self._node(f"{operation.pointer}/requestBody")
        media = (body[0] or {}).get("content", {}).get("application/json") if body[0] else None
        if media is None or "schema" not in media or not exchange.request_kept:
            return
        if not exchange.request_body.strip():
            if body[0].get("required"):
                yield Finding.of(
                    "SPEC-REQUEST",
                    index,
                    exchange,
                    "answered 2xx to a request without the body the spec requires",
                )
            return
        document = exchange.request_json
        if isinstance(document, Unreadable):
            yield Finding.of(
                "SPEC-REQUEST", index, exchange, f"answered 2xx to a body that is {document.why}"
            )
            return
        pointer = f"{body[1]}/content/application~1json/schema"
        for problem in self._problems(pointer, document, write=True):
            yield Finding.of(
                "SPEC-REQUEST", index, exchange, f"answered 2xx to a request the spec refuses: {problem}"
            )

    def _response_findings(self, index: int, exchange: Exchange, pointer: str) -> Iterator[Finding]:
        response, where = self._node(pointer)
        content = (response or {}).get("content") or {}
        media = next((m for name, m in content.items() if "json" in name), None)
        if media is None or "schema" not in media or not exchange.response_kept:
            return
        document = exchange.response_json
        if isinstance(document, Unreadable):
            yield Finding.of(
                "SPEC-RESPONSE", index, exchange, f"the answer is {document.why}, where JSON is documented"
            )
            return
        json_name = next(name for name in content if "json" in name).replace("/", "~1")
        for problem in self._problems(f"{where}/content/{json_name}/schema", document, write=False):
            yield Finding.of("SPEC-RESPONSE", index, exchange, f"the answer breaks its schema: {problem}")

    def _problems(self, pointer: str, document: Any, *, write: bool) -> Iterator[str]:
        for error in self._errors(pointer, document, write):
            where = "/".join(map(str, error.absolute_path)) or "(the body)"
            yield f"{where}: {error.message[:200]}"

    def _value_problems(self, pointer: str, value: Any) -> Iterator[str]:
        """A parameter's value: one value, so no place within it to name."""
        return (error.message[:200] for error in self._errors(pointer, value, True))

    def _errors(self, pointer: str, document: Any, write: bool) -> list[Any]:
        """The first three of ``document``'s errors against the schema at ``pointer``, by place."""
        if is_valid(self._native(pointer), document):
            return []
        errors = self._validator(pointer, write).iter_errors(document)
        return sorted(errors, key=lambda e: list(map(str, e.absolute_path)))[:3]

    @functools.cache  # noqa: B019 (as below)
    def _parameters(self, pointer: str) -> tuple[Parameter, ...]:
        return declared(self._node, pointer.rsplit("/", 1)[0], pointer)

    @functools.cache  # noqa: B019 (one Spec per run; its validators live as long as it does)
    def _validator(self, pointer: str, write: bool) -> Any:
        kind = OAS30WriteValidator if write else OAS30ReadValidator
        return kind({"$ref": f"{SPEC_URI}#{pointer}"}, registry=self._registry, format_checker=self._formats)

    @functools.cache  # noqa: B019 (as above)
    def _native(self, pointer: str) -> Callable[[Any], bool] | None:
        # One translation for reads and writes: the two differ only where readOnly or
        # writeOnly is written, which the native check leaves to Python.
        return native_check(self.document, pointer)

    def _node(self, pointer: str) -> tuple[Any, str]:
        """The node at ``pointer``, its local ``$ref`` followed, and the pointer it was found at."""
        node: Any = self.document
        for escaped in pointer.strip("/").split("/"):
            part = escaped.replace("~1", "/").replace("~0", "~")
            # YAML reads an unquoted status (200:) as a number.
            if isinstance(node, list):
                node = node[int(part)] if part.isdigit() and int(part) < len(node) else None
            else:
                node = (
                    node.get(part, node.get(int(part)) if part.isdigit() else None)
                    if isinstance(node, dict)
                    else None
                )
            if node is None:
                return None, pointer
        if isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/"):
            return self._node(node["$ref"][1:])
        return node, pointer


def _respelt(exchange: Exchange) -> bool:
    """A redirect of a path spelt with a trailing slash, which no documented path has, to one it
    has: HTTP's way (the sandbox's own routing answers 307), where its operation documents none."""
    path = urlsplit(exchange.url).path
    return (
        300 <= exchange.status < 400
        and len(path) > 1
        and path.endswith("/")
        and bool(header_value(exchange.response_headers, "location"))
    )


def _escaped(text: str) -> str:
    return text.replace("~", "~0").replace("/", "~1")
