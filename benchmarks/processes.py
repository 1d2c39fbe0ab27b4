"""Starting, timing and measuring the servers the benchmarks load: the sandbox and Prism 5.

Prism comes from npm, pinned by ``benchmarks/prism/package-lock.json`` and installed once
into the virtual environment (``.venv/npm/prism``), again only when the lock file changes.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from mockserver.integration.local_server import free_port, wait_until_up

__all__ = [
    "free_port",
    "prism_binary",
    "pss_mb",
    "rss_mb",
    "start_prism",
    "start_sandbox",
    "stop",
    "wait_until_up",
]

HERE = Path(__file__).parent
START_AT = "2027-01-06T15:00:00Z"
"""Every benchmark sandbox starts here, frozen: the same world and dates whatever today is."""


SERVE = ("-m", "mockserver.cli")
"""How the benchmarks start ``booking-sandbox``: as a user's ``python -m``."""


def sandbox_command(
    port: int, db: Path | str, workers: int, *extra: str, entry: tuple[str, ...] = SERVE
) -> list[str]:
    return [
        *(sys.executable, *entry, "serve"),
        *("--port", str(port), "--workers", str(workers), "--db", str(db)),
        *("--seed", "42", "--start-at", START_AT, "--frozen", "--log-level", "warning"),
        *extra,
    ]


def start_sandbox(
    port: int, db: Path | str, workers: int, *extra: str, entry: tuple[str, ...] = SERVE
) -> tuple[subprocess.Popen[bytes], float]:
    """The sandbox as ``serve`` starts it (defaults: validation and the journal on), and its
    start-up time to a healthy answer; ``entry`` is what ``python`` runs before ``serve``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    # Started as a user's is (``./dev serve``, or an installed package), with compiled modules
    # cached: where the environment turns caching off, every start compiled every module of
    # the server and its libraries again (2.0 s to healthy instead of 0.9 s, this machine).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(HERE.parent / ".venv" / "pycache"))
    started = time.monotonic()
    process = subprocess.Popen(
        sandbox_command(port, db, workers, *extra, entry=entry),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    wait_until_up(port, "/_sandbox/health", process=process)
    return process, time.monotonic() - started


def prism_binary() -> Path:
    """Prism's executable, installed from the pinned lock file on first use."""
    if shutil.which("npm") is None or shutil.which("node") is None:
        sys.exit(
            "Prism 5, the baseline, comes from npm: install Node.js and npm (Debian: apt install nodejs npm)"
        )
    source, target = HERE / "prism", Path(sys.prefix) / "npm" / "prism"
    target.mkdir(parents=True, exist_ok=True)
    lock = target / "package-lock.json"
    binary = target / "node_modules" / ".bin" / "prism"
    if not binary.exists() or not lock.exists() or lock.read_bytes() != (source / lock.name).read_bytes():
        for manifest in ("package.json", "package-lock.json"):
            shutil.copyfile(source / manifest, target / manifest)
        print("installing Prism 5 from npm (once) ...", flush=True)
        command = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
        subprocess.run(command, cwd=target, check=True, timeout=600)
    return binary


def start_prism(spec: Path, port: int) -> tuple[subprocess.Popen[bytes], float]:
    """``prism mock`` on one spec, as a user would run it, and its start-up time."""
    started = time.monotonic()
    command = [str(prism_binary()), "mock", str(spec), "-p", str(port), "-v", "error", "--errors", "true"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until_up(port, "/", process=process)
    return process, time.monotonic() - started


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB: pages shared between them
    (a forked worker's inherited code) are counted once per process that maps them."""
    return _summed(pid, "/proc/{}/status", "VmRSS:")


def pss_mb(pid: int) -> float:
    """Proportional memory of a process and all its descendants, in MB: each shared page is
    split between the processes sharing it, so the sum is the memory the tree really takes."""
    return _summed(pid, "/proc/{}/smaps_rollup", "Pss:")


def _summed(pid: int, source: str, field: str) -> float:
    total_kb = 0
    for current in tree(pid):
        try:
            text = Path(source.format(current)).read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith(field):
                total_kb += int(line.split()[1])
    return total_kb / 1024


def tree(pid: int) -> list[int]:
    """A process and all its descendants, each found from its own ``stat``, which names its
    parent (the kernel's ``task/*/children`` lists are not reliable while a process runs: one
    missed a replacement worker a moment after listing it, ``tests/test_workers.py``)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process ended while the list was read
        # ``pid (name) state ppid ...``: the name may hold spaces and parentheses.
        parent = int(text.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(text.split(" ", 1)[0]))
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(children.get(current, ()))
    return found


def stop(*processes: subprocess.Popen[bytes]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
