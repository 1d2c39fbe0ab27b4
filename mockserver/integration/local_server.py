"""A sandbox server started on this machine: a free loopback port, and the wait until it answers.

The pytest plugin, the test suite and the benchmarks all start ``booking-sandbox serve`` (or
Prism) in a subprocess and must not talk to it before it listens; one helper serves them all.
"""

from __future__ import annotations

import http.client
import socket
import time
from typing import Protocol


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Exits(Protocol):
    """A started process, as ``wait_until_up`` watches it: ``subprocess.Popen``, or a handle
    with its ``poll`` and ``returncode``."""

    @property
    def returncode(self) -> int | None: ...

    def poll(self) -> int | None: ...


def wait_until_up(
    port: int,
    path: str = "/_sandbox/health",
    *,
    process: Exits | None = None,
    deadline_s: float = 60,
    host: str = "127.0.0.1",
) -> float:
    """Seconds until ``GET path`` on ``host``'s ``port`` answers below 500, polled every 20 ms. Raises
    ``RuntimeError`` if ``process`` exits first or nothing answers within ``deadline_s``."""
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before it answered")
        connection = http.client.HTTPConnection(host, port, timeout=1)
        try:
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return time.monotonic() - started
        except OSError:
            time.sleep(0.02)
        finally:  # a suite run with warnings as errors sees an unclosed socket as its own fault
            connection.close()
    raise RuntimeError(f"nothing answered on port {port} within {deadline_s:g} s")
