"""A server given a certificate (``serve --tls-cert``) speaks HTTPS on the protocol ``serve`` runs
(http/connection/tls_only.py), over real sockets, on both event loops uvicorn may choose: TLS
requests are served as ``https``, a plain HTTP request is answered 400 in the API's own words
with the https:// URL it meant, and a connection that says nothing, or no TLS after its first
byte, is let go without stopping the server."""

from __future__ import annotations

import contextlib
import http.client
import json
import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver.integration.local_server import free_port
from mockserver.server.app import create_server
from mockserver.server.settings import Settings
from mockserver.server.uvicorn_config import uvicorn_config
from tests.conftest import START
from tests.contract.live import running, self_signed

HEAD_TIMEOUT = 1.0
KEY = "Bearer sk_rsv_tls_only_key_1"


@pytest.fixture(scope="module", params=["asyncio", "uvloop"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[int, Path]]:
    """A server on TLS, on the event loop named; its port and the certificate that trusts it."""
    if request.param == "uvloop":
        pytest.importorskip("uvloop", reason="uvloop is not installed: uvicorn runs asyncio's loop alone")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = self_signed(folder)
    settings = Settings.load(
        {
            "db": str(folder / "sandbox.db"),
            "start_at": START,
            "port": free_port(),
            "head_timeout": HEAD_TIMEOUT,
            "tls_cert": str(cert),
            "tls_key": str(key),
            "log_level": "error",
        },
        environ={},
    )
    app = create_server(settings)
    config = uvicorn_config(settings, app.app, app.renderer.refusal)
    config.loop = request.param
    try:
        with running(config):
            yield settings.port, cert
    finally:
        app.close()


def _secure(served: tuple[int, Path]) -> http.client.HTTPSConnection:
    port, cert = served
    return http.client.HTTPSConnection(
        "127.0.0.1", port, timeout=10, context=ssl.create_default_context(cafile=str(cert))
    )


def test_requests_over_tls_are_served_as_https_on_one_kept_connection(served: tuple[int, Path]) -> None:
    connection = _secure(served)
    try:
        for _ in range(5):
            connection.request("GET", "/reservekit/v1/services/1", headers={"Authorization": KEY})
            answer = connection.getresponse()
            assert answer.status == 200
            assert json.loads(answer.read())["data"]["id"] == 1
        connection.request("GET", "/reservekit")
        moved = connection.getresponse()
        moved.read()
        assert moved.status == 307
        assert moved.headers["location"].startswith("https://"), "the scheme the app saw was not https"
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/reservekit/v1/services?page=2", "error"),
        ("/_sandbox/health", "detail"),
    ],  # ReserveKit's, a problem's
)
def test_plain_http_is_answered_400_in_the_apis_words_naming_the_https_url(
    served: tuple[int, Path], path: str, field: str
) -> None:
    port, _ = served
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": f"sandbox.example:{port}"})
        answer = connection.getresponse()
        body = json.loads(answer.read())
    finally:
        connection.close()
    assert answer.status == 400
    assert answer.headers["connection"] == "close"
    said = f"this server speaks HTTPS alone: send the request to https://sandbox.example:{port}{path}"
    assert said in body[field]


def test_a_silent_connection_and_a_broken_handshake_are_let_go_and_the_server_serves_on(
    served: tuple[int, Path],
) -> None:
    port, _ = served
    with socket.create_connection(("127.0.0.1", port), timeout=HEAD_TIMEOUT + 5) as silent:
        began = time.monotonic()
        assert silent.recv(1) == b"", "a connection that sent nothing was kept"
        assert time.monotonic() - began < HEAD_TIMEOUT + 2
    with socket.create_connection(("127.0.0.1", port), timeout=10) as broken:
        broken.sendall(b"\x16\x03\x01\x00\x05hello")  # a handshake record that is no ClientHello
        received = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := broken.recv(64):
                received += chunk
        assert not received or received[0] == 0x15, received  # nothing, or a TLS alert: no HTTP
    with socket.create_connection(("127.0.0.1", port), timeout=10):
        pass  # closed before its first byte
    connection = _secure(served)
    try:
        connection.request("GET", "/_sandbox/health")
        assert connection.getresponse().status == 200
    finally:
        connection.close()


def test_a_client_that_ends_its_tls_is_answered_and_no_warning_is_logged(
    served: tuple[int, Path], caplog: pytest.LogCaptureFixture
) -> None:
    """curl ends each connection with TLS's close_notify: asyncio warned, a line a connection,
    that the protocol's keeping a half-closed connection open has no effect over TLS."""
    port, cert = served
    context = ssl.create_default_context(cafile=str(cert))
    with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
        tls = context.wrap_socket(raw, server_hostname="127.0.0.1")
        tls.sendall(b"GET /_sandbox/health HTTP/1.1\r\nHost: t\r\n\r\n")
        answer = b""
        while b'"status":"ok"' not in answer.replace(b" ", b""):
            answer += tls.recv(4096)
        tls.unwrap()  # close_notify, then the server's
    time.sleep(0.2)
    assert answer.startswith(b"HTTP/1.1 200 ")
    assert [record.getMessage() for record in caplog.records if "eof_received" in record.getMessage()] == []
