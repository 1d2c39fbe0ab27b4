"""``serve --vendor-only --vary SEED``: a vendor's server whose open choices differ from this
sandbox's (``variation.py`` draws them). A contract kit that passes here relies on no habit of
this sandbox.

Ids are rewritten on the wire, both ways, with one bijection per sandbox key: an answer's
ids are encoded, a request's (path, query, JSON body) decoded (``varied_ids.py``), and a number
no id encodes to names nothing (the largest id, which no sandbox reaches). Each API's adapter
names what may vary (``VARIED`` in its vocabulary); the world's own choices (the booking
window, each account's catalogue) are made by ``Variation`` for the app factory.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.http.fidelity.rewritten import RewrittenJson
from mockserver.http.fidelity.variation import INSTANT, ApiVariation, Ids, Variation
from mockserver.http.fidelity.varied_ids import (
    Mounted,
    changed_ids,
    decoded_body,
    decoded_scope,
    id_paths,
    integer,
    path_ids,
)


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
            (Mounted(prefix, varies, id_paths(prefix, paths)) for prefix, varies, paths in apis.values()),
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
        scope = decoded_scope(scope, mounted, ids)
        if mounted.varies.id_fields and scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            receive = await decoded_body(receive, mounted.varies.id_fields, ids, scope)
        answer = RewrittenJson(
            send,
            lambda doc: self.shown(doc, mounted.varies, ids, error=answer.status >= 400),
            functools.partial(_id_header, mounted, ids),
        )
        await self.app(scope, receive, answer)

    def shown(self, document: Any, varies: ApiVariation, ids: Ids, *, error: bool = False) -> Any:
        """An answer as this variation's server shows it."""
        document = changed_ids(document, varies.id_fields, ids.encode)
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
        api: changed_ids(section, varied.by_name[api].id_fields, ids.encode)
        if api in varied.by_name
        else section
        for api, section in document.items()
    }
    merchant = encoded.get("merchant")
    if varied.variation.reversed_lists and isinstance(merchant, dict) and "locations" in merchant:
        # A vendor lists its locations in its own order: the first may be one that offers nothing.
        encoded["merchant"] = {**merchant, "locations": list(reversed(merchant["locations"]))}
    return encoded


def _id_header(mounted: Mounted, ids: Ids, name: bytes, value: bytes) -> tuple[bytes, bytes]:
    """An answer's header, its id encoded where it names one (``X-Booking-Id``, ``Location``)."""
    lowered = name.lower().decode("latin-1")
    text = value.decode("latin-1")
    if lowered in mounted.varies.id_headers and integer(text):
        return name, str(ids.encode(int(text))).encode()
    if lowered == "location":
        parts = urlsplit(text)
        if (path := path_ids(parts.path, mounted, ids.encode)) is not None:
            return name, urlunsplit(parts._replace(path=path)).encode("latin-1")
    return name, value
