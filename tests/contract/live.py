"""A sandbox served over real HTTP from a thread of the test process, and the kit run against it.

The kit is run as its users run it (``booking-sandbox contract`` in a
process of its own, see ``Kit``); the server stays in this process so a test can break it with
monkeypatches or a wrapping middleware and see whether the kit notices.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from mockserver.apis.registry import mount_of
from mockserver.integration.local_server import free_port
from tests.commands import Commands


class _Server(uvicorn.Server):
    """uvicorn's server, stopped as soon as a test is done with it. Its own stop looks for the
    exit flag every 0.1 s, then gives connections 0.1 s more before looking whether they have
    finished (157 ms a server, and the contract tests serve a few hundred): here the stop wakes
    the loop at once and looks every few milliseconds, and still lets a request in flight end."""

    def __init__(self, config: uvicorn.Config) -> None:
        super().__init__(config)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop = asyncio.Event()

    async def main_loop(self) -> None:
        self._loop = asyncio.get_running_loop()
        if not self.should_exit:  # set after ``stop`` looked for the loop: it found none to wake
            await self._stop.wait()

    def stop(self) -> None:
        self.should_exit = True
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)

    async def shutdown(self, sockets: list[Any] | None = None) -> None:
        for server in self.servers:
            server.close()
        for connection in list(self.server_state.connections):
            connection.shutdown()
        deadline = time.monotonic() + 10
        while (self.server_state.connections or self.server_state.tasks) and time.monotonic() < deadline:
            await asyncio.sleep(0.005)
        for task in self.server_state.tasks:
            task.cancel()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no CA signed, and its key, made by ``openssl`` (the test
    is skipped, saying so, where there is none)."""
    if shutil.which("openssl") is None:
        pytest.skip("no openssl command to make a certificate with (Debian: apt install openssl)")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            *(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
            ),
            *("-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@contextmanager
def serving(app: Any, tls: tuple[Path, Path] | None = None) -> Iterator[str]:
    """Serve an ASGI app on a free local port; yields its origin. ``tls``: a certificate and
    its key to serve HTTPS with."""
    port = free_port()
    certified = {"ssl_certfile": str(tls[0]), "ssl_keyfile": str(tls[1])} if tls else {}
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off", **certified)
    with running(config):
        yield f"{'https' if tls else 'http'}://127.0.0.1:{port}"


@contextmanager
def running(config: uvicorn.Config) -> Iterator[None]:
    """uvicorn serving ``config`` on a thread of this process, started before the block and
    stopped after it."""
    server = _Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.002)
    try:
        yield
    finally:
        server.stop()
        thread.join(timeout=10)


class Requests:
    """ASGI middleware: every method and path the server was sent, in order (the server's count
    of a run, against which the kit's HAR is held)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.seen: list[tuple[str, str]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.seen.append((scope["method"], scope["path"]))
        await self.app(scope, receive, send)


@dataclass(frozen=True)
class KitResult:
    exit_code: int
    output: str
    failed: dict[str, str]  # test name -> first line of its failure
    passed: tuple[str, ...]
    skipped: dict[str, str]


class Kit:
    """``booking-sandbox contract`` as its users run it, each run a process of its own: a
    child forked from one that has imported the kit's libraries (``tests/cli_forks.py``)."""

    def __init__(self, commands: Commands) -> None:
        self._commands = commands

    def run(self, origin: str, api: str, tmp_path: Path, *args: str) -> KitResult:
        """The kit against the API where a sandbox at ``origin`` mounts it."""
        return self.run_at(origin + mount_of(api), api, tmp_path, *args)

    def run_at(
        self, base_url: str, api: str, tmp_path: Path, *args: str, env: dict[str, str] | None = None
    ) -> KitResult:
        """``env``: variables set for this run alone."""
        junit = tmp_path / f"kit-{api}-{time.monotonic_ns()}.xml"
        output = junit.with_suffix(".out")
        argv = ["contract", "--api", api, "--base-url", base_url, "--junit", str(junit), *args]
        # From the test's own directory, as a user runs it from theirs: nothing may be left there.
        code = self._commands.forked(argv, cwd=tmp_path, output=output, env={**os.environ, **(env or {})})
        text = output.read_text(encoding="utf-8", errors="replace")
        output.unlink()
        return _result(code, text, junit)


def _result(exit_code: int, output: str, junit: Path) -> KitResult:
    failed: dict[str, str] = {}
    passed: list[str] = []
    skipped: dict[str, str] = {}
    if junit.exists():
        for case in ET.parse(junit).getroot().iter("testcase"):
            name = f"{case.get('classname', '').rsplit('.', 1)[-1]}::{case.get('name', '')}"
            problem = case.find("failure")
            if problem is None:
                problem = case.find("error")
            skip = case.find("skipped")
            if problem is not None:
                failed[name] = (
                    (problem.get("message") or "").splitlines()[0][:200] if problem.get("message") else ""
                )
            elif skip is not None:
                skipped[name] = skip.get("message", "")
            else:
                passed.append(name)
    return KitResult(exit_code, output, failed, tuple(passed), skipped)


# What a kit report's reasons must never hold: Python's own exception text, or a table border.
PYTHON_TEXT = re.compile(r"Traceback|\b[A-Z]\w*(Error|Exception|Group)\b|^\+-{8}", re.MULTILINE)


def failure_reasons(output: str) -> dict[str, str]:
    """Each FAILED line of the kit's summary table, with the indented lines of its reason."""
    table = output[output.index("contract kit: ") :]
    reasons: dict[str, str] = {}
    current = ""
    for line in table.splitlines():
        if line.startswith(("FAILED ", "PASSED ", "UNCHECKED ")):
            current = line.split(None, 1)[1] if line.startswith("FAILED ") else ""
            if current:
                reasons[current] = ""
        elif current and line.startswith(" " * 10):
            reasons[current] += line.strip() + "\n"
        else:
            current = ""
    return reasons
