"""``OPTIONS *`` (RFC 9110 9.3.7): a question to the server as a whole, not to any resource.

Answered 204 with the methods some resource of the server takes; ``*`` with any other method
is no request for anything (RFC 9110 7.1), a 400 saying so. ``server_wide`` is the answer, for
this server and for the validating proxy (``live_checks/proxy.py``, in its API's error shape).
``ServerOptions`` gives it on every server: one serving an API at the root (``--root``) and a
vendor-only one (``--vendor-only``) too, which serve no front page and answered 404 ("no API is
mounted at /*"); a refusal there is in the words of a miss outside every API.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

ASTERISK = "*"
"""The request target of ``OPTIONS *`` (RFC 9112 3.2.4), as the ASGI scope's path holds it."""
SERVED = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
"""What some resource of this server takes: its answer to ``OPTIONS *``."""


async def server_wide(
    scope: Scope,
    send: Callable[..., Any],
    allow: str,
    refusal: Callable[[int, str], tuple[str, bytes]],
) -> None:
    """``OPTIONS *`` answered 204 with ``allow``; another method of ``*`` refused 400 with
    ``refusal``'s media type and body."""
    if scope["method"] == "OPTIONS":
        headers = [(b"allow", allow.encode()), (b"content-length", b"0")]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    kind, body = refusal(400, "the target * is asked with OPTIONS only (RFC 9110 7.1)")
    headers = [
        (b"content-type", kind.encode()),
        (b"content-length", str(len(body)).encode()),
        (b"allow", b"OPTIONS"),
    ]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class ServerOptions:
    """ASGI middleware answering every request whose target is ``*``; the rest passes on."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == ASTERISK:
            await server_wide(scope, send, SERVED, _outside)
            return
        await self._app(scope, receive, send)


def _outside(status: int, said: str) -> tuple[str, bytes]:
    problem = {"type": "about:blank", "title": "Bad Request", "status": status, "detail": said}
    return "application/problem+json", json.dumps(problem).encode()
