"""Two checkouts' servers side by side: each step of issue 21 was judged this way.

    git worktree add /tmp/before <commit>
    python benchmarks/trees.py /tmp/before . [--rounds 4] [--seconds 4] [--load get|create|weeks-anew]
                                             [--read NAME] [--connections 32] [--db sqlite|postgresql]

Each round starts every tree's server in turn, each round beginning with the next tree (a
fixed order favoured the first; ``serve``'s defaults: 2 workers, validation
and the journal on) and loads it with wrk (GETs of one ReserveKit booking, or ``--read`` one of
``world_calls.reads``: ``--read "merchant: a week's calendar"``); each run's start-up to healthy and memory after the
load are printed too, and the medians of the rates. A tree's code is put first
on ``PYTHONPATH``, and the servers start from a scratch directory: ``python -m`` puts the
current directory first on ``sys.path``, so a server started from a checkout would run
that checkout's code whatever the tree. With ``--db postgresql`` each server gets a new
database on one PostgreSQL server started for the run (``mockserver/integration/local_postgres.py``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
from pathlib import Path

from loads import Call, require_wrk, wrk
from processes import free_port, pss_mb, rss_mb, start_sandbox, stop
from world_calls import creates, interleaved, mounted, reads, weeks_never_kept

from mockserver.integration.local_postgres import PostgresServer

GET = Call("GET", "/reservekit/v1/bookings/1", "sk_rsv_benchmark_0001", None)
CREATE_KEYS = [f"sk_rsv_benchmark_create_{n}" for n in range(3)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=4, help="a multiple of the trees' number")
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument(
        "--load",
        choices=["get", "create", "weeks-anew"],
        default="get",
        help="weeks-anew: the merchant's week spelt anew each request (world_calls.weeks_never_kept)",
    )
    parser.add_argument("--read", help="a read of world_calls.reads for --load get (default: one booking)")
    parser.add_argument(
        "--connections", type=int, default=32, help="1: one request at a time (one wrk thread)"
    )
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    require_wrk()
    trees = [tree.resolve() for tree in args.trees]
    rates: dict[Path, list[float]] = {tree: [] for tree in trees}
    scratch = Path(tempfile.mkdtemp(prefix="booking-sandbox-trees-"))
    os.chdir(scratch)
    postgres = PostgresServer() if args.db == "postgresql" else None
    try:
        if postgres is not None:
            postgres.start()
        _rounds(args, trees, rates, scratch, postgres)
    finally:
        if postgres is not None:
            postgres.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    for tree in trees:
        median = statistics.median(rates[tree]) if rates[tree] else 0.0
        print(f"median {median:8.0f} req/s  {tree}")
    first, *others = (rates[tree] for tree in trees)
    for tree, theirs in zip(trees[1:], others, strict=True):
        if len(theirs) == len(first):
            faster = sum(b > a for a, b in zip(first, theirs, strict=True))
            print(f"{tree} faster than {trees[0]} in {faster} of {len(first)} rounds")


def _rounds(
    args: argparse.Namespace,
    trees: list[Path],
    rates: dict[Path, list[float]],
    scratch: Path,
    postgres: PostgresServer | None,
) -> None:
    for round_ in range(args.rounds):
        # Each round starts with the next tree. In a fixed order the tree run first in a round
        # was faster in 17 rounds of 21 (creates, four runs; one of them the same tree twice,
        # 5 of 5 and 1,212 against 1,112 a second): a bias larger than most steps measured.
        for tree in trees[round_ % len(trees) :] + trees[: round_ % len(trees)]:
            os.environ["PYTHONPATH"] = str(tree)
            port = free_port()
            db = (
                postgres.create_database()
                if postgres
                else str(Path(tempfile.mkdtemp(dir=scratch)) / "sandbox.db")
            )
            process, startup = start_sandbox(port, db, 2)
            try:
                read = "merchant: a week's calendar" if args.load == "weeks-anew" else args.read
                asked = None if read is None else reads(GET.token)[read]
                calls = [GET] if read is None or asked is None else [mounted(read, asked)]
                wrk(port, calls, 1)  # seeds the tenant and warms the workers
                if args.load == "create":
                    calls = interleaved([mounted("reservekit", c) for c in creates(port, CREATE_KEYS)])
                elif args.load == "weeks-anew" and asked is not None:
                    calls = [mounted("merchant", w) for w in weeks_never_kept(asked)]
                threads = min(2, args.connections)
                result = wrk(port, calls, args.seconds, threads=threads, connections=args.connections)
                memory = f"PSS {pss_mb(process.pid):4.0f} MB  RSS {rss_mb(process.pid):4.0f} MB"
            finally:
                stop(process)
            shown = "" if not result.failed else f" ({result.failed} not 2xx: not counted)"
            print(
                f"{tree}  {result.rate:8.0f} req/s  mean {result.mean_ms:5.2f} ms  p99 {result.p99_ms:6.1f} ms  start-up {startup:4.2f} s  {memory}{shown}",
                flush=True,
            )
            if not result.failed:
                rates[tree].append(result.rate)


if __name__ == "__main__":
    main()
