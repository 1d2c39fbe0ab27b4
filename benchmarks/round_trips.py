"""Two or more checkouts on a PostgreSQL a network away: what a request costs when each round
trip waits, per tree, in the same run.

    git worktree add /tmp/before <commit>
    python benchmarks/round_trips.py /tmp/before . [--delay-ms 1] [--rounds 4] [--requests 100]

Here PostgreSQL runs on the loopback, where a round trip costs CPU and barely waits, so a round
trip saved hardly shows under wrk (``trees.py --db postgresql``: the rounds moved by a third, the
step by a tenth). A team's database is a network away. So each tree's app runs in a child process
of its own (its code first on ``PYTHONPATH``, started from a scratch directory, as ``trees.py``
does), in process through Starlette's ``TestClient``, on a new database of one PostgreSQL started
for the run (``local_postgres.py``) and migrated by the tree's own ``db upgrade``, reached through a
TCP proxy in this process that delays every chunk ``--delay-ms`` each way, as a link of that
latency would. Each child times ``--requests`` ReserveKit creates (real inserts on free places of
group classes), as many cancels of the bookings they made, as many merchant creates (an
appointment for a new customer at an hour its staff work), as many lifecycle instant bookings
(on open slots its availability shows) and cancels of them, as many Bardge class holds (each
with its ``Idempotency-Key``) and cancels of them, and as many of each read in
``world_calls.reads`` and of a page of the lifecycle's services, one at a time, and prints the mean wall and CPU milliseconds a request
(its own process's CPU: the proxy's and PostgreSQL's are not in it).
Each round begins with the next tree, so a tree's place in the order cancels over an even number
of rounds; the medians are printed, and in how many rounds each tree beat the first.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from loads import Call
from processes import START_AT, free_port
from world_calls import bardge_holds, free_instants, free_places, merchant_creates, mounted, reads

from mockserver.integration.local_postgres import PostgresServer

HERE = Path(__file__).resolve().parent
KEY = "sk_rsv_benchmark_round_trips"
WARM_UP = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("trees", nargs="+", type=Path)
    parser.add_argument("--delay-ms", type=float, default=1.0, help="held each way, every chunk")
    parser.add_argument("--rounds", type=int, default=4, help="a multiple of the trees' number")
    parser.add_argument("--requests", type=int, default=100, help="timed, of each call")
    args = parser.parse_args()
    trees = [tree.resolve() for tree in args.trees]
    figures: dict[Path, list[dict[str, float]]] = {tree: [] for tree in trees}
    scratch = Path(tempfile.mkdtemp(prefix="booking-sandbox-round-trips-"))
    postgres = PostgresServer()
    postgres.start()
    proxy = Proxy(postgres_port(postgres), args.delay_ms / 1000)
    try:
        for round_ in range(args.rounds):
            for tree in trees[round_ % len(trees) :] + trees[: round_ % len(trees)]:
                measured = _run(tree, postgres, proxy.port, args.requests, scratch)
                figures[tree].append(measured)
                print(f"round {round_ + 1}  {tree}\n{_pairs(measured)}", flush=True)
    finally:
        proxy.stop()
        postgres.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    _print_medians(trees, figures, args.delay_ms)


def postgres_port(postgres: PostgresServer) -> int:
    return int(postgres.url().rsplit("@", 1)[1].split("/", 1)[0].rsplit(":", 1)[1])


def _run(
    tree: Path, postgres: PostgresServer, proxy_port: int, requests: int, scratch: Path
) -> dict[str, float]:
    url = postgres.create_database()
    environment = {**os.environ, "PYTHONPATH": str(tree)}
    # The tree's own migrations make its schema, before its app (and the timing) starts.
    command = [sys.executable, "-m", "mockserver.cli", "db", "upgrade", "--db", url]
    subprocess.run(command, env=environment, cwd=scratch, check=True, capture_output=True)
    real = f":{postgres_port(postgres)}/"
    proxied = url.replace(real, f":{proxy_port}/", 1)
    child = [sys.executable, __file__, "--child", proxied, str(requests)]
    done = subprocess.run(child, env=environment, cwd=scratch, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{tree}: the timed run failed\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _print_medians(trees: list[Path], figures: dict[Path, list[dict[str, float]]], delay_ms: float) -> None:
    print(f"\nmedians, ms a request one at a time (database behind {delay_ms:g} ms each way)")
    names = list(figures[trees[0]][0])
    for tree in trees:
        print(
            f"{tree}\n{_pairs({name: statistics.median(f[name] for f in figures[tree]) for name in names})}"
        )
    first = figures[trees[0]]
    for tree in trees[1:]:
        print(f"the rounds of {len(first)} in which {tree} beat {trees[0]}:")
        for name in names:
            faster = sum(b[name] < a[name] for a, b in zip(first, figures[tree], strict=True))
            print(f"  {name:40} {faster}")


def _pairs(measured: dict[str, float]) -> str:
    """Each call's wall and CPU milliseconds, a line a call."""
    calls = dict.fromkeys(name.rsplit(" ", 1)[0] for name in measured)
    return "\n".join(
        f"  {call:36} {measured[call + ' ms']:7.2f} ms  CPU {measured[call + ' cpu']:6.2f} ms"
        for call in calls
    )


class Proxy:
    """A TCP proxy to ``target`` on the loopback delaying every chunk ``delay`` seconds each way,
    on its own thread and event loop."""

    def __init__(self, target: int, delay: float) -> None:
        self.port = free_port()
        self._target, self._delay = target, delay
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        self._thread = threading.Thread(target=self._serve, args=(ready,), daemon=True)
        self._thread.start()
        if not ready.wait(10):
            sys.exit("the delay proxy did not start")

    def _serve(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._connected, "127.0.0.1", self.port))
        ready.set()
        try:
            self._loop.run_forever()
        finally:
            server.close()

    async def _connected(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self._target)
        await asyncio.gather(self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # A delay line, as a link's latency: each chunk leaves ``delay`` after it came, however
        # many came before it (held one after another, a statement written in three chunks
        # would wait three times).
        loop = asyncio.get_running_loop()
        line: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

        async def deliver() -> None:
            while True:
                due, data = await line.get()
                if not data:
                    return
                await asyncio.sleep(max(0.0, due - loop.time()))
                writer.write(data)
                await writer.drain()

        delivering = asyncio.create_task(deliver())
        try:
            while data := await reader.read(65536):
                line.put_nowait((loop.time() + self._delay, data))
        except OSError:
            pass
        finally:
            line.put_nowait((0.0, b""))
            with contextlib.suppress(OSError):
                await delivering
            writer.close()

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)


def _child(url: str, requests: int) -> None:
    """One tree's timed run (this process runs the tree's code: ``PYTHONPATH``)."""
    from starlette.testclient import TestClient  # noqa: PLC0415

    from mockserver.server.app import create_app  # noqa: PLC0415
    from mockserver.server.settings import Settings  # noqa: PLC0415

    app = create_app(Settings.load({"db": url, "start_at": START_AT, "frozen": True}, environ={}))
    measured: dict[str, float] = {}
    with TestClient(app) as client:

        async def send(method: str, path: str, token: str) -> Any:
            return client.request(method, path, headers={"Authorization": f"Bearer {token}"}).json()

        bodies = asyncio.run(free_places(send, KEY, WARM_UP + requests, prefix="r"))
        creates = [
            ("POST", f"/reservekit/v1/bookings?service_id={service}", KEY, body) for service, body in bodies
        ]
        made: list[Any] = []
        measured.update(_timed("create", client, creates[:WARM_UP], creates[WARM_UP:], made))
        # Each booking just made, cancelled: a change's read, its update and its customer.
        change = {"status": "cancelled", "cancel_reason": "benchmark"}
        cancels: list[tuple[str, str, str, Any]] = [
            ("PATCH", f"/reservekit/v1/bookings/{m['data']['id']}", KEY, change) for m in made
        ]
        measured.update(_timed("cancel", client, cancels[:WARM_UP], cancels[WARM_UP:]))
        appointments = [mounted("merchant", c) for c in merchant_creates(KEY, WARM_UP + requests)]
        booked = [(c.method, c.path, c.token, c.body) for c in appointments]
        measured.update(_timed("merchant create", client, booked[:WARM_UP], booked[WARM_UP:]))
        instants = [
            mounted("lifecycle", c) for c in asyncio.run(free_instants(send, KEY, WARM_UP + requests))
        ]
        booked = [(c.method, c.path, c.token, c.body) for c in instants]
        held: list[Any] = []
        measured.update(_timed("lifecycle instant", client, booked[:WARM_UP], booked[WARM_UP:], held))
        # Each booking just made, cancelled (a GET, as the vendor documents it): a change of one booking.
        token = instants[0].token
        cancels = [("GET", f"/lifecycle/api/v1/bookings/{h['data']['id']}/cancel", token, None) for h in held]
        measured.update(_timed("lifecycle cancel", client, cancels[:WARM_UP], cancels[WARM_UP:]))

        # Bardge: holds of class places (each with its Idempotency-Key), then each cancelled.
        def post(method: str, path: str, token: str, body: Any) -> Any:
            return _send(client, method, path, token, body)

        holds = [mounted("bardge", c) for c in bardge_holds(post, KEY, WARM_UP + requests)]
        booked = [(c.method, c.path, c.token, c.body) for c in holds]
        held = []
        measured.update(_timed("bardge hold", client, booked[:WARM_UP], booked[WARM_UP:], held))
        cancels = [
            ("POST", f"/bardge/v3/bookings/{h['booking_id']}/cancel", holds[0].token, None) for h in held
        ]
        measured.update(_timed("bardge cancel", client, cancels[:WARM_UP], cancels[WARM_UP:]))
        timed_reads = reads("sk_rsv_benchmark_0001")
        # A page of the lifecycle's services, each shown with its add-ons, as the booking's owner.
        owner = timed_reads["lifecycle: a booking"].token
        timed_reads["lifecycle: services"] = Call("GET", "/api/v1/services", owner)
        timed_reads["bardge: a booking"] = Call("GET", f"/bookings/{held[0]['booking_id']}", holds[0].token)
        a_class = post("GET", "/bardge/v3/classes", holds[0].token, None)["data"][0]["id"]
        timed_reads["bardge: a class's week"] = Call("GET", f"/classes/{a_class}?days=7", holds[0].token)
        for name, call in timed_reads.items():
            read = mounted(name, call)
            calls = [(read.method, read.path, read.token, None)] * (WARM_UP + requests)
            measured.update(_timed(name.replace(":", ""), client, calls[:WARM_UP], calls[WARM_UP:]))
    print(json.dumps(measured))


def _timed(
    name: str, client: Any, warm: list[Any], timed: list[Any], answers: list[Any] | None = None
) -> dict[str, float]:
    """The mean wall and CPU ms of ``timed`` after ``warm``; ``answers``: each answer's JSON, kept."""
    kept = [_send(client, *call) for call in warm]
    wall, cpu = time.perf_counter(), time.process_time()
    kept.extend(_send(client, *call) for call in timed)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    if answers is not None:
        answers.extend(kept)
    count = len(timed)
    return {
        f"{name} ms": 1000 * wall / count,
        f"{name} cpu": 1000 * cpu / count,
    }


def _send(client: Any, method: str, path: str, token: str, body: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    if method == "POST" and path.startswith("/bardge/v3/bookings/class") and not path.endswith("/confirm"):
        headers["Idempotency-Key"] = str(uuid.uuid4())  # a hold as the README sends it
    answer = client.request(method, path, json=body, headers=headers)
    if answer.status_code >= 300:
        raise SystemExit(f"{method} {path}: {answer.status_code} {answer.text[:300]}")
    return answer.json() if answer.content else None  # a merchant's create answers 201 with no body


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
