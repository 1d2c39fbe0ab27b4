"""What an operation's own work costs a served request, and what is left of Prism's rate for it.

    python benchmarks/stack_ceiling.py [--seconds 8] [--workers 2]

Three servers in one run, each loaded in turn (Prism, sandbox, free, free, sandbox, Prism): Prism
5, the sandbox as ``serve`` runs it, and the sandbox with ReserveKit's create and the merchant's
week made free (``free_operations.py``: they answer what the sandbox answered, reading and
writing nothing; routing, the bearer check, the request's and the answer's checks and the
journal are as served). Two loads: real creates (each a new booking of a free place; on the free
server the same bodies) and the merchant's week spelt anew each time (``world_calls.
weeks_never_kept``: a first read, never a kept answer).

For each it prints the rates with their ratios to Prism's, the servers' CPU a request, the
operation's own share of it (the sandbox's CPU a request less the free one's), and the most that
share could be for the sandbox to answer at Prism's rate on this machine: the cores' time a
request at Prism's rate, less what the free server and the load's other processes (wrk) cost a
request. Where that is far below the operation's cost, no change inside the operation reaches
Prism's rate here, whatever it is.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

from cpu_use import cpu_use
from loads import Call, Result, require_wrk, wrk
from processes import HERE, free_port, start_sandbox, stop
from serving import KEY, joined, start_prisms
from world_calls import creates, interleaved, mounted, reads, weeks_never_kept

CREATE_KEYS = [f"sk_rsv_ceiling_create_{n}" for n in range(16)]
WARM_UP_BODIES = 300
CREATE, WEEK = "POST reservekit: create", "GET  merchant: the week, never kept"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    require_wrk()
    scratch = Path(tempfile.mkdtemp(prefix="sandbox-ceiling-"))
    week = mounted("merchant", reads(KEY)["merchant: a week's calendar"])
    weeks = weeks_never_kept(reads(KEY)["merchant: a week's calendar"])
    print("starting Prism 5 and two sandboxes ...", flush=True)
    prisms = start_prisms()
    port = free_port()
    served, _ = start_sandbox(port, scratch / "served.db", args.workers)
    free = None
    try:
        first = mounted("reservekit", creates(port, ["sk_rsv_ceiling_answers"])[0])
        answers = {"create": _send(port, first), "week": _send(port, week)}
        (scratch / "answers.json").write_text(json.dumps(answers))
        entry = (str(HERE / "free_operations.py"), str(scratch / "answers.json"))
        ports = {"sandbox": port, "free": free_port()}
        free, _ = start_sandbox(ports["free"], scratch / "free.db", args.workers, entry=entry)
        pids = {"sandbox": [served.pid], "free": [free.pid], "Prism": [p.pid for p in prisms.processes]}
        bodies = {
            name: interleaved([mounted("reservekit", c) for c in creates(p, CREATE_KEYS)])
            for name, p in ports.items()
        }
        prism_create = Call("POST", "/v1/bookings?service_id=3", KEY, first.body)
        own_weeks = [mounted("merchant", w) for w in weeks]

        def load_of(kind: str, name: str, part: int) -> tuple[int, list[Call]]:
            """Where ``name`` is loaded, and with what: ``part`` 0 and 1 are the measured
            halves, -1 the warm-up (creates book places of their own in each)."""
            if name == "Prism":
                return (
                    (prisms.ports["reservekit"], [prism_create])
                    if kind == CREATE
                    else (prisms.ports["merchant"], weeks)
                )
            if kind == WEEK:
                return ports[name], own_weeks
            measured = bodies[name][:-WARM_UP_BODIES]
            size = len(measured) // 2
            part_of = (
                bodies[name][-WARM_UP_BODIES:] if part < 0 else measured[part * size : (part + 1) * size]
            )
            return ports[name], part_of

        each = max(1, args.seconds // 2)
        results: dict[tuple[str, str], list[tuple[Result, float, float]]] = {}
        for kind in (CREATE, WEEK):
            for name in ("Prism", "sandbox", "free"):  # first requests build caches and validators
                wrk(*load_of(kind, name, -1), 1)
            for part, order in enumerate((("Prism", "sandbox", "free"), ("free", "sandbox", "Prism"))):
                for name in order:
                    with cpu_use(pids[name]) as used:
                        result = wrk(*load_of(kind, name, part), each)
                    server_ms, _, rest_ms = used.per_request_ms(result.requests)
                    results.setdefault((kind, name), []).append((result, server_ms, rest_ms))
    finally:
        stop(served, *prisms.processes, *([free] if free else []))
        shutil.rmtree(scratch, ignore_errors=True)
    _report(results, os.cpu_count() or 1, args)


def _send(port: int, call: Call) -> Any:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{call.path}",
        method=call.method,
        data=json.dumps(call.body).encode() if call.body is not None else None,
        headers={"Authorization": f"Bearer {call.token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.load(answer)


def _report(results: dict[tuple[str, str], list[tuple[Result, float, float]]], cores: int, args: Any) -> None:
    print(
        f"\nwrk -t2 -c32, {args.seconds} s each in two halves (Prism, sandbox, free, free, sandbox, Prism);"
        f" sandbox and free: {args.workers} workers, {cores} cores"
    )
    for load in dict.fromkeys(load for load, _ in results):
        runs = {name: results[(load, name)] for _, name in results if _ == load}
        rate = {name: joined(*(r for r, _, _ in v)).rate for name, v in runs.items()}
        cpu = {name: sum(s for _, s, _ in v) / len(v) for name, v in runs.items()}
        rest = {name: sum(r for _, _, r in v) / len(v) for name, v in runs.items()}
        print(f"\n{load}")
        for name in ("Prism", "sandbox", "free"):
            failed = sum(r.failed for r, _, _ in runs[name])
            print(
                f"  {name:8} {rate[name]:8.0f} req/s  {rate[name] / rate['Prism']:5.2f}x Prism"
                f"   the server's CPU {cpu[name]:.3f} ms a request, the rest's {rest[name]:.3f}"
                + (f"  FAILED: {failed} non-2xx or errors" if failed else "")
            )
        own = cpu["sandbox"] - cpu["free"]
        # At Prism's rate the cores have this much time a request, for everything on them.
        budget = cores / rate["Prism"] * 1000
        room = max(0.0, budget - cpu["free"] - rest["free"])
        print(
            f"  the operation's own work: {own:.3f} ms of the server's CPU a request. At Prism's"
            f" rate the cores have {budget:.3f} ms a request; the free server and the rest take"
            f" {cpu['free'] + rest['free']:.3f}, leaving {room:.3f} ms for the operation"
            + (f" ({room / own:.0%} of what it costs now)" if own > 0 else "")
        )


if __name__ == "__main__":
    main()
