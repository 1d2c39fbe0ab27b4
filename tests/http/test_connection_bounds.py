"""A connection's bounds and its end, on the protocol ``serve`` runs (http/bounded.py), over real
sockets: slow and oversized heads and bodies are cut with their status, a worker's connections
are capped, and a half-closed or garbage-tailed connection still gets its answers. Each refusal
is worded as the API whose path the request line began with words its errors."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver.http.connection.bounded import BoundedProtocol, bounded
from mockserver.server.app import create_server
from mockserver.server.settings import Settings
from mockserver.server.uvicorn_config import uvicorn_config
from tests.conftest import START
from tests.contract.live import free_port, running

HEAD_TIMEOUT = 1.0
MAX_CONNECTIONS = 4
AUTH = b"Authorization: Bearer sk_rsv_bounds_key_1\r\n"
SERVICES = b"GET /reservekit/v1/services HTTP/1.1\r\nHost: t\r\n" + AUTH + b"\r\n"


@pytest.fixture(scope="module")
def port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    db = tmp_path_factory.mktemp("bounds") / "sandbox.db"
    settings = Settings.load(
        {
            "db": str(db),
            "start_at": START,
            "port": free_port(),
            "head_timeout": HEAD_TIMEOUT,
            "min_body_rate": 100,
            "max_head_bytes": 16 * 1024,
            "max_connections": MAX_CONNECTIONS,
            "log_level": "error",
        },
        environ={},
    )
    server = create_server(settings)
    with running(uvicorn_config(settings, server.app, server.renderer.refusal)):
        yield settings.port


def connect(port: int) -> socket.socket:
    return socket.create_connection(("127.0.0.1", port), timeout=10)


def everything(sock: socket.socket) -> bytes:
    """What the server sends until it closes the connection (a reset after its answer, where it
    closed on unread bytes, ends it too)."""
    received = b""
    with contextlib.suppress(ConnectionResetError):
        while chunk := sock.recv(65536):
            received += chunk
    return received


def statuses(answer: bytes) -> list[int]:
    """Each answer's status, in order (an answer's head follows the last one's body at once)."""
    return [int(status) for status in re.findall(rb"HTTP/1\.1 (\d{3}) ", answer)]


def refusal(answer: bytes) -> tuple[dict[str, str], object]:
    """A refusal's headers (names in lower case) and its body, read as JSON."""
    head, _, body = answer.partition(b"\r\n\r\n")
    fields = dict(line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:])
    headers = {name.lower(): value for name, value in fields.items()}
    assert int(headers["content-length"]) == len(body), answer
    return headers, json.loads(body)


def test_an_incomplete_head_is_cut_with_408(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(b"GET /merchant/bookings HTTP/1.1\r\nHost: t\r\n")
        started = time.monotonic()
        answer = everything(sock)
    assert statuses(answer) == [408], answer
    assert time.monotonic() - started < HEAD_TIMEOUT + 2
    headers, body = refusal(answer)
    assert headers["content-type"] == "application/json"
    assert body == {"error": {"message": "request head not received in time", "code": "request_timeout"}}


def test_a_connection_that_sends_nothing_is_closed_without_an_answer(port: int) -> None:
    with connect(port) as sock:
        started = time.monotonic()
        assert everything(sock) == b""
    assert time.monotonic() - started < HEAD_TIMEOUT + 2


def test_a_body_a_byte_a_second_is_cut_with_408(port: int) -> None:
    head = b"POST /reservekit/v1/bookings HTTP/1.1\r\nHost: t\r\n" + AUTH
    with connect(port) as sock:
        sock.sendall(head + b"Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{")
        started = time.monotonic()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # it stops reading, then closes
            for _ in range(30):
                time.sleep(0.5)
                sock.sendall(b" ")
        answer = everything(sock)
    assert statuses(answer) == [408], answer
    assert time.monotonic() - started < 10
    assert refusal(answer)[1] == {"data": None, "error": "request body arriving too slowly"}


@pytest.mark.parametrize(("size", "status"), [(8 * 1024, 200), (20 * 1024, 431), (1024 * 1024, 431)])
def test_a_head_past_the_bound_is_refused_with_431(port: int, size: int, status: int) -> None:
    with connect(port) as sock:
        big = b"X-Padding: " + b"a" * size + b"\r\n"
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # refused before all was sent
            sock.sendall(SERVICES[:-2] + big + b"Connection: close\r\n\r\n")
        answer = everything(sock)
    assert statuses(answer)[:1] == [status], answer[:200]


@pytest.mark.parametrize("size", [100 * 1024, 400 * 1024, 2 * 1024 * 1024])
def test_a_body_read_with_its_head_is_not_counted_as_head(port: int, size: int) -> None:
    """A state import's body arrives in the same reads as its head: only the head is bounded.
    (Counting the whole read refused a 418 KB export with 431 12 times in 20.)"""
    body = b'{"padding": "' + b"a" * size + b'"}'
    head = (
        b"PUT /_sandbox/state HTTP/1.1\r\nHost: t\r\n" + AUTH + b"Content-Type: application/json\r\n"
        b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n"
    )
    for _ in range(3):  # how the bytes fall into reads varies: a few tries at each size
        with connect(port) as sock:
            sock.sendall(head + body)
            answer = everything(sock)
        assert statuses(answer) == [400], answer[:300]  # read whole and judged: no format


def test_a_head_refused_while_the_client_still_sends_is_read_not_reset(port: int) -> None:
    """The 431 reaches a client still writing its head: the close lingers, reading what comes.
    (A plain close with the client's bytes unread resets the connection, and the client's
    unread answer goes with it.)"""
    with connect(port) as sock:
        sock.sendall(SERVICES[:-2] + b"X-Padding: " + b"a" * 20_000)
        time.sleep(0.3)  # refused by now; the client has read nothing yet, and goes on sending
        for _ in range(50):  # a reset (ConnectionResetError, BrokenPipeError) fails the test
            sock.sendall(b"a" * 8000)
            time.sleep(0.005)
        answer = everything(sock)
    assert statuses(answer) == [431], answer[:200]
    assert refusal(answer)[1] == {"data": None, "error": "request head too large"}


WORDED = {
    "/reservekit/v1/services": ("application/json", lambda body: body["error"]),
    "/merchant/bookings?page=2": ("application/json", lambda body: body["error"]["code"]),
    "/lifecycle/api/v1/services": ("application/vnd.api+json", lambda body: body["errors"][0]["code"]),
    "/bardge/v3/passes": ("application/json", lambda body: (body["object"], body["code"])),
    "/_sandbox/state": ("application/problem+json", lambda body: body["code"]),
    "/reserve": ("application/problem+json", lambda body: (body["status"], body["detail"])),
}


@pytest.mark.parametrize("path", list(WORDED))
def test_a_refusal_is_worded_as_the_api_the_path_names(port: int, path: str) -> None:
    """Bytes no request reached the app with are still answered in the API's own error shape
    (they were text, which a client's error handling for that API cannot read)."""
    with connect(port) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(f"GET {path} HTTP/1.1\r\nX-Padding: ".encode() + b"a" * 20_000 + b"\r\n\r\n")
        answer = everything(sock)
    assert statuses(answer) == [431], answer[:300]
    assert answer.startswith(b"HTTP/1.1 431 Request Header Fields Too Large\r\n")
    headers, body = refusal(answer)
    media_type, said = WORDED[path]
    assert headers["content-type"] == media_type
    assert headers["connection"] == "close"
    # Bardge documents a request id on every answer.
    assert bool(re.fullmatch(r"req_[0-9a-f]{24}", headers.get("x-request-id", ""))) is path.startswith(
        "/bardge"
    )
    assert said(body) in (
        "request head too large",
        "request_header_fields_too_large",
        ("error", "request_header_fields_too_large"),
        (431, "request head too large"),
    )


def test_a_protocol_made_without_an_app_refuses_in_text() -> None:
    assert bounded(BoundedProtocol.bounds).refusal("/reservekit", 431, "too large").body == b"too large"


@pytest.mark.parametrize("api", ["/reservekit/v1/bookings", "/merchant/bookings", "/_sandbox/reset"])
def test_a_body_over_the_bound_is_answered_413_not_431_nor_reset(port: int, api: str) -> None:
    head = (
        b"POST "
        + api.encode()
        + b" HTTP/1.1\r\nHost: t\r\n"
        + AUTH
        + b"Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n"
    )
    with connect(port) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(head + b"{" + b" " * (10 * 1024 * 1024 - 1))
        answer = sock.recv(65536)  # a reset here (ConnectionResetError) fails the test
    assert statuses(answer) == [413], answer[:300]


@pytest.mark.parametrize(
    "framing",
    [
        b"zz\r\n{}\r\n0\r\n\r\n",  # a chunk size that is no hex number
        b"fffffffffffffffffffff\r\n{}\r\n",  # a chunk size past any integer
        b"2\n{}\n0\n\n",  # LF-only chunk lines
        b"2\r\n{}\r\n0\r\nContent-Length: 5\r\n\r\n",  # a Content-Length in the trailer
    ],
    ids=["bad size", "size overflow", "LF only", "length in the trailer"],
)
def test_a_malformed_chunked_body_is_400_at_once(port: int, framing: bytes) -> None:
    """(It waited for the body watch and answered 408, ten seconds at the defaults.)"""
    head = (
        b"POST /reservekit/v1/bookings HTTP/1.1\r\nHost: t\r\n"
        + AUTH
        + b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    with connect(port) as sock:
        sock.sendall(head)
        time.sleep(0.05)  # the head is read and the app awaits the body
        started = time.monotonic()
        sock.sendall(framing)
        answer = everything(sock)
    assert statuses(answer) == [400], answer[:300]
    assert time.monotonic() - started < HEAD_TIMEOUT / 2


def test_a_half_closed_connection_still_gets_its_answer(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(SERVICES)
        sock.shutdown(socket.SHUT_WR)
        answer = everything(sock)
    assert statuses(answer) == [200], answer[:200]
    assert answer.rstrip().endswith(b"}"), "the answer's body was cut"


def test_pipelined_requests_are_answered_in_order_up_to_the_malformed_one(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(SERVICES + SERVICES + b"NOT HTTP \x00\x01\r\n\r\n")
        answer = everything(sock)
    assert statuses(answer) == [200, 200, 400], answer[:300]
    last = answer[answer.rindex(b"HTTP/1.1 400") :]
    # Bytes that never began a request line name no API: problem details, as outside every API.
    assert refusal(last)[1]["detail"] == "not a valid HTTP/1.1 request"


@pytest.mark.parametrize(
    "target", [b"CONNECT example.com:443", b"POST example.com:443", b"GET http://[::1/reservekit"]
)
def test_a_target_that_is_no_path_is_refused_as_no_http(port: int, target: bytes) -> None:
    """(A CONNECT, or any request with a body, was refused as "malformed request body framing".)"""
    with connect(port) as sock:
        sock.sendall(target + b" HTTP/1.1\r\nHost: example.com:443\r\nContent-Length: 0\r\n\r\n")
        answer = everything(sock)
    assert statuses(answer) == [400], answer[:300]
    assert refusal(answer)[1]["detail"] == "not a valid HTTP/1.1 request"
    with connect(port) as sock:  # and the server serves on
        sock.sendall(SERVICES)
        sock.shutdown(socket.SHUT_WR)
        assert statuses(everything(sock)) == [200]


def test_a_malformed_head_after_its_path_is_refused_in_that_apis_words(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(b"GET /bardge/v3/passes HTTP/1.1\r\nHost: t\r\nBad Name: x\r\n\r\n")
        answer = everything(sock)
    assert statuses(answer) == [400], answer[:300]
    headers, body = refusal(answer)
    assert (headers["content-type"], body["object"], body["code"]) == (
        "application/json",
        "error",
        "invalid_request",
    )


def test_a_worker_holds_at_most_its_connections(port: int) -> None:
    idle = [connect(port) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(0.2)
        with connect(port) as sock:
            sock.sendall(SERVICES[:-2] + b"Connection: close\r\n\r\n")
            answer = everything(sock)
        assert statuses(answer) == [503], answer[:200]
        headers, body = refusal(answer)
        assert headers["retry-after"] == "1"
        assert body == {"data": None, "error": "service unavailable"}
    finally:
        for sock in idle:
            sock.close()
    time.sleep(0.2)
    with connect(port) as sock:
        sock.sendall(SERVICES[:-2] + b"Connection: close\r\n\r\n")
        assert statuses(everything(sock)) == [200]


def test_the_bounds_are_settings(tmp_path: Path) -> None:
    environ = {"BOOKING_SANDBOX_HEAD_TIMEOUT": "30s", "BOOKING_SANDBOX_MAX_CONNECTIONS": "50"}
    settings = Settings.load({"db": str(tmp_path / "s.db")}, environ=environ)
    assert (settings.head_timeout, settings.max_connections) == (30.0, 50)
    assert uvicorn_config(settings, None).limit_concurrency == 50
