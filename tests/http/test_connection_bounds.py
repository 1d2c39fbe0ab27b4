"""A connection's bounds and its end, on the protocol ``serve`` runs (http/bounded.py), over real
sockets: slow and oversized heads and bodies are cut with their status, a worker's connections
are capped, and a half-closed or garbage-tailed connection still gets its answers."""

from __future__ import annotations

import contextlib
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.server.workers import uvicorn_config
from tests.conftest import START
from tests.contract.live import free_port

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
    config = uvicorn_config(settings, create_app(settings))
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        assert thread.is_alive(), "the server stopped"
        time.sleep(0.02)
    yield settings.port
    server.should_exit = True
    thread.join(timeout=10)


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


def test_an_incomplete_head_is_cut_with_408(port: int) -> None:
    with connect(port) as sock:
        sock.sendall(b"GET /reservekit/v1/services HTTP/1.1\r\n")
        started = time.monotonic()
        answer = everything(sock)
    assert statuses(answer) == [408], answer
    assert time.monotonic() - started < HEAD_TIMEOUT + 2


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
    assert answer.endswith(b"request head too large")


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


def test_a_worker_holds_at_most_its_connections(port: int) -> None:
    idle = [connect(port) for _ in range(MAX_CONNECTIONS)]
    try:
        time.sleep(0.2)
        with connect(port) as sock:
            sock.sendall(SERVICES[:-2] + b"Connection: close\r\n\r\n")
            answer = everything(sock)
        assert statuses(answer) == [503], answer[:200]
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
