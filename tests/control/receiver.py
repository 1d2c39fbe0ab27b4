"""A local webhook endpoint for the control tests: it records every delivery and answers with
the statuses it is given (``receiver`` in this folder's conftest serves one per test)."""

from __future__ import annotations

import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class Receiver:
    """A local endpoint that records every delivery and answers with the statuses it is given."""

    def __init__(self, tls: tuple[Path, Path] | None = None) -> None:
        """``tls``: a certificate and its key to answer HTTPS with."""
        self.received: list[tuple[dict[str, str], bytes]] = []
        self.answers: list[int] = []
        self.sends: dict[str, str] = {}  # headers on every answer (a redirect's Location)
        self.hold: threading.Event | None = None  # set: each answer waits until it is set
        self.arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if receiver.hold is not None:
                    receiver.hold.wait(10)
                status = receiver.answers.pop(0) if receiver.answers else 200
                self.send_response(status)
                self.send_header("Content-Length", "2")
                for name, value in receiver.sends.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(b"ok")
                with receiver.arrived:
                    receiver.received.append((dict(self.headers.items()), body))
                    receiver.arrived.notify_all()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}/hooks/booking"

    def wait_for(self, count: int, timeout: float = 10) -> list[tuple[dict[str, str], bytes]]:
        with self.arrived:
            assert self.arrived.wait_for(lambda: len(self.received) >= count, timeout), self.received
        return self.received
