"""``booking-sandbox`` commands run as a user runs them, each a process of its own, forked from
one that has imported the CLI once (``tests/cli_forks.py``) rather than started anew.

A new interpreter spent about a second of CPU importing before a command's first line, and the
tests run about a hundred ``check-har`` and control commands besides the kit's runs. What a child is given is what ``subprocess.run`` gives: the argument list, the
working directory, the test's environment at the call (or the one given), standard input, and
its own output and error streams and exit code. ``start`` starts one as ``subprocess.Popen`` does
(``serve``, which a test talks to, signals and waits for), its handle a ``Started``. Either runs
``python -m pytest`` instead (``program="pytest"``): an integrator's own suite, with the plugins
installed here (a new interpreter spent 1.3-1.9 s importing them, for each of some thirty). A test
about what only a new interpreter shows (the installed script on ``PATH``, a closed pipe, the
modules a process imports) starts one with ``subprocess``.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent


class Commands:
    """The forking process of this test process (each xdist worker has its own)."""

    def __init__(self) -> None:
        self._requests, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._forks = subprocess.Popen(
            [sys.executable, "-m", "tests.cli_forks", str(theirs.fileno())],
            stdin=subprocess.DEVNULL,
            pass_fds=[theirs.fileno()],
            cwd=ROOT,
        )
        theirs.close()
        self._lock = threading.Lock()

    def run(
        self,
        argv: Sequence[str],
        *,
        cwd: Path | str | None = None,
        input: str | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 600,
        program: str = "booking-sandbox",
    ) -> subprocess.CompletedProcess[str]:
        """``booking-sandbox argv`` as ``subprocess.run(..., capture_output=True, text=True)``
        runs it: its exit code, output and errors; in the test's working directory unless
        ``cwd`` names another. ``program="pytest"`` runs ``python -m pytest argv`` instead."""
        with tempfile.TemporaryDirectory(prefix="command-") as folder:
            streams = Path(folder)
            given = None
            if input is not None:
                given = streams / "input"
                given.write_text(input, encoding="utf-8")
            code = self.forked(
                argv,
                cwd=cwd,
                output=streams / "output",
                errors=streams / "errors",
                given=given,
                env=env,
                timeout=timeout,
                program=program,
            )
            out, err = (_read(streams / name) for name in ("output", "errors"))
        return subprocess.CompletedProcess([program, *argv], code, out, err)

    def forked(
        self,
        argv: Sequence[str],
        *,
        cwd: Path | str | None,
        output: Path,
        errors: Path | None = None,
        given: Path | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 600,
        program: str = "booking-sandbox",
    ) -> int:
        """The command's exit code; its output (and its errors, where no ``errors`` is named)
        written to ``output``."""
        writing = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        streams = [os.open(given or os.devnull, os.O_RDONLY), os.open(output, writing, 0o644)]
        streams.append(os.open(errors, writing, 0o644) if errors is not None else streams[1])
        try:
            answer = self._ask(_request("run", argv, cwd, env, timeout, program), streams)
        finally:
            for stream in set(streams):
                os.close(stream)
        return int(answer["code"])

    def start(
        self,
        argv: Sequence[str],
        *,
        cwd: Path | str | None = None,
        env: Mapping[str, str] | None = None,
        stdout: int | None = None,
        stderr: int | None = None,
        program: str = "booking-sandbox",
    ) -> Started:
        """``booking-sandbox argv`` started as ``subprocess.Popen(..., text=True)`` starts it,
        standard input closed; ``stdout`` and ``stderr`` are ``subprocess.PIPE``, ``DEVNULL``,
        ``STDOUT`` (errors only) or ``None`` (this process's own)."""
        ours: dict[str, IO[str]] = {}
        theirs: list[int] = [os.open(os.devnull, os.O_RDONLY)]
        for name, wanted in (("stdout", stdout), ("stderr", stderr)):
            if wanted == subprocess.PIPE:
                read, write = os.pipe()
                ours[name] = open(read, encoding="utf-8", errors="replace")  # noqa: SIM115 (the handle's)
                theirs.append(write)
            elif wanted == subprocess.DEVNULL:
                theirs.append(os.open(os.devnull, os.O_WRONLY))
            elif wanted == subprocess.STDOUT and name == "stderr":
                theirs.append(os.dup(theirs[1]))
            else:
                theirs.append(os.dup(1 if name == "stdout" else 2))
        exited, exit_pipe = os.pipe()
        try:
            answer = self._ask(_request("start", argv, cwd, env, None, program), [*theirs, exit_pipe])
        finally:
            for stream in (*theirs, exit_pipe):
                os.close(stream)
        return Started([program, *argv], int(answer["pid"]), exited, **ours)

    def _ask(self, request: dict[str, Any], streams: list[int]) -> dict[str, Any]:
        with self._lock:
            socket.send_fds(self._requests, [json.dumps(request).encode()], streams)
            answer = self._requests.recv(1 << 16)
        if not answer:
            raise RuntimeError(f"the commands' forking process ended (exit {self._forks.wait()})")
        reply: dict[str, Any] = json.loads(answer)
        return reply

    def close(self) -> None:
        self._requests.close()
        self._forks.wait(timeout=30)


class Started:
    """A started command's handle, as ``subprocess.Popen``'s: its pid, its piped output and
    errors, ``poll``, ``wait``, signals; it exits as its own process, a child of the forking
    one, which writes its exit code to a pipe this handle reads."""

    def __init__(
        self,
        args: list[str],
        pid: int,
        exited: int,
        stdout: IO[str] | None = None,
        stderr: IO[str] | None = None,
    ) -> None:
        self.args = args
        self.pid = pid
        self.stdout = stdout
        self.stderr = stderr
        self.returncode: int | None = None
        self._exited = exited

    def poll(self) -> int | None:
        if self.returncode is None and self._said(0):
            self._read_code()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not self._said(timeout):
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
            self._read_code()
        assert self.returncode is not None
        return self.returncode

    def _said(self, timeout: float | None) -> bool:
        # poll, not select: a test process that made hundreds of apps holds files numbered past
        # select's 1,024, and the exit pipe is numbered after them.
        exit_pipe = select.poll()
        exit_pipe.register(self._exited, select.POLLIN)
        return bool(exit_pipe.poll(None if timeout is None else timeout * 1000))

    def communicate(self, timeout: float | None = None) -> tuple[str, str]:
        """Its piped output and errors read to their ends, then its exit waited for, as
        ``Popen.communicate`` does (a stream not piped reads as "")."""
        said: dict[str, str] = {}

        def drain(name: str, stream: IO[str]) -> None:
            with stream:
                said[name] = stream.read()

        readers = [
            threading.Thread(target=drain, args=(name, stream), daemon=True)
            for name, stream in (("out", self.stdout), ("err", self.stderr))
            if stream is not None
        ]
        began = time.monotonic()
        for reader in readers:
            reader.start()
        for reader in readers:
            reader.join(None if timeout is None else max(0.0, timeout - (time.monotonic() - began)))
            if reader.is_alive():
                raise subprocess.TimeoutExpired(self.args, timeout or 0)
        self.wait(None if timeout is None else max(0.0, timeout - (time.monotonic() - began)))
        return said.get("out", ""), said.get("err", "")

    def send_signal(self, sig: int) -> None:
        # As Popen: nothing is sent to a process known to have exited (its pid may be another's).
        # Its forking parent reaps it before writing its code to the pipe: in between, the pid
        # is gone and poll() does not know yet (a ProcessLookupError that failed a fresh clone's
        # CI once, a second stop after the test's own).
        if self.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, sig)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def __enter__(self) -> Started:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for stream in (self.stdout, self.stderr):
            if stream is not None:
                stream.close()
        self.wait()

    def _read_code(self) -> None:
        said = os.read(self._exited, 64)
        os.close(self._exited)
        if not said:
            raise RuntimeError(f"the forking process ended before {self.args} did")
        self.returncode = int(said)


def _request(
    op: str,
    argv: Sequence[str],
    cwd: Path | str | None,
    env: Mapping[str, str] | None,
    timeout: float | None,
    program: str,
) -> dict[str, Any]:
    environ = dict(os.environ if env is None else env)
    if program == "pytest" and cwd is not None:
        # An integrator's suite keeps its temporary folders (the plugin's sandbox and log, kept
        # by its pytest's defaults) in its own folder, a test's, not in /tmp for good.
        environ.setdefault("PYTEST_DEBUG_TEMPROOT", str(cwd))
    return {
        "op": op,
        "program": program,
        "argv": list(argv),
        "cwd": str(os.getcwd() if cwd is None else cwd),
        "environ": environ,
        "timeout": timeout,
    }


def _read(path: Path) -> str:
    # As subprocess's text mode reads a stream: UTF-8 here, universal newlines.
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
