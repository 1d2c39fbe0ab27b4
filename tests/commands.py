"""``booking-sandbox`` commands run as a user runs them, each a process of its own, forked from
one that has imported the CLI once (``tests/cli_forks.py``) rather than started anew.

A new interpreter spent about a second of CPU importing before a command's first line, and the
tests run about a hundred ``check-har`` and control commands besides the kit's runs. What a child is given is what ``subprocess.run`` gives: the argument list, the
working directory, the test's environment at the call (or the one given), standard input, and
its own output and error streams and exit code. A test about what only a new interpreter
shows (the installed script on ``PATH``, a closed pipe, a signal, a server left running)
starts one with ``subprocess``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class Commands:
    """The forking process of this test process (each xdist worker has its own)."""

    def __init__(self) -> None:
        self._forks = subprocess.Popen(
            [sys.executable, "-m", "tests.cli_forks"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        self._lock = threading.Lock()

    def run(
        self,
        argv: Sequence[str],
        *,
        cwd: Path | str | None = None,
        input: str | None = None,
        env: Mapping[str, str] | None = None,
        timeout: float = 600,
    ) -> subprocess.CompletedProcess[str]:
        """``booking-sandbox argv`` as ``subprocess.run(..., capture_output=True, text=True)``
        runs it: its exit code, output and errors; in the test's working directory unless
        ``cwd`` names another."""
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
            )
            out, err = (_read(streams / name) for name in ("output", "errors"))
        return subprocess.CompletedProcess(["booking-sandbox", *argv], code, out, err)

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
    ) -> int:
        """The command's exit code; its output (and its errors, where no ``errors`` is named)
        written to ``output``."""
        request: dict[str, Any] = {
            "argv": list(argv),
            "cwd": str(os.getcwd() if cwd is None else cwd),
            "environ": dict(os.environ if env is None else env),
            "output": str(output),
            "errors": str(errors) if errors is not None else None,
            "input": str(given) if given is not None else None,
            "timeout": timeout,
        }
        with self._lock:
            assert self._forks.stdin is not None, "a pipe"
            assert self._forks.stdout is not None, "a pipe"
            self._forks.stdin.write(json.dumps(request) + "\n")
            self._forks.stdin.flush()
            answer = self._forks.stdout.readline()
        if not answer:
            raise RuntimeError(f"the commands' forking process ended (exit {self._forks.wait()})")
        return int(json.loads(answer)["code"])

    def close(self) -> None:
        if self._forks.stdin is not None:
            self._forks.stdin.close()
        self._forks.wait(timeout=30)


def _read(path: Path) -> str:
    # As subprocess's text mode reads a stream: UTF-8 here, universal newlines.
    return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
