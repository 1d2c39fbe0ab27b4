"""The rule engine's judging of recorded traffic, for two or more checkouts: what ``check-har``
and the validating proxy spend an exchange, and the explorer a step beside its requests.

    git worktree add /tmp/before <commit>
    python benchmarks/judging.py /tmp/before . [--steps 960] [--rounds 5] [--api NAME ...]

First records one trace an API: the explorer's walk (``contract --checks explore --har``)
against a local sandbox, every operation and role of the API, as a user's long walk sends
them. Then each round judges every trace once in each tree, the trees in turn and each round
beginning with the next (``TrafficCheck.observe``, as ``check-har`` runs it, in a child process
whose ``PYTHONPATH`` is the tree): the CPU seconds of the judging alone, the HAR already read.
The first tree is the baseline of the run; each figure is a median, beside its ratio to the
baseline's. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from contract_kit import _env, run_kit
from processes import free_port, start_sandbox, stop

from mockserver.server.settings import KNOWN_APIS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="*", type=Path)
    parser.add_argument("--api", action="append", choices=KNOWN_APIS, help="(repeatable; default all)")
    parser.add_argument("--steps", type=int, default=960, help="the recorded walk's steps (default 960)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("API", "HAR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _judge(*args.child)
        return
    trees = [tree.resolve() for tree in args.trees] or [Path(__file__).resolve().parent.parent]
    apis = args.api or list(KNOWN_APIS)
    with tempfile.TemporaryDirectory(prefix="booking-sandbox-judging-") as scratch:
        traces = _record(apis, args.steps, Path(scratch))
        seconds: dict[tuple[str, Path], list[float]] = {(api, tree): [] for api in apis for tree in trees}
        for round_ in range(args.rounds):
            for tree in trees[round_ % len(trees) :] + trees[: round_ % len(trees)]:
                for api in apis:
                    seconds[api, tree].append(_judged(tree, api, traces[api], Path(scratch)))
    for api in apis:
        baseline = statistics.median(seconds[api, trees[0]])
        exchanges = traces[api][1]
        for tree in trees:
            median = statistics.median(seconds[api, tree])
            print(
                f"{api:14} {exchanges:6d} exchanges  {median:6.2f} s CPU  {median / exchanges * 1e6:6.0f} us"
                f" an exchange  {median / baseline:5.2f}x  {tree}",
                flush=True,
            )


def _record(apis: list[str], steps: int, scratch: Path) -> dict[str, tuple[Path, int]]:
    port = free_port()
    server, _ = start_sandbox(port, scratch / "sandbox.db", 2)
    traces = {}
    try:
        for api in apis:
            har = scratch / f"{api}.har"
            walk = ("--checks", "explore", "--explore-steps", str(steps), "--har", str(har))
            _, done = run_kit(api, f"http://127.0.0.1:{port}", *walk)
            if not har.exists():
                sys.exit(f"{api}: the walk wrote no HAR:\n{done.stdout[-1500:]}{done.stderr[-1500:]}")
            traces[api] = (har, len(json.loads(har.read_bytes())["log"]["entries"]))
            print(f"{api:14} recorded {traces[api][1]} exchanges in {steps} steps", flush=True)
    finally:
        stop(server)
    return traces


def _judged(tree: Path, api: str, trace: tuple[Path, int], scratch: Path) -> float:
    env = {**_env(), "PYTHONPATH": str(tree)}
    # From the scratch directory: a checkout first on sys.path would run its own code.
    done = subprocess.run(
        [sys.executable, __file__, "--child", api, str(trace[0])],
        capture_output=True,
        text=True,
        check=True,
        cwd=scratch,
        env=env,
    )
    return float(done.stdout.split()[0])


def _judge(api: str, har: str) -> None:
    # Imported here, from the tree PYTHONPATH names.
    from mockserver.live_checks.exchanges import read_har  # noqa: PLC0415
    from mockserver.rule_engine.checking import TrafficCheck  # noqa: PLC0415

    exchanges = read_har(Path(har))
    check = TrafficCheck(api)  # the spec read and its validators built: once a run, not counted
    started = time.process_time()
    for exchange in exchanges:
        check.observe(exchange)
    print(f"{time.process_time() - started:.4f} {len(check.report().findings)}")


if __name__ == "__main__":
    main()
