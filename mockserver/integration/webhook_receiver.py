"""A webhook receiver to run beside a test, for a sandbox to deliver its events to.

The contract kit and the pytest plugin (``webhook_receiver`` fixture) both use it. It
answers every POST with 204 and keeps what came: the raw body (a signature is over the
bytes as sent) and the headers. A test waits on a condition, not a sleep, for the
delivery it expects, and checks its ``Sandbox-Signature`` with the endpoint's secret.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from mockserver.documents.har import SIGNATURE_HEADER

MAX_BODY = 1 << 20
POLL_SECONDS = 0.02
# Seconds a signature may be old (or ahead) and still be trusted: the usual receiver's five minutes.
TOLERANCE = 300.0


@dataclass(frozen=True)
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def verify(self, secret: str, *, tolerance: float | None = TOLERANCE, now: float | None = None) -> bool:
        """Whether ``Sandbox-Signature`` (``t=<unix seconds>,v1=<hex HMAC-SHA256>``) signs this
        body with ``secret`` and was made within ``tolerance`` seconds of ``now`` (the wall
        clock; ``tolerance=None`` leaves the age out), as a receiver in production checks it."""
        try:
            parts = dict(
                part.split("=", 1) for part in self.headers.get(SIGNATURE_HEADER.lower(), "").split(",")
            )
            signed_at = int(parts["t"])
        except (ValueError, KeyError):
            return False
        if "v1" not in parts:
            return False
        if tolerance is not None and abs((time.time() if now is None else now) - signed_at) > tolerance:
            return False
        expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + self.body, hashlib.sha256)
        return hmac.compare_digest(expected.hexdigest(), parts["v1"])


class Receiver:
    def __init__(self, server: ThreadingHTTPServer, named: str | None = None) -> None:
        """``named``: the host name its URL gives, where the sandbox server reaches this machine
        by another name than the address it listens on (a container's host.docker.internal)."""
        self._server = server
        self._named = named
        self._arrived = threading.Condition()
        self.deliveries: list[Delivery] = []

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        host = self._named or str(host)
        return f"http://{f'[{host}]' if ':' in host else host}:{port}/hooks"

    def keep(self, delivery: Delivery) -> None:
        with self._arrived:
            self.deliveries.append(delivery)
            self._arrived.notify_all()

    def clear(self) -> None:
        """Forgets every delivery kept so far."""
        with self._arrived:
            self.deliveries.clear()

    def wait_for(self, wanted: Callable[[Delivery], bool], timeout: float = 15) -> Delivery | None:
        """The first delivery ``wanted`` accepts, waiting up to ``timeout`` seconds for it."""
        with self._arrived:
            found: list[Delivery] = []

            def arrived() -> bool:
                found[:] = [d for d in self.deliveries if wanted(d)][:1]
                return bool(found)

            self._arrived.wait_for(arrived, timeout)
            return found[0] if found else None


@contextmanager
def receiving(host: str = "127.0.0.1", *, named: str | None = None) -> Iterator[Receiver]:
    """A receiver on a free port of ``host`` (its URL naming ``named`` where given), stopped when
    the block ends."""
    holder: list[Receiver] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
            body = self.rfile.read(length)
            holder[0].keep(Delivery(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return  # the test's report says what arrived; stderr stays the user's

    server = ThreadingHTTPServer((host, 0), Handler)
    server.daemon_threads = True
    holder.append(Receiver(server, named))
    # Its stop waits for the loop's next look: the default half second was half a second of
    # every test that asked for a receiver (the plugin serves one a test).
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
    )
    thread.start()
    try:
        yield holder[0]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def undelivered(test_event: Mapping[str, Any], receiver: Receiver) -> str | None:
    """Why the sandbox could not reach ``receiver``, judged from its answer to a test event
    (``POST /_sandbox/webhooks/{id}/test``), or None. A sandbox in a container or on another
    machine meets another host at 127.0.0.1, so a wait for an event there failed a test after
    15 s as though the sandbox had sent none. Only a send that met no receiver at all (refused,
    unreachable) is a reason: one the receiver kept, or one the sandbox never made, leaves the
    events to be judged."""
    error = test_event.get("last_error")
    if receiver.deliveries or test_event.get("last_status") or not error:
        return None
    return f"the sandbox cannot deliver webhooks to {receiver.url}: {error}"
