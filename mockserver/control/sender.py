"""One webhook POST, bounded: the outbound policy, a total deadline, and a cap on what is read back.

The connection goes to the address the policy checked (no second lookup), TLS
still verifies the URL's host name (against the CAs ``tls`` trusts: the dispatcher's one
context, ``integration.tls.client_context``), redirects are not followed, and a watchdog
cuts the socket when the deadline passes, so an endpoint that drips its answer
a byte at a time holds a sender for the deadline at most. What is kept of the
answer (for the journal) is the status, a few headers and the first few KiB.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from mockserver.integration.tls import tls_hint

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


def post(
    policy: OutboundPolicy,
    url: str,
    body: bytes,
    headers: dict[str, str],
    deadline: float = DEADLINE_SECONDS,
    *,
    tls: ssl.SSLContext | None = None,
) -> Answer:
    """``tls``: the context an ``https`` URL is sent with (a new default one where none is given)."""
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
    cut = threading.Event()
    watchdog = threading.Timer(deadline, _cut, (raw, cut))
    watchdog.start()
    try:
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        context = (tls or ssl.create_default_context()) if secure else None
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
    if cut.is_set():
        # The cut ends the stream, and an answer cut short can parse as a whole one.
        return Answer(0, f"no complete answer within {deadline:g} s", [], b"")
    return Answer(status, failure, kept, answer)


def refusal(url: str, status: int, headers: list[tuple[str, str]]) -> str:
    """Why an answer is a failed delivery. A redirect names where it led: receivers commonly
    redirect to HTTPS or to the path with (or without) its trailing slash, and a delivery is
    never sent on, so the URL to register is the one it named."""
    failure = f"the endpoint answered {status}"
    location = next((value for name, value in headers if name.lower() == "location"), None)
    if 300 <= status < 400 and location:
        failure += (
            f", a redirect to {urljoin(url, location)[:MAX_LOCATION]} (not followed: register that URL)"
        )
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


def _cut(raw: socket.socket, cut: threading.Event) -> None:
    cut.set()
    with contextlib.suppress(OSError):  # already closed
        raw.shutdown(socket.SHUT_RDWR)
