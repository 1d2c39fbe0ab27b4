"""A validating proxy: it forwards an integrator's traffic to the vendor's server unchanged and holds
every exchange to the API's spec and passive rules as it passes (``TrafficCheck``).

What reaches the client is the upstream's answer, byte for byte: its status, its headers but the
hop-by-hop ones (a ``Location`` under the upstream's base URL said under the proxy's), its body
streamed as the upstream sends it (compressed or not). The proxy keeps a copy of each body, request and
answer, up to ``MAX_CHECKED_BYTES``, for the checks (``encodings.py`` undoes an answer's coding); both
stream through as they arrive, and a longer one is forwarded whole, unchecked, its exchange saying so.
An upstream that cannot be reached gets the client a 502 in the API's own error shape, and a finding.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Awaitable, Callable, Collection
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, TextIO
from urllib.parse import urlsplit

import httpx

from mockserver.apis.adapters import ADAPTERS
from mockserver.documents.har import Exchange, har_document, masked_headers
from mockserver.http.adapter import ErrorReport
from mockserver.http.connection.cut_short import cut_short
from mockserver.http.connection.server_options import ASTERISK, server_wide
from mockserver.integration.proxies import client_options
from mockserver.integration.tls import tls_hint
from mockserver.rule_engine.callers import caller_of
from mockserver.rule_engine.checking import TrafficCheck

from .encodings import Undecodable
from .proxy_answers import REPORT_PATH, documented_methods, lifespan, report
from .proxy_bodies import ClientLeft, Tee, broken_off, readable, unread_length

# RFC 9110 7.6.1: a proxy does not forward these; Host is the upstream's own.
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization", "te",
     "trailer", "transfer-encoding", "upgrade", "host"}
)  # fmt: skip
WINDOW = 100_000
"""Exchanges the proxy's judgements look back over, at least: past them they start again, as on
a new trace (what each keeps grows with the bookings it saw, and a proxy runs for days)."""
LOCATIONS = frozenset({b"location", b"content-location"})
"""Answer headers naming a URL of the upstream's, said again under the proxy's (``_relocated``)."""


class Proxy:
    """The ASGI app: every path but ``/_proxy/report`` goes to the upstream."""

    def __init__(
        self,
        api: str,
        upstream: str,
        *,
        out: TextIO = sys.stdout,
        timeout: float = 30.0,
        keep: bool = True,
        recorded: Callable[[Exchange], Awaitable[None]] | None = None,
        others: Collection[str] = (),
    ) -> None:
        """``keep``: hold every exchange for ``har()`` (a long run without it holds none);
        ``recorded``: awaited with each exchange once its answer is sent (a journal); ``others``:
        the callers of accounts other than the traffic's (``TrafficCheck``)."""
        self.api = api
        self.upstream = upstream.rstrip("/")
        self.check = TrafficCheck(api, live=True, window=WINDOW, others=others)
        self.unsent = set(others)
        """The other accounts named whose credential no exchange has sent yet."""
        self.exchanges: list[Exchange] = []
        self._keep = keep
        self._recorded = recorded
        self._out = out
        self._adapter = ADAPTERS[api]()
        self._allow = documented_methods(api)
        self._host = urlsplit(self.upstream).netloc
        self._client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, **client_options(upstream))

    async def aclose(self) -> None:
        await self._client.aclose()

    def har(self) -> dict[str, Any]:
        return har_document(self.exchanges)

    async def __call__(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        if scope["type"] == "lifespan":
            await lifespan(receive, send, self.aclose)
        elif scope["type"] == "http" and scope["path"] == REPORT_PATH:
            await report(self.check, scope, send)
        elif scope["type"] == "http" and scope["path"] == ASTERISK:
            await server_wide(scope, send, self._allow, self.error_answer)
        elif scope["type"] == "http":
            await self._exchange(scope, receive, send)

    async def _exchange(
        self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]
    ) -> None:
        started, clock = datetime.now(UTC), time.perf_counter()
        url = self.upstream + scope.get("raw_path", scope["path"].encode()).decode("latin-1")
        if scope.get("query_string"):
            url += "?" + scope["query_string"].decode("latin-1")
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        # As the client sent them, bytes: httpx would encode text as ASCII, and a value past it
        # (an Idempotency-Key of any bytes, as Schemathesis sends) raised in the proxy, a 500.
        forwarded = [(k, v) for k, v in scope["headers"] if k.decode("latin-1").lower() not in HOP_BY_HOP]
        sent = Tee()
        # A request with a body streams to the upstream as it arrives; one without stays
        # without (a GET sent chunked is refused by some servers).
        has_body = any(k.lower() in ("content-length", "transfer-encoding") for k, _ in headers)
        # HTTP/1.1: without Content-Length or Transfer-Encoding a request has no body to read.
        bodiless = b""
        content = sent.relay(receive) if has_body else bodiless
        request = self._client.build_request(scope["method"], url, headers=forwarded, content=content)
        try:
            upstream = await self._client.send(request, stream=True)
        except ClientLeft:
            return  # mid-request: the upstream got part of a request, and nobody waits for an answer
        except httpx.HTTPError as error:
            unanswered = self._why(error)
        else:
            # RFC 9110 15: no such status. Passed on, it raised in the server (a KeyError, a
            # dropped connection), and the exchange was neither answered nor recorded.
            unanswered = ""
            if not 100 <= (status := upstream.status_code) <= 599:
                await upstream.aclose()
                unanswered = f"the upstream {self._host} answered {status}, which is no HTTP status"
        if unanswered:
            body = sent.kept() if has_body else bodiless
            await self._unreachable(scope, send, unanswered, headers=headers, body=body, started=started)
            return
        answered = Tee()
        broken = await self._forwarded(upstream, scope, send, answered)
        unread: list[str] = []
        request_coding = next((v for k, v in headers if k.lower() == "content-encoding"), "")
        answer_coding = upstream.headers.get("content-encoding", "")
        try:
            request_body = readable(sent, request_coding, "request", unread) if has_body else bodiless
        except Undecodable:  # the client's fault: the vendor is judged by what it did with it
            request_body = sent.kept()
        fault = ""
        try:
            response_body = readable(answered, answer_coding, "answer", unread)
        except Undecodable as refused:
            response_body = None
            claim = f"its Content-Encoding says is {refused}, and is not: no client can read it"
            fault = f"the upstream {self._host} answered a body {claim}"
        exchange = Exchange(
            started=started,
            method=scope["method"],
            url=url,
            request_headers=masked_headers(headers, keep_scheme=True, fingerprint=True),
            request_body=b"" if request_body is None else request_body,
            status=upstream.status_code,
            reason=upstream.reason_phrase,
            response_headers=masked_headers(upstream.headers.items()),
            response_body=b"" if response_body is None else response_body,
            duration_ms=(time.perf_counter() - clock) * 1000,
            comment=" ".join(f"{why}: forwarded whole, not checked" for why in unread),
            request_length=unread_length(request_body, sent, request_coding),
            response_length=unread_length(response_body, answered, answer_coding),
        )
        if broken is not None:
            cut_short()  # said as a finding: uvicorn's ERROR line would say it again
            said = f"the upstream {self._host} broke off its answer after {answered.length} bytes ({broken})"
            await self._record(broken_off(exchange, said, upstream.headers.get("content-length", "")))
            return
        if fault:  # read as it came, a plain JSON answer labelled gzip passed every check
            await self._record(replace(exchange, comment=fault, upstream_fault=fault))
            return
        await self._record(exchange)

    async def _forwarded(
        self, upstream: httpx.Response, scope: dict[str, Any], send: Callable[..., Any], answered: Tee
    ) -> httpx.HTTPError | None:
        """The upstream's answer sent on as it streams, a copy kept in ``answered``; the error
        that broke it off, if one did. Its headers are sent by then, so the client's answer ends
        short as the upstream's did (it was a traceback, and the exchange went unrecorded)."""
        try:
            answer = [
                (k, self._relocated(v, scope) if k.lower() in LOCATIONS else v)
                for k, v in upstream.headers.raw
                if k.decode("latin-1").lower() not in HOP_BY_HOP
            ]
            await send({"type": "http.response.start", "status": upstream.status_code, "headers": answer})
            async for chunk in upstream.aiter_raw():
                answered.keep(chunk)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
        except httpx.HTTPError as error:
            return error
        finally:
            await upstream.aclose()
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        return None

    def _relocated(self, location: bytes, scope: dict[str, Any]) -> bytes:
        """A ``Location`` the upstream answered, as the client must follow it through the proxy:
        under the upstream's base URL, the same place under the proxy's (as a reverse proxy
        rewrites it: nginx's ``proxy_redirect``). Followed as sent, ``/merchant/bookings/7``
        of an upstream at ``…/merchant`` was the proxy's ``/merchant/merchant/bookings/7``, a
        404 that the proxy, and the contract kit through it, held against a correct vendor.
        The exchange is judged with the upstream's own."""
        said = location.decode("latin-1")
        base = urlsplit(self.upstream).path
        if said == self.upstream or said.startswith(self.upstream + "/"):
            host = dict(scope["headers"]).get(b"host", b"").decode("latin-1")
            said = f"{scope.get('scheme', 'http')}://{host}{said[len(self.upstream) :] or '/'}"
        elif base and said.startswith(base + "/"):
            said = said[len(base) :]
        return said.encode("latin-1")

    def settle(self) -> None:
        """The end of the run: say the findings that waited for their host to show the API's
        base (``TrafficCheck.settled``), as judged by their path's end."""
        for found in self.check.settled():
            print(found.line(), file=self._out, flush=True)

    async def _record(self, exchange: Exchange) -> None:
        if self.unsent:
            self.unsent.discard(caller_of(exchange))
        if self._keep:
            self.exchanges.append(exchange)
        for found in self.check.observe(exchange):
            print(found.line(), file=self._out, flush=True)
        if self._recorded is not None:
            await self._recorded(exchange)

    async def _unreachable(
        self,
        scope: dict[str, Any],
        send: Callable[..., Any],
        message: str,
        *,
        headers: list[tuple[str, str]],
        body: bytes,
        started: datetime,
    ) -> None:
        answer = await self._refuse(send, 502, message)
        content_type = self._adapter.error_media_type
        exchange = Exchange(
            started=started,
            method=scope["method"],
            url=self.upstream + scope["path"],
            request_headers=masked_headers(headers, keep_scheme=True, fingerprint=True),
            request_body=body,
            status=502,
            reason="Bad Gateway",
            response_headers={"content-type": content_type},
            response_body=answer,
            duration_ms=0.0,
            comment="the proxy's own answer: the upstream did not answer",
            upstream_fault=message,
        )
        await self._record(exchange)

    def _why(self, error: httpx.HTTPError) -> str:
        """Why the upstream gave no answer the proxy could forward, from the HTTP client's error."""
        host = self._host
        if "CERTIFICATE_VERIFY_FAILED" in str(error):  # httpx keeps the TLS error's own words
            why = str(error).partition("certificate verify failed: ")[2].partition(" (")[0] or "unverified"
            why = f"answered with a certificate the proxy does not trust ({why}){tls_hint(error)}"
            return f"the upstream {host} {why}"
        if hint := tls_hint(error):
            return f"the upstream {host} did not answer in TLS{hint}"
        if isinstance(error, httpx.ProtocolError | httpx.DecodingError) and str(error):
            # What it sent, HTTP could not read: a Location that is no URL was "did not answer".
            return f"the upstream {host} did not answer in HTTP the proxy can read ({error})"
        return f"the upstream {host} did not answer ({type(error).__name__})"

    def error_answer(self, status: int, message: str, code: str | None = None) -> tuple[str, bytes]:
        """The proxy's own answer in the API's error shape, its media type and body: a 502's
        (``code``), or the refusal of a connection's request (the adapter's words for one)."""
        adapter = self._adapter
        report = (
            adapter.report_protocol_error(status, message)
            if code is None
            else ErrorReport(status, message, code=code)
        )
        return adapter.error_media_type, json.dumps(adapter.error_body(report)).encode()

    async def _refuse(self, send: Callable[..., Any], status: int, message: str) -> bytes:
        """The proxy's own answer, in the API's error shape; its body."""
        kind, answer = self.error_answer(status, message, "bad_gateway")
        headers = [(b"content-type", kind.encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": answer})
        return answer
