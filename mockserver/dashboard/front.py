"""``GET /``: what this server serves, for whoever opens its address first.

A browser (``Accept: text/html``) gets a small page linking each API's base URL and docs,
the control API's docs, the dashboard and the health check; anything else gets the same as
JSON. A server serving one API at the root (``--root``) leaves ``/`` to that API, and a
vendor-only server (``--vendor-only``) to nobody: a vendor's root says nothing of a sandbox.

``OPTIONS /`` is answered 204 with what ``/`` takes, where it was a 404: a load balancer's
default health check (HAProxy's ``option httpchk`` sends ``OPTIONS /``) took every replica for
down. Another method of ``/`` is a 405 naming what ``/`` takes, not a 404 for a page that is
there. (``OPTIONS *``, the server as a whole, is every server's: ``http/connection/server_options.py``.)
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.types import ASGIApp, Receive, Scope, Send

from mockserver.control.vocabulary import MEDIA_TYPE, ControlAdapter
from mockserver.http.adapter import ErrorReport

from .routes import MOUNT, SECURITY_HEADERS


class FrontPage:
    """ASGI middleware answering ``GET`` and ``HEAD`` of exactly ``/``; the rest passes on."""

    def __init__(self, app: ASGIApp, *, mounts: Mapping[str, str], control: str) -> None:
        self._app = app
        self._index: dict[str, Any] = {
            "service": "booking-sandbox",
            "apis": [
                {"name": name, "base_path": f"{mount}/", "docs": f"{mount}/ui/"}
                for name, mount in mounts.items()
            ],
            # The control API (clock, faults, webhooks, state) is found from here or not at all.
            "control": {"base_path": f"{control}/", "docs": f"{control}/ui/"},
            "dashboard": f"{MOUNT}/",
            "health": f"{control}/health",
        }
        templates = Environment(
            loader=PackageLoader("mockserver.dashboard", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            undefined=StrictUndefined,
        )
        self._html = templates.get_template("front.html").render(**self._index).encode()
        self._json = json.dumps(self._index, indent=2).encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/":
            await self._app(scope, receive, send)
            return
        method = scope["method"]
        if method == "OPTIONS":
            headers = [(b"allow", OWN.encode()), (b"content-length", b"0")]
            await send({"type": "http.response.start", "status": 204, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        if method not in ("GET", "HEAD"):
            await self._refuse(send)
            return
        accept = dict(scope.get("headers", [])).get(b"accept", b"")
        html = b"text/html" in accept
        body, kind = (self._html, b"text/html; charset=utf-8") if html else (self._json, b"application/json")
        headers = [
            (b"content-type", kind),
            (b"content-length", str(len(body)).encode()),
            (b"vary", b"Accept"),
            *((name.lower().encode(), value.encode()) for name, value in SECURITY_HEADERS.items()),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    async def _refuse(self, send: Send) -> None:
        """A method ``/`` does not take, in the control API's words."""
        report = ErrorReport(405, f"/ takes {OWN} only", code="method_not_allowed")
        body = json.dumps(ControlAdapter().error_body(report)).encode()
        headers = [
            (b"content-type", MEDIA_TYPE.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"allow", OWN.encode()),
        ]
        await send({"type": "http.response.start", "status": 405, "headers": headers})
        await send({"type": "http.response.body", "body": body})


OWN = "GET, HEAD, OPTIONS"
"""What ``/`` takes."""
