"""Calls from a web page on another origin (``--cors-origin``): the browser's preflight answered
and each answer marked readable, for the origins the user named and no other.

Off unless origins are named. The vendors' documents say nothing of cross-origin calls, so a
page that works against the sandbox this way may still be refused by a vendor: the README
says so where it offers the setting. Any other origin's preflight, and every request without
an ``Origin``, reaches the app as if this layer were not there (an undocumented ``OPTIONS``
answers 405 in its API's own error shape, never Starlette's plain-text 400).
"""

from __future__ import annotations

from connexion import AsyncApp
from connexion.middleware import MiddlewarePosition
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send


class CrossOrigin(CORSMiddleware):
    """Starlette's CORS middleware, only ever answering an origin it allows."""

    def __init__(self, app: ASGIApp, origins: tuple[str, ...]) -> None:
        super().__init__(
            app,
            allow_origins=origins,
            allow_methods=("*",),
            # Any header the page sends (Authorization, Idempotency-Key, X-Request-Id) and any
            # documented one it reads (Location, Retry-After, X-RateLimit-*): none is a cookie.
            allow_headers=("*",),
            expose_headers=("*",),
            # A page on a public origin calling the sandbox on this machine: the user named it.
            allow_private_network=True,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            origin = Headers(scope=scope).get("origin")
            if origin is None or not self.is_allowed_origin(origin):
                await self.app(scope, receive, send)
                return
        await super().__call__(scope, receive, send)


def allow_cross_origin(app: AsyncApp, origins: tuple[str, ...]) -> None:
    """Lets pages on ``origins`` call ``app`` from a browser; nothing when there are none."""
    if origins:
        app.add_middleware(CrossOrigin, position=MiddlewarePosition.BEFORE_EXCEPTION, origins=origins)
