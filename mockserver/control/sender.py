"""One webhook POST, bounded: the outbound policy, a total deadline, and a cap on what is read back.

The connection goes to the address the policy checked (no second lookup), TLS
still verifies the URL's host name (against the CAs its ``Sends`` trust: a dispatcher's one
context, ``integration.tls.client_context``), redirects are not followed, and a watchdog
cuts the socket when the deadline passes, so an endpoint that drips its answer
a byte at a time holds a sender for the deadline at most; a dispatcher's ``Sends``
cut every socket in flight at once, for a stop that will not wait for them. What is
kept of the answer (for the journal) is the status, a few headers and the first few KiB.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from mockserver.integration.tls import client_context, tls_hint

from .outbound import OutboundPolicy, Refused

DEADLINE_SECONDS = 10.0
CONNECT_SECONDS = 3.0
REPLY_BYTES = 4 * 1024
MAX_LOCATION = 200  # of a redirect's target, quoted in a failed delivery's error
KEPT_HEADERS = frozenset({"content-type", "content-length", "retry-after", "location", "x-request-id"})


@dataclass(frozen=True)
class Answer:
    status: int
    """0 when no answer came (refused, unreachable, cut at the deadline)."""
    error: str | None
    """None for a 2xx answer."""
    headers: list[tuple[str, str]]
    body: bytes


class Sends:
    """What one dispatcher's sends share. The TLS context, made at the first HTTPS send (a
    server that sends no webhook never reads a CA bundle), trusting what the package's clients
    trust (``REQUESTS_CA_BUNDLE``, ``SSL_CERT_FILE``), so a receiver behind a private CA is named
    where a staging server's is. And the sockets in flight, which ``cut`` ends at once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tls: ssl.SSLContext | None = None
        self._open: dict[socket.socket, list[str]] = {}
        self._cut_because: str | None = None

    def tls(self) -> ssl.SSLContext:
        with self._lock:
            if self._tls is None:
                self._tls = client_context()
            return self._tls

    def cut(self, reason: str) -> None:
        """Ends every send in flight, and each one after, failed with ``reason``."""
        with self._lock:
            self._cut_because = reason
            cutting = list(self._open.items())
        for raw, why in cutting:
            _cut(raw, why, reason)

    @contextlib.contextmanager
    def _sending(self, raw: socket.socket, why: list[str]) -> Iterator[None]:
        with self._lock:
            self._open[raw] = why
            reason = self._cut_because
        if reason is not None:
            _cut(raw, why, reason)
        try:
            yield
        finally:
            with self._lock:
                del self._open[raw]


def post(
    policy: OutboundPolicy,
    url: str,
    body: bytes,
    headers: dict[str, str],
    deadline: float = DEADLINE_SECONDS,
    *,
    sends: Sends | None = None,
) -> Answer:
    """``sends``: what the send shares with others (its TLS context; a cut that ends them all)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    secure = parts.scheme == "https"
    port = parts.port or (443 if secure else 80)
    try:
        address = policy.destination(host, port)
        raw = socket.create_connection((address, port), timeout=min(CONNECT_SECONDS, deadline))
    except Refused as refused:
        return Answer(0, f"refused by the outbound policy: {refused}", [], b"")
    except OSError as error:
        return Answer(0, f"cannot connect to {host}:{port}: {error}", [], b"")
    why: list[str] = []  # why the socket was cut, if it was: its deadline, or ``Sends.cut``
    watchdog = threading.Timer(deadline, _cut, (raw, why, f"no complete answer within {deadline:g} s"))
    watchdog.start()
    try:
        with sends._sending(raw, why) if sends else contextlib.nullcontext():
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            context = (sends.tls() if sends else ssl.create_default_context()) if secure else None
            status, kept, answer = _exchange(
                raw, host, port, tls=context, path=path, body=body, headers=headers, deadline=deadline
            )
    except (OSError, http.client.HTTPException) as error:
        failure: str | None = (f"{type(error).__name__}: {error}" if str(error) else type(error).__name__) + (
            tls_hint(error)
        )
        status, kept, answer = 0, [], b""
    else:
        failure = None if 200 <= status < 300 else refusal(url, status, kept)
    finally:
        watchdog.cancel()
        raw.close()
    if why:
        # The cut ends the stream, and an answer cut short can parse as a whole one.
        return Answer(0, why[0], [], b"")
    return Answer(status, failure, kept, answer)


def refusal(url: str, status: int, headers: list[tuple[str, str]]) -> str:
    """Why an answer is a failed delivery. A redirect names where it led: receivers commonly
    redirect to HTTPS or to the path with (or without) its trailing slash, and a delivery is
    never sent on, so the URL to register is the one it named."""
    failure = f"the endpoint answered {status}"
    location = next((value for name, value in headers if name.lower() == "location"), None)
    if 300 <= status < 400 and location:
        try:
            led = urljoin(url, location)
        except ValueError:  # no URL (an unclosed "[" of an IPv6 host): said as it came
            led = location
        failure += f", a redirect to {led[:MAX_LOCATION]} (not followed: register that URL)"
    return failure


def _exchange(
    raw: socket.socket,
    host: str,
    port: int,
    *,
    tls: ssl.SSLContext | None,
    path: str,
    body: bytes,
    headers: dict[str, str],
    deadline: float,
) -> tuple[int, list[tuple[str, str]], bytes]:
    raw.settimeout(deadline)
    connection = http.client.HTTPConnection(host, port, timeout=deadline)
    connection.sock = raw if tls is None else tls.wrap_socket(raw, server_hostname=host)
    connection.request("POST", path, body=body, headers=headers)
    response = connection.getresponse()
    kept = [(k, v[:200]) for k, v in response.getheaders() if k.lower() in KEPT_HEADERS]
    return response.status, kept, response.read(REPLY_BYTES)


def _cut(raw: socket.socket, why: list[str], reason: str) -> None:
    why.append(reason)
    with contextlib.suppress(OSError):  # already closed
        raw.shutdown(socket.SHUT_RDWR)
