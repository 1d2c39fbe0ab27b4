"""Wall time of the whole contract kit against a local sandbox, one API at a time, default settings.

    python benchmarks/contract_kit.py [--api NAME ...]

Starts ``booking-sandbox serve`` on a free loopback port and runs
``booking-sandbox contract --api NAME --base-url …`` for each API, as a QA job
would. The target (issue 48) is 2 minutes for all four APIs together on the 2-core
reference machine; the baseline printed next to each figure is the same run with the
Schemathesis phases cut to ``examples`` (the spec's own examples only), measured in this
run, so the ratio shows what generation and the stateful phase cost. Every process runs
with its compiled modules cached, as ``./dev`` and an installed package run them.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

# Run as a script, this folder is on the path: the two benchmarks start the sandbox alike.
from processes import free_port, wait_until_up

from mockserver.apis.registry import mount_of
from mockserver.server.settings import KNOWN_APIS

BUDGET_SECONDS = 120
"""For the four APIs together."""


def kit(api: str, base: str, *extra: str) -> tuple[float, int, str]:
    seconds, done = run_kit(api, base, *extra)
    tail = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    return seconds, done.returncode, tail


def run_kit(api: str, base: str, *extra: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    """``booking-sandbox contract`` against the API where ``base`` mounts it: its wall time and run."""
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "mockserver.cli",
        "contract",
        "--api",
        api,
        "--base-url",
        base + mount_of(api),
    ]
    done = subprocess.run(
        [*command, *extra], capture_output=True, text=True, timeout=1800, check=False, env=_env()
    )
    return time.monotonic() - started, done


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", os.path.join(os.path.dirname(__file__), "..", ".venv", "pycache"))
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", action="append", choices=KNOWN_APIS, help="(repeatable; default all)")
    args = parser.parse_args()
    port = free_port()
    env = _env()
    server = subprocess.Popen(
        [sys.executable, "-m", "mockserver.cli", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        wait_until_up(port, "/_sandbox/health")
        base = f"http://127.0.0.1:{port}"
        total = 0.0
        for api in args.api or KNOWN_APIS:
            baseline, _, _ = kit(api, base, "--phases", "examples")
            seconds, code, tail = kit(api, base)
            total += seconds
            print(
                f"{api:14} {seconds:6.1f} s  exit {code}  ({seconds / baseline:.1f} x the examples-only run)"
                f"  {tail.strip('= ')}",
                flush=True,
            )
        print(f"{'all':14} {total:6.1f} s  target <= {BUDGET_SECONDS} s for the four APIs together")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
