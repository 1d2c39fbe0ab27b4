"""``serve --vendor-only --vary SEED``: a vendor's server whose open choices differ from this
sandbox's (``variation.py`` draws them). A contract kit that passes here relies on no habit of
this sandbox.

Ids are rewritten on the wire, both ways, with one bijection per sandbox key: an answer's
ids are encoded, a request's (path, query, JSON body) decoded, and a number no id encodes to
names nothing (the largest id, which no sandbox reaches). Each API's adapter names what may
vary (``VARIED`` in its vocabulary); the world's own choices (the booking window, each
account's catalogue) are made by ``Variation`` for the app factory.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.documents.json_depth import nested_within
from mockserver.http.connection.guard import replaying
from mockserver.http.fidelity.rewritten import RewrittenJson
from mockserver.http.fidelity.variation import INSTANT, ApiVariation, Ids, Variation
from mockserver.http.validation.validators import MAX_DEPTH

_INTEGER = re.compile(r"-?[0-9]+")


@dataclass
class _Mounted:
    prefix: str
    varies: ApiVariation
    id_paths: list[tuple[re.Pattern[str], tuple[str, ...]]] = field(default_factory=list)


class Varied:
    """ASGI middleware (inside ``VendorOnly``): rewrites ids, instants and list order, and
    leaves optional fields out."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        variation: Variation,
        apis: Mapping[str, tuple[str, ApiVariation, Mapping[str, Any]]],
        key_of: Callable[[str], str | None],
        control_mount: str,
    ) -> None:
        """``apis``: each API's mount, variation and spec paths (for its integer path ids), by
        the API's name; ``key_of``: the sandbox key in an ``Authorization`` value."""
        self.app = app
        self.variation = variation
        self.key_of = key_of
        self.target_data = f"{control_mount}/target-data"
        self.mounted = sorted(
            (_Mounted(prefix, varies, _id_paths(prefix, paths)) for prefix, varies, paths in apis.values()),
            key=lambda mounted: -len(mounted.prefix),  # /bardge/v3 before a mount at the root
        )
        self.by_name = {name: varies for name, (_, varies, _) in apis.items()}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        key = self.key_of(headers.get(b"authorization", b"").decode("latin-1"))
        path: str = scope["path"]
        if path == self.target_data and key is not None:
            await self.app(
                scope, receive, RewrittenJson(send, lambda doc: _encode_target_data(doc, self, key))
            )
            return
        mounted = next((m for m in self.mounted if path.startswith(m.prefix + "/")), None)
        if mounted is None or key is None:
            await self.app(scope, receive, send)
            return
        ids = self.variation.ids(key)
        scope = _decoded_scope(scope, mounted, ids)
        if mounted.varies.id_fields and scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            receive = await _decoded_body(receive, mounted.varies.id_fields, ids, scope)
        answer = RewrittenJson(
            send,
            lambda doc: self.shown(doc, mounted.varies, ids, error=answer.status >= 400),
            functools.partial(_id_header, mounted, ids),
        )
        await self.app(scope, receive, answer)

    def shown(self, document: Any, varies: ApiVariation, ids: Ids, *, error: bool = False) -> Any:
        """An answer as this variation's server shows it."""
        document = _ids(document, varies.id_fields, ids.encode)
        if varies.embedded_ids:
            document = _embedded(document, varies.embedded_ids, ids.encode)
        if error and self.variation.code_namespace:
            for path in varies.error_codes:
                _prefixed(document, path, self.variation.code_namespace, varies.documented_codes)
        if varies.offsets:
            document = _instants(document, self.variation.offset, self.variation.fractions)
        if self.variation.reversed_lists:
            for dotted in varies.unordered_lists:
                _reverse(document, dotted.split("."))
        if self.variation.omits_optional and (varies.optional_fields or varies.inferred_fields):
            document = _omitted(document, varies.optional_fields, varies.inferred_fields)
        return document


def _id_paths(prefix: str, paths: Mapping[str, Any]) -> list[tuple[re.Pattern[str], tuple[str, ...]]]:
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


def _decoded_scope(scope: Scope, mounted: _Mounted, ids: Ids) -> Scope:
    """The request as the API knows it: its path's and query's ids decoded. Anything else is
    left as it came, bytes for bytes, so a malformed request stays the API's to refuse."""
    path = _path_ids(scope["path"], mounted, ids.decode) or scope["path"]
    changed: dict[str, Any] = {}
    if path != scope["path"]:
        changed.update(path=path, raw_path=path.encode())
    query = scope.get("query_string", b"").decode("latin-1")
    fields = mounted.varies.id_fields
    pairs = parse_qsl(query, keep_blank_values=True)
    if any(name in fields and _integer(value) for name, value in pairs):
        decoded = [(n, str(ids.decode(int(v))) if n in fields and _integer(v) else v) for n, v in pairs]
        changed["query_string"] = urlencode(decoded).encode("latin-1")
    return {**scope, **changed}


def _integer(value: str) -> bool:
    """An id as a client writes one. ``str.isdigit`` and ``\\d`` also take "²" and full-width digits, which
    ``int()`` refuses or the API never reads as a number: a query naming one was a 500."""
    return _INTEGER.fullmatch(value) is not None and len(value) < 12


async def _decoded_body(receive: Receive, fields: frozenset[str], ids: Ids, scope: Scope) -> Receive:
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
            body = json.dumps(_ids(json.loads(text), fields, ids.decode)).encode()
    scope["headers"] = [
        *((k, v) for k, v in scope.get("headers", []) if k.lower() != b"content-length"),
        (b"content-length", str(len(body)).encode()),
    ]
    return replaying(body, receive)


def _ids(node: Any, fields: Iterable[str], change: Any) -> Any:
    """``node`` with every integer id changed: a field named in ``fields``, or a list of them
    named in the plural (``provider_ids`` for ``provider_id``)."""
    if isinstance(node, dict):
        return {k: _id_value(k, v, fields, change) for k, v in node.items()}
    if isinstance(node, list):
        return [_ids(item, fields, change) for item in node]
    return node


def _id_value(name: str, value: Any, fields: Iterable[str], change: Any) -> Any:
    if type(value) is int and name in fields:
        return change(value)
    if isinstance(value, list) and name.endswith("s") and name[:-1] in fields:
        return [change(item) if type(item) is int else item for item in value]
    return _ids(value, fields, change)


def _embedded(node: Any, prefixes: tuple[str, ...], change: Callable[[int], int]) -> Any:
    """``node`` with the id at the end of each ``prefix<id>`` string changed."""
    if isinstance(node, dict):
        return {k: _embedded(v, prefixes, change) for k, v in node.items()}
    if isinstance(node, list):
        return [_embedded(item, prefixes, change) for item in node]
    if isinstance(node, str):
        for prefix in prefixes:
            number = node.removeprefix(prefix)
            if number != node and number.isascii() and number.isdigit():
                return f"{prefix}{change(int(number))}"
    return node


def _instants(node: Any, offset: timezone, fractions: bool) -> Any:
    if isinstance(node, dict):
        return {k: _instants(v, offset, fractions) for k, v in node.items()}
    if isinstance(node, list):
        return [_instants(item, offset, fractions) for item in node]
    if isinstance(node, str) and INSTANT.fullmatch(node):
        moved = datetime.fromisoformat(node.replace("Z", "+00:00")).astimezone(offset)
        return moved.isoformat(timespec="microseconds" if fractions and moved.microsecond else "seconds")
    return node


def _omitted(node: Any, when_null: frozenset[str], always: frozenset[str]) -> Any:
    if isinstance(node, dict):
        return {
            k: _omitted(v, when_null, always)
            for k, v in node.items()
            if k not in always and not (v is None and k in when_null)
        }
    if isinstance(node, list):
        return [_omitted(item, when_null, always) for item in node]
    return node


def _prefixed(node: Any, path: tuple[str, ...], prefix: str, kept: frozenset[str]) -> None:
    """Every string at ``path`` (``*``: each item of a list) but the ``kept`` ones given
    ``prefix``, in place."""
    head, rest = path[0], path[1:]
    children = (
        list(enumerate(node)) if head == "*" and isinstance(node, list)
        else [(head, node[head])] if isinstance(node, dict) and head in node
        else []
    )  # fmt: skip
    for at, child in children:
        if rest:
            _prefixed(child, rest, prefix, kept)
        elif isinstance(child, str) and child not in kept:
            node[at] = prefix + child


def _reverse(node: Any, path: list[str]) -> None:
    head, rest = path[0], path[1:]
    if not isinstance(node, dict) or head not in node:
        return
    if rest:
        _reverse(node[head], rest)
    elif isinstance(node[head], list):
        node[head].reverse()


def _encode_target_data(document: Any, varied: Varied, key: str) -> Any:
    """The target data in the varied server's own ids (each API's section by its fields)."""
    if not isinstance(document, dict):
        return document
    ids = varied.variation.ids(key)
    encoded = {
        api: _ids(section, varied.by_name[api].id_fields, ids.encode) if api in varied.by_name else section
        for api, section in document.items()
    }
    merchant = encoded.get("merchant")
    if varied.variation.reversed_lists and isinstance(merchant, dict) and "locations" in merchant:
        # A vendor lists its locations in its own order: the first may be one that offers nothing.
        encoded["merchant"] = {**merchant, "locations": list(reversed(merchant["locations"]))}
    return encoded


def _id_header(mounted: _Mounted, ids: Ids, name: bytes, value: bytes) -> tuple[bytes, bytes]:
    """An answer's header, its id encoded where it names one (``X-Booking-Id``, ``Location``)."""
    lowered = name.lower().decode("latin-1")
    text = value.decode("latin-1")
    if lowered in mounted.varies.id_headers and _integer(text):
        return name, str(ids.encode(int(text))).encode()
    if lowered == "location":
        parts = urlsplit(text)
        if (path := _path_ids(parts.path, mounted, ids.encode)) is not None:
            return name, urlunsplit(parts._replace(path=path)).encode("latin-1")
    return name, value


def _path_ids(path: str, mounted: _Mounted, change: Callable[[int], int]) -> str | None:
    """``path`` with its integer ids changed, where it is one of the API's paths that hold any."""
    for pattern, names in mounted.id_paths:
        matched = pattern.match(path)
        if matched:
            for name in sorted(names, key=lambda n: -matched.start(n)):  # right to left: spans hold
                value = str(change(int(matched.group(name))))
                path = path[: matched.start(name)] + value + path[matched.end(name) :]
            return path
    return None
