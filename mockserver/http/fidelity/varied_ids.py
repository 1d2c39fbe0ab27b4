"""A varied server's ids on the wire: which of a request's path segments, query values and body
fields are ids, and each changed through the key's bijection (``variation.Ids``).

Only an id is rewritten. Every other byte of a request reaches the API as it came, so a malformed
or oddly spelled request stays the API's to refuse in its own words.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote_plus

from starlette.types import Receive, Scope

from mockserver.documents.json_depth import nested_within
from mockserver.http.connection.guard import replaying
from mockserver.http.fidelity.variation import ApiVariation, Ids
from mockserver.http.validation.validators import MAX_DEPTH

_INTEGER = re.compile(r"-?[0-9]+")


@dataclass
class Mounted:
    """One API as a varied server mounts it: its prefix, what of it varies, and its paths that
    hold integer ids (each a pattern naming them)."""

    prefix: str
    varies: ApiVariation
    id_paths: list[tuple[re.Pattern[str], tuple[str, ...]]] = field(default_factory=list)


def id_paths(prefix: str, paths: Mapping[str, Any]) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
    """Each path template with integer path parameters, as a pattern naming them."""
    found = []
    for template, item in paths.items():
        integers = set()
        for operation in (item or {}).values():
            if not isinstance(operation, dict):
                continue
            for parameter in [*operation.get("parameters", []), *item.get("parameters", [])]:
                if parameter.get("in") == "path" and parameter.get("schema", {}).get("type") == "integer":
                    integers.add(parameter["name"])
        if not integers:
            continue
        pattern = re.escape(prefix + template)
        for name in integers:
            pattern = pattern.replace(re.escape("{" + name + "}"), f"(?P<{_group(name)}>-?[0-9]{{1,18}})")
        pattern = re.sub(r"\\\{[^}]*\\\}", "[^/]+", pattern)
        found.append((re.compile(pattern + "$"), tuple(_group(name) for name in integers)))
    return found


def _group(name: str) -> str:
    return re.sub(r"\W", "_", name)


def decoded_scope(scope: Scope, mounted: Mounted, ids: Ids) -> Scope:
    """The request as the API knows it: its path's and query's ids decoded."""
    path = path_ids(scope["path"], mounted, ids.decode) or scope["path"]
    changed: dict[str, Any] = {}
    if path != scope["path"]:
        changed.update(path=path, raw_path=path.encode())
    query = scope.get("query_string", b"")
    decoded = _query_ids(query.decode("latin-1"), mounted.varies.id_fields, ids.decode)
    if decoded is not None:
        changed["query_string"] = decoded.encode("latin-1")
    return {**scope, **changed}


def _query_ids(query: str, fields: frozenset[str], change: Callable[[int], int]) -> str | None:
    """``query`` with each id's value changed, every other pair as it came, byte for byte:
    encoded again whole, ``%FF`` in another value reached the API as ``%EF%BF%BD``, ``;`` as
    ``%3B`` and a bare name with an ``=``. ``None`` where no pair names an id."""
    pairs = query.split("&")
    found = False
    for at, pair in enumerate(pairs):
        name, equals, value = pair.partition("=")
        number = unquote_plus(value)
        if equals and unquote_plus(name) in fields and integer(number):
            pairs[at] = f"{name}={change(int(number))}"
            found = True
    return "&".join(pairs) if found else None


def integer(value: str) -> bool:
    """An id as a client writes one. ``str.isdigit`` and ``\\d`` also take "²" and full-width digits, which
    ``int()`` refuses or the API never reads as a number: a query naming one was a 500."""
    return _INTEGER.fullmatch(value) is not None and len(value) < 12


async def decoded_body(receive: Receive, fields: frozenset[str], ids: Ids, scope: Scope) -> Receive:
    """The request's body, its ids decoded, handed on whole (a body that is no JSON as it came)."""
    chunks, more = [], True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            return receive
        chunks.append(message.get("body", b""))
        more = message.get("more_body", False)
    body = b"".join(chunks)
    with contextlib.suppress(ValueError):  # no JSON: the API's own check words the 400
        text = body.decode()
        # Nested deeper than the API reads, the parser's RecursionError was a 500: the API refuses it.
        if nested_within(text, MAX_DEPTH):
            body = json.dumps(changed_ids(json.loads(text), fields, ids.decode)).encode()
    scope["headers"] = [
        *((k, v) for k, v in scope.get("headers", []) if k.lower() != b"content-length"),
        (b"content-length", str(len(body)).encode()),
    ]
    return replaying(body, receive)


def changed_ids(node: Any, fields: Iterable[str], change: Any) -> Any:
    """``node`` with every integer id changed: a field named in ``fields``, or a list of them
    named in the plural (``provider_ids`` for ``provider_id``)."""
    if isinstance(node, dict):
        return {k: _id_value(k, v, fields, change) for k, v in node.items()}
    if isinstance(node, list):
        return [changed_ids(item, fields, change) for item in node]
    return node


def _id_value(name: str, value: Any, fields: Iterable[str], change: Any) -> Any:
    if type(value) is int and name in fields:
        return change(value)
    if isinstance(value, list) and name.endswith("s") and name[:-1] in fields:
        return [change(item) if type(item) is int else item for item in value]
    return changed_ids(value, fields, change)


def path_ids(path: str, mounted: Mounted, change: Callable[[int], int]) -> str | None:
    """``path`` with its integer ids changed, where it is one of the API's paths that hold any."""
    for pattern, names in mounted.id_paths:
        matched = pattern.match(path)
        if matched:
            for name in sorted(names, key=lambda n: -matched.start(n)):  # right to left: spans hold
                value = str(change(int(matched.group(name))))
                path = path[: matched.start(name)] + value + path[matched.end(name) :]
            return path
    return None
