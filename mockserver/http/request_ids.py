"""Request ids: every response of the APIs that document one carries ``X-Request-Id``.

A caller's own well-formed ``X-Request-Id`` is echoed, so that a client's logs
and the sandbox's match; otherwise a fresh ``req_…`` id is made.
"""

from __future__ import annotations

import re
import secrets

from starlette.types import ASGIApp, Message, Receive, Scope, Send

_CALLER_ID = re.compile(rb"^[A-Za-z0-9._:-]{1,128}$")

# Where the id a response will carry is left for what runs inside (the journal records the
# answer before this middleware adds the header, and must show what the client received).
SCOPE_KEY = "booking_sandbox.request_id"


def fresh_request_id() -> str:
    return f"req_{secrets.token_hex(12)}"


def response_id_header(scope: Scope) -> tuple[str, str] | None:
    """The ``(name, value)`` request-id header this request's answer carries, if its API has one."""
    found: tuple[str, str] | None = scope.get(SCOPE_KEY)
    return found


class RequestIds:
    def __init__(self, app: ASGIApp, prefixes: list[str], header: str = "X-Request-Id") -> None:
        self._app = app
        self._prefixes = tuple(prefixes)
        self._header = header.lower().encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not any(path == p or path.startswith(p + "/") for p in self._prefixes):
            await self._app(scope, receive, send)
            return
        given = dict(scope.get("headers", [])).get(self._header, b"")
        request_id = given if _CALLER_ID.match(given) else fresh_request_id().encode()
        scope = {**scope, SCOPE_KEY: (self._header.decode("latin-1"), request_id.decode("latin-1"))}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != self._header]
                message = {**message, "headers": [*headers, (self._header, request_id)]}
            await send(message)

        await self._app(scope, receive, send_with_id)
