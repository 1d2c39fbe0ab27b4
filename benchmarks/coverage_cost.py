"""What counting coverage costs a request: the same server with it (the default) and without
(``serve --no-coverage``), measured in turns in the same run, printed as ratios.

    python benchmarks/coverage_cost.py [--seconds 6] [--rounds 3] [--workers 2]

Needs wrk (Debian: apt install wrk). Both servers run side by side; each figure is taken on
one and at once on the other, alternating which goes first, and the median of the rounds is
printed. GETs of one booking, and creates each on a free place (wrk counts 2xx answers only,
so no load of errors). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
from pathlib import Path

from loads import Call, require_wrk, wrk
from processes import free_port, start_sandbox, stop
from world_calls import creates, interleaved, mounted

KEY = "sk_rsv_benchmark_0001"
CREATE_KEYS = [f"sk_rsv_benchmark_create_{n}" for n in range(6)]
LOADS = {"GET one booking": Call("GET", "/v1/bookings/1", KEY)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    require_wrk()
    scratch = Path(tempfile.mkdtemp(prefix="coverage-bench-"))
    ports = {"with": free_port(), "without": free_port()}
    print("starting two sandboxes, with and without coverage ...", flush=True)
    with_, _ = start_sandbox(ports["with"], scratch / "with.db", args.workers)
    without, _ = start_sandbox(ports["without"], scratch / "without.db", args.workers, "--no-coverage")
    rates: dict[str, dict[str, list[float]]] = {
        name: {"with": [], "without": []} for name in [*LOADS, "POST create"]
    }
    try:
        bodies = {
            side: interleaved([mounted("reservekit", c) for c in creates(port, CREATE_KEYS)])
            for side, port in ports.items()
        }
        for call in LOADS.values():
            for port in ports.values():
                wrk(port, [mounted("reservekit", call)], 1)  # seeds the tenant, fills the caches
        for round_ in range(args.rounds):
            order = list(ports) if round_ % 2 == 0 else list(reversed(ports))
            for name, call in LOADS.items():
                for side in order:
                    rates[name][side].append(
                        wrk(ports[side], [mounted("reservekit", call)], args.seconds).rate
                    )
            for side in order:
                share = bodies[side][round_ :: args.rounds]
                rates["POST create"][side].append(wrk(ports[side], share, args.seconds).rate)
    finally:
        stop(with_, without)
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"\nwrk -t2 -c32, {args.seconds} s each, median of {args.rounds} alternating rounds ({args.workers} workers)"
    )
    for name, sides in rates.items():
        on, off = statistics.median(sides["with"]), statistics.median(sides["without"])
        print(f"{name:30} with {on:8.0f}/s   without {off:8.0f}/s   ratio {on / off:5.2f}x")


if __name__ == "__main__":
    main()
