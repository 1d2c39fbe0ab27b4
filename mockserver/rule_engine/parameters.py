"""SPEC-REQUEST's other half: the query and path parameters a request gave, held to the ones
its operation documents, where the answer was 2xx.

The kit's Schemathesis runs judge this (``negative_data_rejection``: a request its schema
refuses answered 2xx) and the body half was the engine's; without this half a vendor answering
``limit=0``, ``page_size=1000`` or a missing ``service_id`` with a 200 passed the proxy and
check-har. A value is read as the text a query or path segment gives, turned into the schema's
type the way servers commonly do (``01`` is the integer 1, ``TRUE`` and ``1`` are true), so
that a vendor is held only to what no reading of the spec lets it take. Left unjudged, each
with its reason: a parameter given more than once (servers take the first, the last or all),
a header's or a cookie's (clients and ingresses add and rewrite them), one the spec does not
name (servers commonly ignore them), an array's or an object's (their spellings vary by style),
an optional one given empty (``date=`` from an empty form field: Laravel's default middleware,
among others, reads it as not given).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

JUDGED = ("query", "path")
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_NUMBER = re.compile(r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
_TRUE, _FALSE = frozenset({"true", "1"}), frozenset({"false", "0"})

Node = Callable[[str], tuple[Any, str]]
"""A spec's node at a JSON pointer, its local ``$ref`` followed, and where it was found."""


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    """``query`` or ``path``."""
    required: bool
    schema: str
    """The JSON pointer of its schema in the spec."""
    type: str | None
    given_as: str
    """The name a request's values are found under: a path parameter's as ``Spec`` matched the
    path (a regular expression's group, every character but a word's an underscore)."""


def declared(node: Node, path_item: str, operation: str) -> tuple[Parameter, ...]:
    """The judged parameters of the operation at pointer ``operation`` (under ``path_item``):
    the path item's, each overridden by the operation's of the same name and place."""
    found: dict[tuple[str, str], Parameter] = {}
    for owner in (path_item, operation):
        listed, _ = node(f"{owner}/parameters")
        for index in range(len(listed) if isinstance(listed, list) else 0):
            parameter, where = node(f"{owner}/parameters/{index}")
            if not isinstance(parameter, dict) or parameter.get("in") not in JUDGED:
                continue
            schema, schema_at = node(f"{where}/schema")
            kind = schema.get("type") if isinstance(schema, dict) else None
            if kind in ("array", "object") or "content" in parameter:
                continue
            name, place = str(parameter.get("name")), str(parameter["in"])
            required = bool(parameter.get("required")) or place == "path"
            given_as = group_name(name) if place == "path" else name
            found[(place, name)] = Parameter(name, place, required, schema_at, kind, given_as)
    return tuple(found.values())


def group_name(name: str) -> str:
    """A path parameter's name as a regular expression's group may spell it."""
    return re.sub(r"\W", "_", name)


def given(url: str, path_params: Mapping[str, str]) -> dict[tuple[str, str], list[str]]:
    """What a request gave for each place and name: a query's values (``+`` a space, as a form
    reads it), a path segment's, percent-decoded."""
    values: dict[tuple[str, str], list[str]] = {}
    for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        values.setdefault(("query", name), []).append(value)
    for name, value in path_params.items():
        values[("path", name)] = [unquote(value)]
    return values


def _within_int_limit(digits: str) -> bool:
    """Whether ``int()`` reads this many digits: past Python's limit (4,300) it raises, and the
    text is left for the schema to refuse."""
    limit = sys.get_int_max_str_digits()
    return not limit or len(digits.lstrip("+-")) <= limit


def coerced(text: str, kind: str | None) -> Any:
    """``text`` as the schema's type reads it, or the text itself where no reading fits (which
    the schema then refuses)."""
    if kind == "integer" and _INTEGER.fullmatch(text) and _within_int_limit(text):
        return int(text)
    if kind == "number" and _NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if kind == "boolean" and text.lower() in _TRUE | _FALSE:
        return text.lower() in _TRUE
    return text


def parameter_problems(
    parameters: tuple[Parameter, ...],
    values: Mapping[tuple[str, str], list[str]],
    problems: Callable[[str, Any], Iterator[str]],
) -> Iterator[str]:
    """What the spec refuses in ``values``: a required parameter missing, or one given once
    whose value its schema refuses (``problems`` of the schema's pointer and the value), an
    optional one given empty read as not given."""
    for parameter in parameters:
        given_values = values.get((parameter.where, parameter.given_as))
        if not given_values:
            if parameter.required:
                yield f"without its required {parameter.where} parameter '{parameter.name}'"
            continue
        text = given_values[0]
        if len(given_values) > 1 or (text == "" and not parameter.required):
            continue
        for problem in problems(parameter.schema, coerced(text, parameter.type)):
            yield f"{parameter.where} parameter '{parameter.name}' = {text[:80]!r}: {problem}"
