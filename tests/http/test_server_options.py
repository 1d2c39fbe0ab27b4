"""``OPTIONS *`` (RFC 9110 9.3.7) asks of the server as a whole: every server answers it, a
vendor-only one and one serving an API at the root too, whose missing front page had made it
a 404 ("no API is mounted at /*"). A test client cannot spell ``*``: these speak HTTP on a
socket to the server uvicorn runs."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.live import serving

SERVERS = {
    "default": {},
    "vendor-only": {"vendor_only": True},
    "an API at the root": {"root": True, "apis": ("merchant",)},
}


@pytest.mark.parametrize("overrides", SERVERS.values(), ids=SERVERS)
def test_every_server_answers_options_of_itself_and_refuses_any_other_method_of_it(
    tmp_path: Path, overrides: dict[str, object]
) -> None:
    settings = Settings.load({"db": str(tmp_path / "s.db"), **overrides}, environ={})
    with serving(create_app(settings)) as origin:
        host, port = origin.removeprefix("http://").split(":")
        options, get = (_raw(host, int(port), f"{method} * HTTP/1.1") for method in ("OPTIONS", "GET"))
    assert options.startswith(b"HTTP/1.1 204 "), options
    assert b"\r\nallow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n" in options
    head, _, body = get.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 400 "), get
    assert b"\r\nallow: OPTIONS\r\n" in head
    assert b"\r\ncontent-type: application/problem+json\r\n" in head
    assert json.loads(body)["detail"] == "the target * is asked with OPTIONS only (RFC 9110 7.1)"


def _raw(host: str, port: int, line: str) -> bytes:
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(f"{line}\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer
