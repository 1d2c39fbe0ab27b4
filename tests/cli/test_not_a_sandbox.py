"""A client command pointed at a server that is no sandbox (another program on the port, a
mistyped ``--url``) says so in one line and exits 5, whatever that server answers."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from mockserver.cli import main

KEY = "sk_rsv_not_a_sandbox_0001"


class WebShop(BaseHTTPRequestHandler):
    """Another program: a page at ``/_sandbox/clock`` (200), HTML 404s everywhere else."""

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b"<!DOCTYPE html><title>A web shop</title>"
        self.send_response(200 if self.path.endswith("/clock") else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args: object) -> None:
        """Quiet: the test reads the command's output, not the server's."""


@pytest.fixture(scope="module")
def web_shop() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), WebShop)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(
    ("command", "answered"),
    [
        (["clock"], "GET /_sandbox/clock answered 200"),
        (["clock", "advance", "2h"], "POST /_sandbox/clock/advance answered 404"),
        (["state", "export", "{file}"], "GET /_sandbox/state answered 404"),
        (["state", "import", "{file}"], "PUT /_sandbox/state answered 404"),
        (["faults", "list"], "GET /_sandbox/faults answered 404"),
        (["journal", "count"], "GET /_sandbox/journal/count answered 404"),
        (["webhooks", "remove", "1"], "DELETE /_sandbox/webhooks/1 answered 404"),
        (["coverage"], "GET /_sandbox/coverage answered 404"),
    ],
)
def test_a_server_that_is_no_sandbox_is_named_in_one_line(
    web_shop: str, command: list[str], answered: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = tmp_path / "state.json"
    if command[:2] == ["state", "import"]:
        file.write_text('{"format": 1}')
    before = sorted(tmp_path.iterdir())
    assert main([*(part.format(file=file) for part in command), "--url", web_shop, "--key", KEY]) == 5
    [said] = capsys.readouterr().err.splitlines()
    assert f"what answers at {web_shop} is no booking sandbox: {answered} (text/html; charset=utf-8)" in said
    assert sorted(tmp_path.iterdir()) == before, "no file written from a stranger's answer"
