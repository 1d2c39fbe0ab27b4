"""Instructions a request costs in process, counted by valgrind, for two or more checkouts.

    git worktree add /tmp/before <commit>
    python benchmarks/instructions.py /tmp/before . [--read "reservekit: one booking" | --create | --merchant-create]
        [--db postgresql]

On this shared 2-core machine a wall-clock figure moves by a third from one minute to the
next, more than most single steps buy; an instruction count does not move with the
neighbours (the same tree counted twice agreed within 0.6 %). The count is taken over 1,000
requests by default: the collector's full collections (milliseconds each, every few thousand
allocations) fall where each tree's allocations put them, and over 200 requests one landing in
a tree's window moved it by 5 % (the same two trees: +5.3 % over 200, -1.9 % over 400, -1.6 %
over 1,000). Each tree's collector is then set as a served worker's is once its app
is built (frozen, the youngest generation collected after 7,000 allocations), so full
collections are rare; counts from before 2026-11-29's afternoon include collections a worker
no longer makes. Each tree's app is built as
``create_app`` builds it (validation and the journal on) and driven straight through ASGI
(no HTTP, no worker processes): after a warm-up, the requests counted lie between two calls
of ``os.getppid``, where callgrind dumps its counts before the C library's ``getppid``
(``--dump-before=getppid``: a distribution's Python, stripped, has no ``os_getppid`` symbol to
name, and counted nothing that way). They are
sent ``--turn`` at a time (16 by default), together on the event loop as a worker's turn holds
them under load (``wrk -c32`` over two workers), and each turn ends before the next starts, so
the journal's commit of that turn's entries is counted with them (before 2026-11-28 the
requests never gave the loop a turn, and the commit, a seventh of a worker's time under load,
was left out: the figures before then are not comparable with these). The
trees are counted side by side, one valgrind each (about three minutes: the imports run under
valgrind too). Needs valgrind (Debian package ``valgrind``). With ``--db postgresql`` each tree
gets a database of its own on one local server (Debian's ``postgresql``): what its process
spends is counted, the server's is not, nor the kernel's work for the round trips.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from processes import START_AT
from world_calls import free_places, merchant_creates, mounted, reads

from mockserver.integration.local_postgres import PostgresServer

WARM_UP = 100
YOUNG_COLLECTION_AFTER = 7_000
"""``workers.YOUNG_COLLECTION_AFTER``, said here too: an older tree counted has none."""


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--read", default="reservekit: one booking", help="one of world_calls.reads")
    parser.add_argument("--create", action="store_true", help="count ReserveKit creates (real inserts)")
    parser.add_argument(
        "--merchant-create", action="store_true", help="count merchants' appointments for new customers"
    )
    parser.add_argument("--turn", type=int, default=16, help="requests a turn of the event loop")
    parser.add_argument(
        "--db",
        choices=["sqlite", "postgresql"],
        default="sqlite",
        help="postgresql: a database each on a local server (Debian's postgresql); its own CPU is not counted",
    )
    options = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("instruction counts need valgrind: apt install valgrind")
    if options.create:
        call: dict[str, Any] = {"create": "sk_rsv_benchmark_instructions"}
        what = "a ReserveKit create"
    elif options.merchant_create:
        call = {"merchant": "sk_rsv_benchmark_instructions"}
        what = "a merchant's create"
    else:
        chosen = reads("sk_rsv_benchmark_0001")[options.read]
        call = mounted(options.read, chosen).__dict__
        what = options.read
    scratch = Path(tempfile.mkdtemp(prefix="sandbox-instructions-"))
    server = PostgresServer() if options.db == "postgresql" else None
    try:
        if server is not None:
            server.start()
        runs = [
            _start(
                tree.resolve(),
                scratch / str(n),
                call,
                options.requests,
                options.turn,
                database=None if server is None else server.create_database(),
            )
            for n, tree in enumerate(options.trees)
        ]
        counts = [_counted(process, out, options.requests) for process, out in runs]
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"instructions a request, {what}: {options.requests} requests after {WARM_UP},"
        f" {options.turn} a turn (callgrind, {options.db})"
    )
    for tree, count in zip(options.trees, counts, strict=True):
        print(f"  {count / 1e6:8.3f} M  {count / counts[0]:6.3f}x  {tree}")


def _start(
    tree: Path, out: Path, call: dict[str, Any], requests: int, turn: int, *, database: str | None
) -> tuple[subprocess.Popen[bytes], Path]:
    out.mkdir(parents=True)
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    command = [
        *("valgrind", "--tool=callgrind", "--dump-before=getppid", f"--callgrind-out-file={out}/cg.%p"),
        *(
            sys.executable,
            __file__,
            "--child",
            json.dumps(call),
            str(requests),
            database or str(out / "sandbox.db"),
        ),
        str(turn),
    ]
    # From the scratch directory: a checkout's own directory first on sys.path would run its code.
    process = subprocess.Popen(
        command, cwd=out, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    return process, out


def _counted(process: subprocess.Popen[bytes], out: Path, requests: int) -> int:
    _, errors = process.communicate()
    if process.returncode != 0:
        sys.exit(f"the counted run failed:\n{errors.decode(errors='replace')[-3000:]}")
    # The second dump holds what ran between the two os.getppid calls.
    counted = next(out.glob("cg.*.2"), None)
    if counted is None:
        sys.exit("callgrind dumped no counts at getppid: nothing was counted")
    for line in counted.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1]) // requests
    sys.exit(f"no totals in {counted}")


async def _child(call: dict[str, Any], requests: int, db: str, turn: int) -> None:
    # Imported here, in the counted child, from the tree PYTHONPATH names.
    from mockserver.server.app import create_app  # noqa: PLC0415
    from mockserver.server.settings import Settings  # noqa: PLC0415

    app = create_app(Settings.load({"db": db, "seed": 42, "start_at": START_AT, "frozen": True}, environ={}))
    # The collector as a served worker has it once its app is built (``workers.settle_collector``,
    # since f5b0d55), in every tree counted, so an older tree is counted as a worker now runs it.
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_AFTER, *gc.get_threshold()[1:])

    async def send(method: str, path: str, token: str, body: Any = None) -> Any:
        path, _, query = path.partition("?")
        content = b"" if body is None else json.dumps(body).encode()
        headers = [(b"host", b"sandbox"), (b"authorization", f"Bearer {token}".encode())]
        if content:
            headers += [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(content)).encode()),
            ]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 80),
        }
        sent: list[Any] = []

        async def receive() -> dict[str, Any]:
            return {"type": "http.request", "body": content, "more_body": False}

        async def respond(message: Any) -> None:
            sent.append(message)

        await app(scope, receive, respond)
        status = sent[0]["status"]
        answer = b"".join(m.get("body", b"") for m in sent[1:])
        if status >= 300:
            raise SystemExit(f"{method} {path}: {status} {answer[:300]!r}")
        return json.loads(answer) if answer else None

    calls: list[tuple[str, str, str, Any]]
    if "create" in call:
        token = call["create"]
        bodies = await free_places(send, token, WARM_UP + requests, prefix="i")
        calls = [
            ("POST", f"/reservekit/v1/bookings?service_id={service}", token, body) for service, body in bodies
        ]
    elif "merchant" in call:
        # A sandbox's free hours in the window run out near two hundred: a key for each 200.
        keys = [f"{call['merchant']}_{n}" for n in range(-(-(WARM_UP + requests) // 200))]
        appointments = [mounted("merchant", c) for key in keys for c in merchant_creates(key, 200)]
        calls = [(c.method, c.path, c.token, c.body) for c in appointments]
    else:
        calls = [(call["method"], call["path"], call["token"], None)] * (WARM_UP + requests)
    await _in_turns(send, calls[:WARM_UP], turn)
    os.getppid()
    await _in_turns(send, calls[WARM_UP:], turn)
    os.getppid()


async def _in_turns(send: Any, calls: list[tuple[str, str, str, Any]], turn: int) -> None:
    for start in range(0, len(calls), turn):
        # Each request a task, all started in one turn of the loop; the journal commits the
        # turn's entries in a callback the first of them scheduled, after the tasks.
        await asyncio.gather(*(send(*request) for request in calls[start : start + turn]))
        await asyncio.sleep(0)  # the turn ends: its commit runs before the next turn's requests


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        asyncio.run(_child(json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])))
    else:
        main()
