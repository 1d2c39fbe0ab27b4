"""``OPTIONS *`` (RFC 9110 9.3.7): a question to the server as a whole, not to any resource.

Answered 204 with the methods some resource of this server takes, on every server: one serving
an API at the root (``--root``) and a vendor-only one (``--vendor-only``) too, which serve no
front page and answered 404 ("no API is mounted at /*"). ``*`` with any other method is no
request for anything (RFC 9110 7.1): a 400 saying so, in the words of a miss outside every API.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

SERVED = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"
"""What some resource of this server takes: the answer to ``OPTIONS *``."""

_ONLY_OPTIONS = "the target * is asked with OPTIONS only (RFC 9110 7.1)"


class ServerOptions:
    """ASGI middleware answering every request whose target is ``*``; the rest passes on."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "*":
            await self._app(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":
            status, kind, body = 204, [], b""
        else:
            problem = {"type": "about:blank", "title": "Bad Request", "status": 400, "detail": _ONLY_OPTIONS}
            status, kind, body = (
                400,
                [(b"content-type", b"application/problem+json")],
                json.dumps(problem).encode(),
            )
        headers = [*kind, (b"allow", (SERVED if status == 204 else "OPTIONS").encode())]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
