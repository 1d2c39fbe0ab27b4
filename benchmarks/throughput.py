"""Requests per second of the sandbox, next to a stateless baseline measured in the same run.

    python benchmarks/throughput.py [--workers 2] [--seconds 8]

Starts ``booking-sandbox serve`` on a free loopback port and loads it with wrk
(Debian package ``wrk``) for GETs, and with a small keep-alive Python client for
POSTs, whose bodies must differ. The baseline is a bare Connexion AsyncApp
answering a fixed JSON body, the same stack with no state and no validation: the
ceiling this design can reach, and a stand-in for a stateless mock like Prism.
All traffic stays on 127.0.0.1; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

KEY = "sk_rsv_benchmark_0001"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_up(port: int, path: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", path)
            if connection.getresponse().status < 500:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def wrk(url: str, seconds: int, headers: dict[str, str]) -> float:
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"non-2xx answers from {url}:\n{output}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    assert match, output
    return float(match.group(1))


def request(
    connection: http.client.HTTPConnection, method: str, path: str, body: object = None
) -> tuple[int, dict]:  # type: ignore[type-arg]
    payload = json.dumps(body).encode() if body is not None else None
    headers = {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"}
    connection.request(method, path, body=payload, headers=headers)
    response = connection.getresponse()
    return response.status, json.loads(response.read())


def bookable_requests(port: int) -> list[dict[str, object]]:
    """Create-booking bodies that should all succeed: every free place of the big classes."""
    connection = http.client.HTTPConnection("127.0.0.1", port)
    bodies: list[dict[str, object]] = []
    for service_id in (3, 4, 7, 8):  # the yoga classes and meditation circles of the default world
        slots = request(
            connection, "GET", f"/reservekit/v1/time-slots?service_id={service_id}&page_size=100"
        )[1]
        for slot in slots["data"]["time_slots"]:
            for weeks in range(1, 4):
                start = date.today() + timedelta(days=7 * weeks)
                day = start + timedelta(days=(WEEKDAYS.index(slot["day_of_week"]) - start.weekday()) % 7)
                for seat in range(slot["max_bookings"] - 1):  # leave room for the seeded bookings
                    bodies.append(
                        {
                            "date": day.isoformat(),
                            "time_slot_id": slot["id"],
                            "customer_email": f"bench{len(bodies)}-{seat}@example.com",
                        }
                    )
    return bodies


def seeded_world() -> dict[str, Any]:
    printed = subprocess.run(
        [sys.executable, "-m", "mockserver.cli", "world", "--seed", "42"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(printed)  # type: ignore[no-any-return]


def lifecycle_booking() -> tuple[str, str]:
    """The first seeded customer booking's uuid and its owner's lifecycle token."""
    world = seeded_world()
    folio = world["folios"][0]
    owner = next(c for c in world["customers"] if c["id"] == folio["owner_id"])
    return folio["uuid"], f"customer.{owner['uuid']}.benchmark_sandbox"


def merchant_tokens() -> tuple[str, str]:
    """A merchant's token and the token of a customer taking part in seeded reservation 1."""
    world = seeded_world()
    participant = world["reservations"][0]["customer_ids"][0]
    customer = next(c for c in world["customers"] if c["id"] == participant)
    return (
        f"merchant.{world['providers'][0]['slug']}.benchmark_sandbox",
        f"customer.{customer['uuid']}.benchmark_sandbox",
    )


def post_rate(
    port: int, bodies: list[dict[str, object]], seconds: int, clients: int = 8
) -> tuple[float, dict[int, int]]:
    lock = threading.Lock()
    statuses: dict[int, int] = {}
    work = iter(bodies)
    deadline = time.monotonic() + seconds

    def client() -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port)
        while time.monotonic() < deadline:
            with lock:
                body = next(work, None)
            if body is None:
                return
            status, _ = request(connection, "POST", "/reservekit/v1/bookings", body)
            with lock:
                statuses[status] = statuses.get(status, 0) + 1

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return sum(statuses.values()) / elapsed, statuses


BASELINE_APP = textwrap.dedent(
    """
    import connexion
    SPEC = {
        "openapi": "3.0.3", "info": {"title": "baseline", "version": "1"},
        "paths": {"/v1/bookings/{booking_id}": {"get": {
            "operationId": "baseline.get_booking",
            "parameters": [{"name": "booking_id", "in": "path", "required": True,
                            "schema": {"type": "integer"}}],
            "responses": {"200": {"description": "ok"}}}}},
    }
    BODY = {"data": {"id": 25, "service_id": 1, "date": "2027-01-04", "time_slot_id": 1,
                     "status": "pending", "created_at": "2026-11-21T09:15:00.000000Z",
                     "updated_at": "2026-11-21T09:15:00.000000Z",
                     "customer": {"id": 13, "name": None, "email": None, "phone": None,
                                  "created_at": "2026-11-21T09:15:00.000000Z",
                                  "updated_at": "2026-11-21T09:15:00.000000Z"}}}
    def get_booking(booking_id):
        return BODY
    def create():
        app = connexion.AsyncApp(__name__)
        app.add_api(SPEC, base_path="/reservekit")
        return app
    """
)


def serve_baseline(port: int, workers: int, directory: Path) -> subprocess.Popen[bytes]:
    (directory / "baseline.py").write_text(BASELINE_APP)
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "baseline:create",
        "--factory",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    return subprocess.Popen(command, cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=8)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is needed for the GET figures: apt-get install wrk")

    scratch = Path(tempfile.mkdtemp(prefix="sandbox-bench-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    port = free_port()
    sandbox = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "mockserver.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--db",
            str(scratch / "bench.db"),
            "--seed",
            "42",
            "--log-level",
            "warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    baseline_port = free_port()
    baseline = serve_baseline(baseline_port, args.workers, scratch)
    try:
        started = time.monotonic()
        wait_until_up(port, "/_sandbox/health")
        print(f"start-up to healthy: {time.monotonic() - started:.2f} s ({args.workers} workers)")
        auth = {"Authorization": f"Bearer {KEY}"}
        bodies = bookable_requests(port)
        base = f"http://127.0.0.1:{port}/reservekit/v1"
        one = wrk(f"{base}/bookings/1", args.seconds, auth)
        listing = wrk(f"{base}/bookings?service_id=1&page=1&page_size=10", args.seconds, auth)
        posts, statuses = post_rate(port, bodies, args.seconds)
        merchant, customer = merchant_tokens()
        merchant_base = f"http://127.0.0.1:{port}/merchant/bookings"
        customer_get = wrk(
            f"{merchant_base}/customer/1", args.seconds, {"Authorization": f"Bearer {customer}"}
        )
        week = f"start={date.today()}T00:00:00Z&end={date.today() + timedelta(days=7)}T00:00:00Z"
        calendar = wrk(
            f"{merchant_base}/calendar/events?{week}", args.seconds, {"Authorization": f"Bearer {merchant}"}
        )
        booking_uuid, owner = lifecycle_booking()
        lifecycle_get = wrk(
            f"http://127.0.0.1:{port}/lifecycle/api/v1/bookings/{booking_uuid}",
            args.seconds,
            {"Authorization": f"Bearer {owner}"},
        )
        bardge_get = wrk(
            f"http://127.0.0.1:{port}/bardge/v3/passes",
            args.seconds,
            {"Authorization": "Bearer reseller.fitperks.benchmark_sandbox"},
        )
        wait_until_up(baseline_port, "/reservekit/v1/bookings/1")
        stateless = wrk(f"http://127.0.0.1:{baseline_port}/reservekit/v1/bookings/1", args.seconds, {})
    finally:
        for process in (sandbox, baseline):
            process.terminate()
            process.wait(timeout=30)
        shutil.rmtree(scratch, ignore_errors=True)

    print(
        f"GET  reservekit: one booking      {one:8.0f} req/s   ({one / stateless:.2f} x stateless baseline)"
    )
    print(f"GET  reservekit: page of 10       {listing:8.0f} req/s")
    print(f"POST reservekit: create booking   {posts:8.0f} req/s   statuses {statuses}")
    print(
        f"GET  merchant: customer's booking {customer_get:8.0f} req/s   ({customer_get / stateless:.2f} x baseline)"
    )
    print(f"GET  merchant: calendar, one week {calendar:8.0f} req/s")
    print(
        f"GET  lifecycle: booking document  {lifecycle_get:8.0f} req/s   ({lifecycle_get / stateless:.2f} x baseline)"
    )
    print(
        f"GET  bardge: reseller's passes     {bardge_get:8.0f} req/s   ({bardge_get / stateless:.2f} x baseline)"
    )
    print(f"GET  stateless Connexion baseline (same stack, fixed body, no validation) {stateless:8.0f} req/s")
    print("reference: Prism's stateless mock, about 2,900 GET/s on this 2-core machine")


if __name__ == "__main__":
    main()
