"""The explorer's long walks: steps and requests a second, per API, against a local sandbox.

    python benchmarks/explore.py [--api NAME ...] [--steps N]

Starts ``booking-sandbox serve`` on a free loopback port and runs
``booking-sandbox contract --checks explore --explore-steps N`` for each API. CI walks a few
dozen steps; this is where the walks are long. The baseline printed beside each figure is the
same walk's budget spent by the rules alone (``--checks rules``) in this run: what a minute of
exploring costs beside a minute of directed scenarios. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

from contract_kit import _env, run_kit
from processes import free_port, wait_until_up

from mockserver.server.settings import KNOWN_APIS

TALLY = re.compile(r"explored \S+: (\d+) steps in (\d+) walks, (\d+) requests, (\d+) finding")


def run(api: str, base: str, *extra: str) -> tuple[float, str]:
    seconds, done = run_kit(api, base, *extra)
    return seconds, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", action="append", choices=KNOWN_APIS, help="(repeatable; default all)")
    parser.add_argument("--steps", type=int, default=960, help="steps a walk per API (default 960)")
    args = parser.parse_args()
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mockserver.cli", "serve", "--port", str(port), "--seed", "7"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
    )
    try:
        wait_until_up(port, "/_sandbox/health")
        base = f"http://127.0.0.1:{port}"
        for api in args.api or KNOWN_APIS:
            rules, _ = run(api, base, "--checks", "rules")
            seconds, output = run(api, base, "--checks", "explore", "--explore-steps", str(args.steps))
            tally = TALLY.search(output)
            if tally is None:
                print(f"{api:14} no tally in the explorer's output:\n{output[-1500:]}", flush=True)
                continue
            steps, walks, requests, findings = (int(part) for part in tally.groups())
            print(
                f"{api:14} {steps} steps in {walks} walks, {seconds:5.1f} s: {steps / seconds:5.1f} steps/s, "
                f"{requests / seconds:6.1f} requests/s, {findings} findings  "
                f"(the rules alone: {rules:4.1f} s; the walk {seconds / rules:.1f} x that)",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
