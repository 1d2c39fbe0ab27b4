"""``serve --vendor-only``: the APIs as their vendors document them, and nothing of the sandbox's own.

The contract kit is proven on this server as on a stranger's: the control API is gone but
for its health (which no longer says it is a booking-sandbox) and the target data a vendor
would hand out, and every field an API's adapter names as the sandbox's own addition is
taken out of its answers (``SANDBOX_ONLY_FIELDS`` in each vocabulary; docs/fidelity.md
lists them). Answers are rewritten only in this mode, so a default server pays nothing.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from connexion import AsyncApp
from connexion.middleware import MiddlewarePosition
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.http.errors import MountedApi
from mockserver.http.fidelity.rewritten import RewrittenJson
from mockserver.http.fidelity.variation import ApiVariation, Variation
from mockserver.http.fidelity.varied import Varied


def serve_as_a_vendor(
    app: AsyncApp,
    *,
    control_mount: str,
    mounted: list[MountedApi],
    sandbox_only: Mapping[str, tuple[str, ...]],
) -> None:
    """``--vendor-only``: the APIs as a vendor's own server shows them, given each API's
    sandbox-only fields by its name (each adapter's)."""
    # Outside even the dashboard's: its pages are the sandbox's own, and go too.
    app.add_middleware(
        VendorOnly,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        control_mount=control_mount,
        kept_control=("/health", "/target-data"),
        removed={api.prefix: sandbox_only.get(api.adapter.name, ()) for api in mounted},
    )


def vary(
    app: AsyncApp,
    *,
    control_mount: str,
    mounted: list[MountedApi],
    variation: Variation | None,
    varied: Mapping[str, ApiVariation],
    key_of: Callable[[str], str | None],
) -> None:
    """``--vary`` (nothing without a variation): each API's open choices (by its name) made
    otherwise, for the sandbox key in an ``Authorization`` value. Added after ``BodyGuard``, so
    inside it: a body it reads whole to decode its ids is one the guard has already bounded."""
    if variation is None:
        return
    app.add_middleware(
        Varied,
        position=MiddlewarePosition.BEFORE_SWAGGER,
        variation=variation,
        apis={
            api.adapter.name: (api.prefix, varied[api.adapter.name], api.paths)
            for api in mounted
            if api.adapter.name in varied
        },
        key_of=key_of,
        control_mount=control_mount,
    )


_NOT_OFFERED = json.dumps({"error": "not found"}).encode()


class VendorOnly:
    def __init__(
        self,
        app: ASGIApp,
        *,
        control_mount: str,
        kept_control: Iterable[str],
        removed: Mapping[str, tuple[str, ...]],
    ) -> None:
        """``removed``: each API's mount (``""`` when served at the root) and the dotted paths of
        its sandbox-only fields (``*`` for every item of a list)."""
        self.app = app
        self.control_mount = control_mount
        self.kept_control = frozenset(f"{control_mount}{path}" for path in kept_control)
        # Longest mount first, so /bardge/v3 is not taken for a mount at the root.
        self.removed = sorted(removed.items(), key=lambda item: -len(item[0]))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith(self.control_mount + "/") or path == self.control_mount:
            if path not in self.kept_control:
                await _not_found(send)
                return
            await self.app(scope, receive, send)
            return
        fields = next((paths for mount, paths in self.removed if path.startswith(mount + "/")), ())
        if not fields:
            await self.app(scope, receive, send)
            return
        await self.app(scope, receive, RewrittenJson(send, functools.partial(_stripped, fields)))


def _stripped(fields: tuple[str, ...], document: Any) -> Any:
    for field in fields:
        _remove(document, field.split("."))
    return document


def _remove(node: Any, path: list[str]) -> None:
    head, rest = path[0], path[1:]
    if head == "*":
        for item in node if isinstance(node, list) else ():
            _remove(item, rest)
        return
    if not isinstance(node, dict) or head not in node:
        return
    if rest:
        _remove(node[head], rest)
    else:
        del node[head]


async def _not_found(send: Send) -> None:
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(_NOT_OFFERED)).encode())]
    await send({"type": "http.response.start", "status": 404, "headers": headers})
    await send({"type": "http.response.body", "body": _NOT_OFFERED})
