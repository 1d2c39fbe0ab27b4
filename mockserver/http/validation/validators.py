"""Connexion validators with real format checks, a clean 400 for undecodable bodies, and
compiled schemas reused across requests.

Connexion builds a fresh jsonschema validator (and deep-copies each parameter schema) on every
request, a large share of the work at the rates the sandbox targets. The subclasses here compile
each schema once per app, natively where possible (``compiled.CompiledSchema``);
``build_validator_map`` binds a set of them to one app's cache and format checker."""

from __future__ import annotations

import json
import math
from collections.abc import AsyncGenerator, Iterable, Iterator, MutableMapping
from typing import Any, ClassVar

import orjson
from connexion.datastructures import MediaTypeDict
from connexion.exceptions import BadRequestProblem, NonConformingResponseBody
from connexion.json_schema import Draft4RequestValidator, Draft4ResponseValidator
from connexion.validators import (
    JSONRequestBodyValidator,
    JSONResponseBodyValidator,
    TextResponseBodyValidator,
)
from jsonschema import FormatChecker, ValidationError
from starlette.types import Scope, Send

from mockserver.documents.json_depth import nested_within
from mockserver.http.validation.compiled import SchemaCache
from mockserver.http.validation.parameters import CachedParameters

# No API's body is more than a few levels deep; validating (or dumping) a deeper one
# would recurse past Python's limit.
MAX_DEPTH = 32


# The largest integer any store keeps (a signed 64-bit column); a larger literal is refused at
# parse time rather than overflowing where it is written.
LARGEST_INTEGER = 2**63 - 1


class _NotFinite:
    """Where the body held NaN, ±Infinity or a number no column holds: found after parsing, so
    the refusal can name the field."""

    def __init__(self, literal: str) -> None:
        self.literal = literal


def _loads(text: str) -> Any:
    found: list[_NotFinite] = []

    def constant(literal: str) -> _NotFinite:
        found.append(_NotFinite(literal))
        return found[-1]

    def real(literal: str) -> float | _NotFinite:
        value = float(literal)
        return value if math.isfinite(value) else constant(literal)

    def integer(literal: str) -> int | _NotFinite:
        if len(literal) > 20:
            return constant(literal)
        value = int(literal)
        return value if -LARGEST_INTEGER - 1 <= value <= LARGEST_INTEGER else constant(literal)

    body = json.loads(text, parse_constant=constant, parse_float=real, parse_int=integer)
    if found:
        where, literal = _first_not_finite(body)
        raise BadRequestProblem(
            detail=f"'{where}' is not a finite number within range ({literal[:40]}): "
            "NaN, Infinity and overflowing numbers are refused"
        )
    return body


def _first_not_finite(body: Any) -> tuple[str, str]:
    for where, value in _nodes(body):
        if isinstance(value, _NotFinite):
            return where, value.literal
    return "body", "?"


def _nodes(body: Any) -> Iterator[tuple[str, Any]]:
    """Every value of ``body`` and every key of its objects, each with where it is
    (``customers[0].name``; a key where its value is), for a refusal to name the field."""
    pending: list[tuple[Any, str]] = [(body, "")]
    while pending:
        value, where = pending.pop()
        yield where or "body", value
        if isinstance(value, dict):
            for key, child in value.items():
                inner = f"{where}.{key}" if where else str(key)
                yield inner, key
                pending.append((child, inner))
        elif isinstance(value, list):
            pending.extend((child, f"{where}[{index}]") for index, child in enumerate(value))


def _decode_json(raw: bytes, encoding: str) -> Any:
    try:
        text = raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        raise BadRequestProblem(detail=f"request body is not valid {encoding} text") from None
    if not text:
        return None
    if text[0] == "\ufeff":  # Python's own words were "decode using utf-8-sig"
        bom = "a byte order mark, which JSON on the wire may not carry (RFC 8259 8.1)"
        raise BadRequestProblem(
            detail=f"request body starts with {bom}: send it without (as 'UTF-8', not 'with BOM')"
        )
    if not nested_within(text, MAX_DEPTH):
        raise BadRequestProblem(detail=f"request body is nested more than {MAX_DEPTH} levels deep")
    try:
        body = _loads(text)
    except json.JSONDecodeError as error:
        raise BadRequestProblem(detail=f"request body is not valid JSON: {error}") from None
    if not storable(text, body):
        raise BadRequestProblem(detail="request body contains invalid unicode escapes")
    where = _nul_at(body) if "\\u0000" in text else None
    if where is not None:
        raise BadRequestProblem(
            detail=f"'{where[:200]}' holds a NUL character (\\u0000), which no text field takes"
        )
    return body


def storable(text: str, body: Any) -> bool:
    """Whether ``body``, parsed from ``text``, holds no lone surrogate ("\\ud800" parses, but no
    database can store it). Only an escape puts one in ASCII text; where there is none, the
    body is not encoded again to look."""
    if text.isascii() and "\\u" not in text:
        return True
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _nul_at(body: Any) -> str | None:
    """Where a string of ``body`` (a key or a value) holds U+0000, if one does: PostgreSQL's
    text refuses it (a team server answered 500 where SQLite stored it), so both refuse it
    alike. Only the escape spells it in JSON, so a body without one is not walked."""
    for where, value in _nodes(body):
        if isinstance(value, str) and "\x00" in value:
            return where.replace("\x00", "\\u0000")
    return None


CHECKED_BODY = "booking_sandbox.checked_body"
"""The scope's extension holding the request's JSON body as its check parsed it, in a 1-tuple
(a body may be null)."""


class CachedJSONBody(JSONRequestBodyValidator):  # type: ignore[misc]
    cache: ClassVar[SchemaCache]

    @property
    def _validator(self) -> Any:
        return self.cache.get("request", self._schema, Draft4RequestValidator)

    def _validate(self, body: Any) -> None:
        """Connexion's check, naming the field first as a parameter's refusal does (``body field
        'date': …``): Connexion put it last (``… - 'date'``), where it read as part of the value."""
        if not self._nullable and body is None:
            raise BadRequestProblem(detail="Request body must not be empty")
        try:
            self._validator.validate(body)
        except ValidationError as error:
            where = "".join(
                f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path
            )
            said = f"body field '{where.removeprefix('.')}': {error.message}" if where else error.message
            raise BadRequestProblem(detail=said) from None

    async def _parse(self, stream: AsyncGenerator[bytes, None], scope: Scope) -> Any:
        body = _decode_json(b"".join([chunk async for chunk in stream]), self._encoding)
        # The operation's call takes the body from here rather than parsing the bytes again.
        scope.setdefault("extensions", {})[CHECKED_BODY] = (body,)
        return body


class CachedJSONResponse(JSONResponseBodyValidator):  # type: ignore[misc]
    cache: ClassVar[SchemaCache]

    def wrap_send(self, send: Send) -> Send:
        """Connexion's ``wrap_send``, with an answer whose bytes passed this schema before let
        through unchecked (``passed.py``)."""
        messages: list[MutableMapping[str, Any]] = []

        async def send_(message: MutableMapping[str, Any]) -> None:
            messages.append(message)
            if message["type"] == "http.response.start" or message.get("more_body", False):
                return
            raw = b"".join(message.get("body", b"") for message in messages)
            validator = self.validator
            key = self.cache.passed.key(validator, self._encoding, raw) if raw else None
            if key is None or key not in self.cache.passed:
                body = self._parse(iter((raw,)))
                if not (body is None and self._nullable):
                    self._validate(body)
                if key is not None:
                    self.cache.passed.add(key)
            while messages:
                await send(messages.pop(0))

        return send_

    def _parse(self, stream: Iterable[bytes]) -> Any:
        """The answer read back with orjson (a handler's own JSON, written by ``json_text``)."""
        body = b"".join(stream).decode(self._encoding)
        if not body:
            return None
        try:
            return orjson.loads(body)
        except orjson.JSONDecodeError as error:
            raise NonConformingResponseBody(str(error)) from None

    @property
    def validator(self) -> Any:
        return self.cache.get("response", self._schema, Draft4ResponseValidator)


def build_validator_map(format_checker: FormatChecker) -> dict[str, Any]:
    cache = SchemaCache(format_checker)
    body = type("AppJSONBody", (CachedJSONBody,), {"cache": cache})
    response = type("AppJSONResponse", (CachedJSONResponse,), {"cache": cache})
    parameters = type("AppParameters", (CachedParameters,), {"cache": cache})
    return {
        "parameter": parameters,
        "body": MediaTypeDict({"*/*json": body}),
        "response": MediaTypeDict({"*/*json": response, "text/plain": TextResponseBodyValidator}),
    }
