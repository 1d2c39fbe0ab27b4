"""The validating proxy in front of a served sandbox: clean traffic passes unchanged and finds
nothing; a broken sandbox behind it (the kit's own breakages) is caught by the rule it breaks;
an upstream that does not answer is a 502 in the API's shape and a finding."""

from __future__ import annotations

import asyncio
import gzip
import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import brotli
import httpx
import pytest

from mockserver.http.validation.parameters import CachedParameters
from mockserver.integration.local_server import free_port
from mockserver.live_checks import proxy as proxy_module
from mockserver.live_checks.proxy import WINDOW, Proxy
from mockserver.live_checks.proxy_bodies import MAX_CHECKED_BYTES
from mockserver.rule_engine.vocabulary import FAMILIES
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.broken_rules import created_confirmed, delete_only_cancels, message_unsaved
from tests.contract.live import self_signed, serving
from tests.live_checks.traffic import START, nested_answer, rk_booking

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

KEY = {"Authorization": "Bearer sk_rsv_proxy_session"}
MONDAY = "2027-01-11"  # the sandbox stands frozen on Wednesday 2027-01-06


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[str]:
    settings = Settings.load(
        {"db": str(tmp_path / "sandbox.db"), "start_at": START, "frozen": True}, environ={}
    )
    with serving(create_app(settings)) as origin:
        yield origin + "/reservekit"


def proxied(upstream: str) -> tuple[Proxy, io.StringIO, Callable[[], Iterator[str]]]:
    out = io.StringIO()
    proxy = Proxy("reservekit-v1", upstream, out=out)
    return proxy, out, lambda: serving(proxy)


def session(base: str) -> list[httpx.Response]:
    """An integrator's app: find a slot, book it, read, change, cancel twice, delete, list."""
    with httpx.Client(base_url=base, headers=KEY, timeout=30) as app:
        services = app.get("/v1/services", params={"page": 1, "page_size": 10})
        service = services.json()["data"]["services"][0]["id"]
        query = {"service_id": service, "date": MONDAY, "no_pagination": "true"}
        slots = app.get("/v1/time-slots", params=query)
        slot = next(s for s in slots.json()["data"]["time_slots"] if s["available_bookings"] > 0)
        made = app.post(
            "/v1/bookings",
            json={"date": MONDAY, "time_slot_id": slot["id"], "customer_email": "ada@example.com"},
        )
        path = f"/v1/bookings/{made.json()['data']['id']}"
        cancel = {"status": "cancelled", "cancel_reason": "plans changed"}
        return [
            services,
            slots,
            made,
            app.get(path),
            app.patch(path, json={"message": "window seat"}),
            app.get(path),
            app.patch(path, json=cancel),
            app.patch(path, json=cancel),
            app.delete(path),
            app.get(path),
            app.get("/v1/bookings", params={"service_id": service, "page": 1, "page_size": 100}),
        ]


@pytest.mark.slow
def test_clean_traffic_passes_unchanged_and_finds_nothing(sandbox: str) -> None:
    proxy, out, serve = proxied(sandbox)
    with serve() as origin:
        answers = session(origin)
        # What the client gets is the upstream's answer, byte for byte.
        direct = httpx.get(f"{sandbox}/v1/services", params={"page": 1, "page_size": 10}, headers=KEY)
        through = httpx.get(f"{origin}/v1/services", params={"page": 1, "page_size": 10}, headers=KEY)
        report = httpx.get(f"{origin}/_proxy/report").json()
    assert [a.status_code for a in answers] == [200, 200, 201, 200, 200, 200, 200, 400, 200, 404, 200]
    assert (through.status_code, through.content) == (direct.status_code, direct.content)
    assert _headers(through) == _headers(direct)
    assert report["exchanges"] == len(answers) + 1  # and the one compared with the direct answer
    assert report["findings"] == [], report["findings"]
    assert out.getvalue() == ""
    assert len(proxy.exchanges) == len(answers) + 1
    assert proxy.exchanges[0].request_headers["authorization"].startswith("Bearer ********#")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("breakage", "rule"),
    [
        (created_confirmed, "RK-CREATE-PENDING"),
        (message_unsaved, "RK-READ-AFTER-WRITE"),
        (delete_only_cancels, "RK-DELETE"),
    ],
    ids=["created confirmed", "message not stored", "delete only cancels"],
)
def test_a_broken_upstream_is_caught_by_the_rule_it_breaks(
    breakage: Callable[[pytest.MonkeyPatch], None], rule: str, sandbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    breakage(monkeypatch)
    proxy, out, serve = proxied(sandbox)
    with serve() as origin:
        session(origin)
    # The break is the rule's; an invariant it breaks too (a deleted booking still read is a final
    # one changed) may be named beside it, never instead.
    named = {finding.rule for finding in proxy.check.report().findings}
    assert rule in named, out.getvalue()
    assert named - {rule} <= {f"{rule[:2]}-{family}" for family in FAMILIES}, out.getvalue()
    assert f"FINDING {rule} #" in out.getvalue()


@pytest.mark.slow
@pytest.mark.parametrize(("window", "caught"), [(WINDOW, True), (1, False)])
def test_the_proxys_judgements_start_again_past_its_window(
    window: int, caught: bool, sandbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a proxy's judgements keep grows with the bookings it saw, for days: past its window
    they start again. One of one exchange holds nothing from one to the next, so a message a
    change did not keep goes unseen; the proxy's own window catches it."""
    message_unsaved(monkeypatch)
    monkeypatch.setattr(proxy_module, "WINDOW", window)
    proxy, out, serve = proxied(sandbox)
    with serve() as origin:
        session(origin)
    named = {finding.rule for finding in proxy.check.report().findings}
    assert ("RK-READ-AFTER-WRITE" in named) is caught, out.getvalue()


def test_a_query_the_spec_refuses_served_is_caught_and_refused_is_not(
    sandbox: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SPEC-REQUEST holds a query to its operation's parameters (``rule_engine/parameters.py``),
    as the kit's negative cases do: a vendor serving a page past the documented bound is caught."""
    asked = {"page": 1, "page_size": 1000}
    _, out, serve = proxied(sandbox)
    with serve() as origin:
        refused = httpx.get(f"{origin}/v1/services", params=asked, headers=KEY)
        # The vendor's bug: the page size's bound left unchecked (the rest of the query still is).
        validate = CachedParameters.validate_parameter

        def unbounded(
            self: Any, kind: str, value: Any, param: dict[str, Any], name: str | None = None
        ) -> Any:
            return None if param.get("name") == "page_size" else validate(self, kind, value, param, name)

        monkeypatch.setattr(CachedParameters, "validate_parameter", unbounded)
        served = httpx.get(f"{origin}/v1/services", params=asked, headers=KEY)
    assert (refused.status_code, served.status_code) == (400, 200)
    assert out.getvalue().splitlines() == [
        "FINDING SPEC-REQUEST #2 GET /reservekit/v1/services -> 200: answered 2xx to a request the spec "
        "refuses: "
        "query parameter 'page_size' = '1000': 1000 is greater than the maximum of 100"
    ]


def test_an_upstream_that_does_not_answer_is_a_502_in_the_apis_shape() -> None:
    proxy, out, serve = proxied(f"http://127.0.0.1:{free_port()}/reservekit")
    with serve() as origin:
        answer = httpx.get(f"{origin}/v1/bookings/7", headers=KEY)
    assert answer.status_code == 502
    assert answer.json()["data"] is None
    assert "did not answer" in answer.json()["error"]
    assert [finding.rule for finding in proxy.check.report().findings] == ["UPSTREAM"]
    assert out.getvalue().startswith("FINDING UPSTREAM #1 GET /reservekit/v1/bookings/7 -> 502")


def test_a_browsers_preflight_passes_through_and_is_no_call_of_the_api(tmp_path: Path) -> None:
    """A web app calling the vendor through the proxy: before each POST its browser asks leave,
    and a sandbox (or vendor) that allows the app's origin answers the OPTIONS, which no spec
    documents. It is forwarded as any request, and counted apart, never a finding."""
    app = "https://app.example.com"
    settings = Settings.load(
        {"db": str(tmp_path / "sandbox.db"), "start_at": START, "frozen": True, "cors_origins": [app]},
        environ={},
    )
    with serving(create_app(settings)) as sandbox:
        proxy, out, serve = proxied(sandbox + "/reservekit")
        with serve() as origin:
            asked = httpx.options(
                f"{origin}/v1/bookings",
                headers={"Origin": app, "Access-Control-Request-Method": "POST"},
            )
            services = httpx.get(f"{origin}/v1/services", headers={**KEY, "Origin": app})
    assert (asked.status_code, asked.headers["access-control-allow-origin"]) == (200, app)
    assert services.status_code == 200
    report = proxy.check.report()
    assert (report.exchanges, report.findings, out.getvalue()) == (1, [], "")
    assert report.skipped == {"browsers' CORS preflights": 1}
    assert len(proxy.exchanges) == 2  # kept for the HAR all the same


def test_an_upstream_whose_certificate_a_private_ca_signed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A vendor's staging server with a private CA's certificate: the proxy said the upstream
    "did not answer (ConnectError)". It says which certificate, and trusts the bundle that
    REQUESTS_CA_BUNDLE names, as the contract kit does."""
    cert, key = self_signed(tmp_path)
    settings = Settings.load(
        {"db": str(tmp_path / "sandbox.db"), "start_at": START, "frozen": True}, environ={}
    )
    with serving(create_app(settings), tls=(cert, key)) as staging:
        _, _, serve = proxied(staging + "/reservekit")
        with serve() as origin:
            refused = httpx.get(f"{origin}/v1/services", headers=KEY)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(cert))
        trusting, _, serve = proxied(staging + "/reservekit")
        with serve() as origin:
            served = httpx.get(f"{origin}/v1/services", headers=KEY)
    assert refused.status_code == 502
    assert refused.json()["error"] == (
        f"the upstream {staging.removeprefix('https://')} answered with a certificate the proxy does not "
        "trust (self-signed certificate) (a private CA's certificate: name its bundle in "
        "REQUESTS_CA_BUNDLE=/path/to/ca.pem)"
    )
    assert served.status_code == 200, served.text
    assert (trusting.check.report().exchanges, trusting.check.report().findings) == (1, [])


def test_an_upstream_named_https_that_speaks_plain_http_is_said_so(sandbox: str) -> None:
    """(The proxy said the upstream "did not answer (ConnectError)".)"""
    _, _, serve = proxied(sandbox.replace("http://", "https://"))
    with serve() as origin:
        refused = httpx.get(f"{origin}/v1/services", headers=KEY)
    assert refused.status_code == 502
    host = sandbox.removeprefix("http://").removesuffix("/reservekit")
    assert refused.json()["error"] == (
        f"the upstream {host} did not answer in TLS (the server there answers plain HTTP: name it with http://)"
    )


class Created:
    """An upstream at ``/base`` whose every answer is a 201 naming the new booking in its
    ``Location`` as the request's ``X-Said`` header asks: a path, a URL, or another host's URL;
    it also says back the request's ``Idempotency-Key`` as it received it, bytes as hex."""

    def __init__(self) -> None:
        self.origin = ""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        sent = dict(scope["headers"])
        where = {
            b"path": b"/base/bookings/7",
            b"url": f"{self.origin}/base/bookings/7".encode(),
            b"elsewhere": b"https://cdn.example/base/bookings/7",
        }[sent.get(b"x-said", b"path")]
        headers = [(b"location", where), (b"x-key", sent.get(b"idempotency-key", b"").hex().encode())]
        await send({"type": "http.response.start", "status": 201, "headers": headers})
        await send({"type": "http.response.body", "body": b""})


def test_a_location_under_the_upstream_is_said_under_the_proxy_and_judged_as_sent() -> None:
    """Followed as the upstream said it, ``/base/bookings/7`` through a proxy to ``…/base`` was
    the upstream's ``/base/base/bookings/7``: a 404 held against a correct vendor."""
    upstream = Created()
    with serving(upstream) as origin_upstream:
        upstream.origin = origin_upstream
        proxy, _, serve = proxied(origin_upstream + "/base")
        with serve() as origin:
            said = {
                kind: httpx.post(f"{origin}/v1/bookings", headers={**KEY, "X-Said": kind}).headers["location"]
                for kind in ("path", "url", "elsewhere")
            }
    assert said == {
        "path": "/bookings/7",
        "url": f"{origin}/bookings/7",
        "elsewhere": "https://cdn.example/base/bookings/7",
    }
    assert [exchange.response_headers["location"] for exchange in proxy.exchanges] == [
        "/base/bookings/7",
        f"{origin_upstream}/base/bookings/7",
        "https://cdn.example/base/bookings/7",
    ]


def test_a_header_value_past_ascii_reaches_the_upstream_as_sent() -> None:
    """Schemathesis sends an ``Idempotency-Key`` of any bytes; the proxy encoded the headers it
    forwarded as ASCII text, and each such request was a 500 of its own."""
    key = "clé-ünïcode".encode()
    with serving(Created()) as upstream:
        _, _, serve = proxied(upstream + "/base")
        with serve() as origin:
            answer = httpx.post(f"{origin}/v1/bookings", headers=[*KEY.items(), ("Idempotency-Key", key)])
    assert answer.status_code == 201
    assert bytes.fromhex(answer.headers["x-key"]) == key


def _headers(response: httpx.Response) -> list[tuple[str, str]]:
    return [(k, v) for k, v in response.headers.multi_items() if k not in ("date", "server")]


class Echo:
    """An upstream that answers how many bytes of body it received."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        size = 0
        while True:
            message = await receive()
            size += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await answer_json(send, 400, json.dumps({"data": None, "error": f"received {size}"}).encode())


async def answer_json(send: Any, status: int, body: bytes) -> None:
    """An upstream's whole answer, a JSON body."""
    await send(
        {"type": "http.response.start", "status": status, "headers": [(b"content-type", b"application/json")]}
    )
    await send({"type": "http.response.body", "body": body})


def test_a_body_past_what_is_checked_streams_through_whole_and_unchecked() -> None:
    big = b'{"message": "' + b"x" * (MAX_CHECKED_BYTES + 1024) + b'"}'
    with serving(Echo()) as upstream:
        proxy, _, serve = proxied(upstream)
        with serve() as origin:
            answer = httpx.post(
                f"{origin}/v1/bookings", content=big, headers={**KEY, "Content-Type": "application/json"}
            )
    assert answer.json()["error"] == f"received {len(big)}"
    (exchange,) = proxy.exchanges
    assert exchange.request_body == b""
    assert exchange.request_length == len(big)  # what its recording says of the body it does not hold
    assert "the request body is over 8 MiB: forwarded whole, not checked" in exchange.comment
    assert proxy.check.report().findings == []


def test_a_client_that_leaves_mid_body_ends_its_exchange_quietly() -> None:
    """The body stopped short of its Content-Length and the client hung up: forwarding what had
    come raised the HTTP client's own error, logged as an ASGI traceback. Nothing is answered,
    recorded or judged, and the next request goes through."""
    part: list[dict[str, Any]] = [
        {"type": "http.request", "body": b'{"date": ', "more_body": True},
        {"type": "http.disconnect"},
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return part.pop(0)

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/bookings",
        "raw_path": b"/v1/bookings",
        "query_string": b"",
        "headers": [(b"content-type", b"application/json"), (b"content-length", b"100")],
    }
    with serving(Echo()) as upstream:
        proxy, _, serve = proxied(upstream)
        asyncio.run(proxy(scope, receive, send))
        with serve() as origin:
            after = httpx.post(f"{origin}/v1/bookings", json={}, headers=KEY)
    assert sent == []
    assert after.json()["error"] == "received 2"
    assert (len(proxy.exchanges), proxy.check.report().exchanges) == (1, 1)


ENCODERS: dict[str, Callable[[bytes], bytes]] = {
    "gzip": lambda body: gzip.compress(body, compresslevel=9),
    "br": brotli.compress,
    "zstd": zstd.compress,
}


class Gzipped:
    """An upstream whose every answer is a 200 of ``body`` sent compressed (gzip unless said)."""

    def __init__(self, body: bytes, coding: str = "gzip") -> None:
        self.coding = coding
        self.sent = ENCODERS[coding](body)

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        headers = [(b"content-type", b"application/json"), (b"content-encoding", self.coding.encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": self.sent})


def forwarded_raw(upstream: Gzipped) -> tuple[Proxy, bytes]:
    """What the client read, undecoded, of one GET through the proxy."""
    with serving(upstream) as origin_upstream:
        proxy, _, serve = proxied(origin_upstream)
        with serve() as origin, httpx.stream("GET", f"{origin}/v1/bookings/7", headers=KEY) as answer:
            return proxy, b"".join(answer.iter_raw())


@pytest.mark.parametrize("coding", ["gzip", "br", "zstd"])
def test_a_compressed_answer_is_checked_as_decoded_and_forwarded_as_sent(coding: str) -> None:
    """A browser asks for br and zstd, and a vendor behind a CDN answers in them: read as it
    came, each such answer was "not JSON", a finding against a correct vendor."""
    broken = b'{"data": {"id": "seven"}, "error": null}'  # an id that is no integer
    upstream = Gzipped(broken, coding)
    proxy, read = forwarded_raw(upstream)
    assert read == upstream.sent
    (exchange,) = proxy.exchanges
    assert exchange.response_body == broken
    findings = proxy.check.report().findings
    assert {finding.rule for finding in findings} == {"SPEC-RESPONSE"}
    assert all("the answer breaks its schema: data: " in finding.line() for finding in findings)


def test_an_answer_in_a_coding_not_undone_is_forwarded_unread() -> None:
    upstream = Gzipped(b"{}")
    upstream.coding = "compress"
    proxy, read = forwarded_raw(upstream)
    assert read == upstream.sent
    (exchange,) = proxy.exchanges
    assert exchange.comment == (
        "the answer body is encoded compress, which the checks do not undo: forwarded whole, not checked"
    )
    assert proxy.check.report().findings == []


def test_an_answer_that_decodes_past_what_is_checked_is_forwarded_unread() -> None:
    """64 MiB of spaces in 64 KiB of gzip: the proxy stops decoding at 8 MiB, so a vendor's
    answer of that kind (or a gzip bomb) costs it at most that."""
    upstream = Gzipped(b" " * (64 * 2**20) + b"{}")
    proxy, read = forwarded_raw(upstream)
    assert len(upstream.sent) < 2**20
    assert read == upstream.sent
    (exchange,) = proxy.exchanges
    assert exchange.response_body == b""
    assert exchange.comment == "the answer body, once decoded, is over 8 MiB: forwarded whole, not checked"
    # Its recording holds no answer, which is not an empty one: the HAR leaves the text out.
    assert exchange.response_length == -1
    assert "text" not in proxy.har()["log"]["entries"][0]["response"]["content"]
    assert proxy.check.report().findings == []


class Nested:
    """An upstream whose every answer is a 200 holding an object 5,000 levels deep: past what
    Python's JSON reader reaches."""

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await answer_json(send, 200, nested_answer(5_000).encode())


def test_an_answer_nested_too_deep_to_read_is_forwarded_kept_and_a_finding() -> None:
    with serving(Nested()) as upstream:
        proxy, out, serve = proxied(upstream)
        with serve() as origin:
            answer = httpx.get(f"{origin}/v1/bookings/7", headers=KEY)
            report = httpx.get(f"{origin}/_proxy/report").json()
    assert answer.status_code == 200
    assert answer.content.startswith(b'{"data": {"a": ')
    (exchange,) = proxy.exchanges
    assert exchange.response_body == answer.content
    (finding,) = proxy.check.report().findings
    assert finding.rule == "SPEC-RESPONSE"
    assert "nested too deep to read" in out.getvalue()
    assert report["exchanges"] == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--api", "merchant"), "booking-sandbox proxy: the following arguments are required: --upstream"),
        (("--api", "merchant", "--upstream", "staging.example.com"), "needs http:// or https://"),
        # Taken, it had answered every request 502: the upstream is refused as it starts.
        (
            ("--api", "merchant", "--upstream", "https://[::1/api"),
            "cannot be read as a URL (Invalid IPv6 URL)",
        ),
    ],
)
def test_a_proxy_called_wrong_says_so_in_one_line_and_exits_4(args: tuple[str, ...], said: str) -> None:
    ran = subprocess.run(
        [sys.executable, "-m", "mockserver.cli", "proxy", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,  # a proxy that took the call would serve until stopped
    )
    assert ran.returncode == 4, ran.stderr
    lines = ran.stderr.splitlines()
    assert said in lines[0]
    # One line, or argparse's one line and then the proxy's own usage (never the top level's).
    assert len(lines) == 1 or lines[1].startswith("usage: booking-sandbox proxy "), lines


class Accepting:
    """An upstream whose every answer is ``answer`` (a 2xx), whatever was sent."""

    def __init__(self, status: int, answer: bytes) -> None:
        self.status, self.answer = status, answer

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        await answer_json(send, self.status, self.answer)


def test_a_request_body_in_a_content_coding_is_checked_as_decoded() -> None:
    """A client that gzips its bodies, to a vendor that takes them: read as it came, each body
    was "not JSON", a finding against a correct vendor; decoded, a wrong field is still found."""
    created = json.dumps(rk_booking(8)).encode()
    with serving(Accepting(201, created)) as upstream:
        proxy, _, serve = proxied(upstream)
        with serve() as origin:
            for sent in ({"date": MONDAY, "time_slot_id": 3}, {"date": MONDAY, "time_slot_id": "three"}):
                httpx.post(
                    f"{origin}/v1/bookings",
                    content=gzip.compress(json.dumps(sent).encode()),
                    headers={**KEY, "Content-Type": "application/json", "Content-Encoding": "gzip"},
                )
    first, _ = proxy.exchanges
    assert first.request_body == json.dumps({"date": MONDAY, "time_slot_id": 3}).encode()
    # (The stub names booking 8 twice, which RK-IDENTITY holds against it: not this test's matter.)
    (finding,) = [f for f in proxy.check.report().findings if f.rule.startswith("SPEC")]
    assert finding.index == 2
    assert (
        "answered 2xx to a request the spec refuses: time_slot_id: 'three' is not of type 'integer'"
        in finding.line()
    )


def test_an_answer_past_what_is_checked_is_no_empty_answer() -> None:
    """Over 8 MiB, an answer is forwarded whole and not checked; it is no empty answer either."""
    big = b'{"data": ' + b" " * (MAX_CHECKED_BYTES + 1024) + b"{}}"
    with serving(Accepting(200, big)) as upstream:
        proxy, _, serve = proxied(upstream)
        with serve() as origin:
            answer = httpx.get(f"{origin}/v1/bookings/7", headers=KEY)
    assert len(answer.content) == len(big)
    (exchange,) = proxy.exchanges
    assert exchange.response_length == len(big)
    assert proxy.check.report().findings == []


@pytest.mark.parametrize(
    ("api", "allow"),
    [
        ("reservekit-v1", "GET, HEAD, POST, PATCH, DELETE, OPTIONS"),
        ("lifecycle", "GET, HEAD, POST, OPTIONS"),
    ],
)
def test_options_of_the_server_is_the_proxys_own_answer(api: str, allow: str) -> None:
    """``OPTIONS *`` (RFC 9110 9.3.7) asks of the server as a whole, here the proxy: it was
    forwarded as ``<upstream>*``, the vendor's 404, and a health check took the proxy for down."""
    proxy = Proxy(api, f"http://127.0.0.1:{free_port()}/vendor")

    async def asked(method: str) -> list[dict[str, Any]]:
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "method": method,
            "path": "*",
            "raw_path": b"*",
            "headers": [],
            "query_string": b"",
        }
        await proxy(scope, receive, send)
        return sent

    options, get = asyncio.run(asked("OPTIONS")), asyncio.run(asked("GET"))
    assert options[0]["status"] == 204
    assert dict(options[0]["headers"])[b"allow"] == allow.encode()
    assert (get[0]["status"], dict(get[0]["headers"])[b"allow"]) == (400, b"OPTIONS")
    refused = json.loads(get[1]["body"])
    assert "OPTIONS only" in (refused["error"] if api == "reservekit-v1" else refused["errors"][0]["detail"])
    # Neither went to the upstream (none listens: a 502 and a finding) nor is a call of the API.
    assert (proxy.exchanges, proxy.check.report().findings) == ([], [])
