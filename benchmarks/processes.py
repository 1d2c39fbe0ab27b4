"""Starting, timing and measuring the servers the benchmarks load: the sandbox and Prism 5.

Prism comes from npm, pinned by ``benchmarks/prism/package-lock.json`` and installed once
into the virtual environment (``.venv/npm/prism``), again only when the lock file changes.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
START_AT = "2027-01-06T15:00:00Z"
"""Every benchmark sandbox starts here, frozen: the same world and dates whatever today is."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, path: str, deadline_s: float = 60) -> float:
    """Seconds until ``path`` answers below 500 (polled every 10 ms)."""
    started = time.monotonic()
    while time.monotonic() - started < deadline_s:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return time.monotonic() - started
        except OSError:
            time.sleep(0.01)
    raise RuntimeError(f"nothing answered on port {port} within {deadline_s} s")


def sandbox_command(port: int, db: Path, workers: int, *extra: str) -> list[str]:
    return [
        *(sys.executable, "-m", "mockserver.cli", "serve"),
        *("--port", str(port), "--workers", str(workers), "--db", str(db)),
        *("--seed", "42", "--start-at", START_AT, "--frozen", "--log-level", "warning"),
        *extra,
    ]


def start_sandbox(port: int, db: Path, workers: int, *extra: str) -> tuple[subprocess.Popen[bytes], float]:
    """The sandbox as ``serve`` starts it (defaults: validation and the journal on), and its
    start-up time to a healthy answer."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    started = time.monotonic()
    process = subprocess.Popen(
        sandbox_command(port, db, workers, *extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    wait_until_up(port, "/_sandbox/health")
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
    wait_until_up(port, "/")
    return process, time.monotonic() - started


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total_kb = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            pending.extend(int(child) for child in task.read_text().split())
    return total_kb / 1024


def stop(*processes: subprocess.Popen[bytes]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
