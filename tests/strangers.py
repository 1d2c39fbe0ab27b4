"""Servers that are no sandbox, for the tests of what meets one: another program on the port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from mockserver.integration.webhook_receiver import POLL_SECONDS


class Stranger(BaseHTTPRequestHandler):
    """Another program: ``answer`` says what it answers each request, in ``content_type``."""

    content_type = "text/html; charset=utf-8"

    def answer(self) -> tuple[int, bytes]:
        raise NotImplementedError

    def _answer(self) -> None:
        self.server.asked.append(f"{self.command} {self.path}")  # type: ignore[attr-defined]
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        status, body = self.answer()
        self.send_response(status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args: object) -> None:
        """Quiet: the tests read what meets it, not the server's log."""


class WebShop(Stranger):
    """A page at any path ending ``/clock`` (200), HTML 404s everywhere else."""

    def answer(self) -> tuple[int, bytes]:
        return (200 if self.path.endswith("/clock") else 404), b"<!DOCTYPE html><title>A web shop</title>"


def odd_json(body: bytes) -> type[Stranger]:
    """A program that answers ``body``, JSON no sandbox writes, to every request (200)."""

    class OddJson(Stranger):
        content_type = "application/json"

        def answer(self) -> tuple[int, bytes]:
            return 200, body

    return OddJson


@contextmanager
def a_web_shop() -> Iterator[tuple[str, list[str]]]:
    """A ``WebShop`` on a free port: its URL, and each request it was sent (method and path)."""
    with a_stranger(WebShop) as served:
        yield served


@contextmanager
def a_stranger(handler: type[Stranger]) -> Iterator[tuple[str, list[str]]]:
    """``handler``'s server on a free port: its URL, and each request it was sent."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    asked: list[str] = []
    server.asked = asked  # type: ignore[attr-defined]
    # A short poll: its stop waits for the loop's next look (half a second by default).
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()
