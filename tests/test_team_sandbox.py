"""A team sandbox: three servers of two workers each on one real PostgreSQL behave as one.

Each server is a real ``booking-sandbox serve`` on a port of its own (standing in for a host
behind a load balancer), started at the same moment on an empty database, so they also race
to create the schema. Callers spread their requests over the three, as a proxy would.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from typing import Any

import httpx
import pytest

from mockserver.integration.local_postgres import PostgresServer
from mockserver.integration.local_server import free_port, wait_until_up
from mockserver.integration.webhook_receiver import receiving
from tests.conftest import START, occurrence

REPLICAS = 3
YOGA_SLOT = 99
"""A Vinyasa Yoga class with 12 places in the default world."""


@pytest.fixture(scope="module")
def replicas(postgres: PostgresServer) -> Iterator[list[httpx.Client]]:
    url = postgres.create_database("team")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    ports = [free_port() for _ in range(REPLICAS)]
    with ExitStack() as stack:
        servers = []
        for port in ports:
            command = ["serve", "--db", url, "--port", str(port), "--workers", "2"]
            server = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "mockserver.cli",
                    *command,
                    "--start-at",
                    START.isoformat(),
                    "--frozen",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env=env,
            )
            stack.callback(_stop, server)
            servers.append(server)
        for port, server in zip(ports, servers, strict=True):
            wait_until_up(port, process=server)
        clients = [
            stack.enter_context(httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60))
            for port in ports
        ]
        yield clients


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        _, errors = server.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.communicate()
        return
    assert b"Traceback" not in errors, errors.decode(errors="replace")[-3000:]


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def journal_counts(replicas: list[httpx.Client], key: str) -> list[int]:
    return [int(r.get("/_sandbox/journal/count", headers=bearer(key)).json()["count"]) for r in replicas]


def test_capacity_is_exact_under_200_concurrent_creates_spread_over_the_replicas(
    replicas: list[httpx.Client],
) -> None:
    key = "sk_rsv_team_capacity_01"
    slot = replicas[0].get(f"/reservekit/v1/time-slots/{YOGA_SLOT}", headers=bearer(key)).json()["data"]
    assert slot["max_bookings"] == 12
    # Seven weeks ahead: inside the booking window, past every seeded booking.
    day = occurrence(slot["day_of_week"], 7).isoformat()

    def create(n: int) -> tuple[int, str | None]:
        body = {"date": day, "time_slot_id": YOGA_SLOT, "customer_name": f"Racer {n}"}
        body["customer_email"] = f"racer{n}@example.com"
        answer = replicas[n % REPLICAS].post("/reservekit/v1/bookings", json=body, headers=bearer(key))
        return answer.status_code, answer.json().get("error")

    with ThreadPoolExecutor(max_workers=48) as pool:
        outcomes = Counter(pool.map(create, range(200)))
    # ReserveKit's own answer to a full slot is a 400.
    assert outcomes == {(201, None): 12, (400, "time slot is full"): 188}, outcomes
    # What each replica says is left: nothing, the same everywhere.
    for n in range(REPLICAS):
        assert create(1000 + n) == (400, "time slot is full")
    # Every exchange journaled once, on whichever replica answered it.
    assert journal_counts(replicas, key) == [1 + 200 + REPLICAS] * REPLICAS


def test_a_journal_count_is_exact_whichever_replica_is_asked_right_after_an_answer(
    replicas: list[httpx.Client],
) -> None:
    key = "sk_rsv_team_journal_01"
    for n, replica in zip(range(1, 10), itertools.cycle(replicas), strict=False):
        assert replica.get("/reservekit/v1/services", headers=bearer(key)).status_code == 200
        assert journal_counts(replicas, key) == [n] * REPLICAS


def test_a_fault_added_through_one_replica_fires_on_all_and_is_spent_once(
    replicas: list[httpx.Client],
) -> None:
    key = "sk_rsv_team_faults_01"
    for replica in replicas:  # each worker has looked, and found no rule
        assert replica.get("/reservekit/v1/services", headers=bearer(key)).status_code == 200
    rule = {"kind": "error", "status": 503, "count": REPLICAS}
    assert replicas[0].post("/_sandbox/faults", json=rule, headers=bearer(key)).status_code == 201
    assert [r.get("/reservekit/v1/services", headers=bearer(key)).status_code for r in replicas] == [503] * 3
    assert [r.get("/reservekit/v1/services", headers=bearer(key)).status_code for r in replicas] == [200] * 3


def test_a_clock_moved_through_one_replica_is_seen_by_all(replicas: list[httpx.Client]) -> None:
    key = "sk_rsv_team_clock_01"
    before = replicas[0].get("/_sandbox/clock", headers=bearer(key)).json()
    moved = (
        replicas[1].post("/_sandbox/clock/advance", json={"duration": "P2DT3H"}, headers=bearer(key)).json()
    )
    assert moved["now"] != before["now"]
    assert [r.get("/_sandbox/clock", headers=bearer(key)).json()["now"] for r in replicas] == [
        moved["now"]
    ] * 3


def test_each_webhook_event_is_delivered_once_though_every_worker_dispatches(
    replicas: list[httpx.Client],
) -> None:
    key = "sk_rsv_team_webhooks_01"
    with receiving() as receiver:
        endpoint = {"url": receiver.url, "events": ["bookings.create"]}
        assert replicas[0].post("/_sandbox/webhooks", json=endpoint, headers=bearer(key)).status_code == 201
        slot = replicas[0].get("/reservekit/v1/time-slots/1", headers=bearer(key)).json()["data"]
        created = []
        for week, replica in zip(range(5, 11), itertools.cycle(replicas), strict=False):
            body: dict[str, Any] = {
                "date": occurrence(slot["day_of_week"], week).isoformat(),
                "time_slot_id": 1,
            }
            answer = replica.post("/reservekit/v1/bookings", json=body, headers=bearer(key))
            assert answer.status_code == 201, answer.text
            created.append(answer.json()["data"]["id"])
        deadline = time.monotonic() + 30
        while len(receiver.deliveries) < len(created) and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # long enough for a second claim of any event to have been sent
    events = [d.headers["sandbox-event-id"] for d in receiver.deliveries]
    assert len(events) == len(set(events)) == len(created), events
    assert sorted(d.json()["bookings"][0]["id"] for d in receiver.deliveries) == sorted(created)
