"""The proxy command's own server beside the proxy: the journal of what passed through it.

Every exchange is journaled under the proxy's key in a sandbox server of its own, so a proxy's
traffic reads as a sandbox's does (``booking-sandbox journal``, its HAR, the dashboard). That
server is a sandbox's in every other way too, and no API call reaches it: its clock, faults,
webhooks, world and state are no one's. A client that took it for the sandbox behind the proxy
would move a clock that no booking reads, or read another world's ids (the contract kit did,
and judged a correct upstream by them). So it answers its journal, coverage and dashboard, says
in its health that it is a proxy's and to which upstream, and refuses the rest, saying where
to send it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from mockserver.documents.har import Exchange

VIEWS = "/_sandbox"
"""What the proxy answers itself, from its journal's server."""
ANSWERED = ("/health", "/journal", "/coverage", "/dashboard/static")
"""The paths under ``VIEWS`` (and below them) that are the proxy's own."""
PAGES = (
    "/dashboard",
    "/dashboard/",
    *(f"/dashboard/partials/{view}" for view in ("journal", "exchange", "coverage")),
)
"""The dashboard's page and its views of the journal (the page shows a proxy's journal and
coverage alone): its calendar, clock, faults, webhooks and state would be this server's, a
world and a clock no call through the proxy reads."""


class JournaledProxy:
    """The proxy, and beside it a server of its own journaling each exchange under ``key``."""

    def __init__(
        self, api: str, upstream: str, key: str, *, keep: bool = False, db: str = "", **proxy: Any
    ) -> None:
        from mockserver.control.journal_entries import Recorded  # noqa: PLC0415
        from mockserver.control.journal_filters import REQUEST  # noqa: PLC0415
        from mockserver.documents.har import UPSTREAM  # noqa: PLC0415
        from mockserver.live_checks.proxy import Proxy  # noqa: PLC0415
        from mockserver.server.app import create_server  # noqa: PLC0415
        from mockserver.server.settings import Settings  # noqa: PLC0415
        from mockserver.storage.tenancy.sandbox_rows import sandbox_hash  # noqa: PLC0415

        # No db: a temporary one of its own, removed with it (an in-process caller's, a test's).
        server = create_server(Settings.load({"apis": [api], "db": db}, environ={}))
        self.views = server.app
        self.said = {"api": api, "upstream": upstream}
        """What the health adds: whose journal this server keeps."""
        digest = sandbox_hash(key)

        async def journaled(exchange: Exchange) -> None:
            url = urlsplit(exchange.url)
            entry = Recorded(
                kind=REQUEST,
                api=api,
                method=exchange.method,
                path=url.path,
                query=url.query,
                status=exchange.status,
                duration_ms=exchange.duration_ms,
                request_headers=list(exchange.request_headers.items()),
                request_body=exchange.request_body,
                response_headers=list(exchange.response_headers.items()),
                response_body=exchange.response_body,
                url=exchange.url,
                # An upstream's fault is the journal's rule of the exchange, as a refusal's is
                # a sandbox's: the dashboard tags it, and its HAR says it for check-har.
                rule=UPSTREAM if exchange.upstream_fault else None,
                error=exchange.upstream_fault or exchange.comment or None,
                response_size=exchange.response_length,
                # Counted for the Coverage tab as the proxy judged it (the upstream's base path is
                # the vendor's own, under no mount of this server's): it counted none.
                operation=None if (found := self.proxy.check.operation(exchange)) is None else found.name,
            )
            await server.journal.submit_async(digest, entry)

        self.proxy = Proxy(api, upstream, keep=keep, recorded=journaled, **proxy)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == VIEWS or path.startswith(VIEWS + "/")):
            await self.proxy(scope, receive, send)
            return
        below = path[len(VIEWS) :]
        if below == "/health":
            await self._health(scope, receive, send)
        elif below in PAGES or any(below == own or below.startswith(own + "/") for own in ANSWERED):
            await self.views(scope, receive, send)
        else:
            await self._refuse(send)

    async def _health(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        """The server's health, saying it is this proxy's journal (``proxy``)."""
        started: dict[str, Any] = {}
        body = bytearray()

        async def kept(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            else:
                body.extend(message.get("body", b""))

        await self.views(scope, receive, kept)
        # A HEAD may come back without its body: then there is nothing to add to.
        said = json.loads(body) if started.get("status") == 200 and body else None
        if isinstance(said, dict):
            body[:] = json.dumps({**said, "proxy": self.said}).encode()
        headers = [(k, v) for k, v in started.get("headers", []) if k.lower() != b"content-length"]
        await send({**started, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": bytes(body)})

    async def _refuse(self, send: Callable[..., Any]) -> None:
        from mockserver.control.vocabulary import MEDIA_TYPE, ControlAdapter  # noqa: PLC0415
        from mockserver.http.adapter import ErrorReport  # noqa: PLC0415

        detail = (
            f"this is booking-sandbox proxy's own server, which keeps the journal of what passes to "
            f"{self.said['upstream']}: only its health, journal, coverage and their dashboard are here. The "
            "sandbox clock, faults, webhooks, world, state and resets are the upstream's: send them there"
        )
        problem = ControlAdapter().error_body(ErrorReport(409, detail, code="proxy_journal"))
        answer = json.dumps(problem).encode()
        headers = [(b"content-type", MEDIA_TYPE.encode()), (b"content-length", str(len(answer)).encode())]
        await send({"type": "http.response.start", "status": 409, "headers": headers})
        await send({"type": "http.response.body", "body": answer})
