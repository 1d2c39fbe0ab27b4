"""A sandbox held by one holder for a while (``control/leases.py``): two contract-kit runs given
one sandbox key moved its clock and added faults under each other's checks."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import pytest

from mockserver.control.leases import Leases
from mockserver.domain.kernel.errors import Leased
from mockserver.storage.database.engine import create_engine
from tests.conftest import API_KEY, OTHER_KEY

ONE = {"holder": "contract kit run 1", "seconds": 60}
TWO = {"holder": "contract kit run 2", "seconds": 60}


def test_one_holder_at_a_time_and_the_holder_renews_and_gives_back(control: Any) -> None:
    lease = control(API_KEY)
    assert lease.ok("GET", "/lease") == {"lease": None}
    taken = lease.ok("PUT", "/lease", json=ONE)
    assert taken["holder"] == ONE["holder"]
    refused = lease.request("PUT", "/lease", json=TWO)
    assert refused.status_code == 409
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert refused.json()["code"] == "leased"
    assert refused.json()["detail"] == f"held by {ONE['holder']} until {taken['until']}"
    # Another sandbox's lease is its own.
    assert control(OTHER_KEY).ok("PUT", "/lease", json=TWO)["holder"] == TWO["holder"]
    renewed = lease.ok("PUT", "/lease", json={**ONE, "seconds": 600})
    assert renewed["since"] == taken["since"]
    assert datetime.fromisoformat(renewed["until"]) > datetime.fromisoformat(taken["until"])
    assert lease.ok("GET", "/lease") == {"lease": renewed}
    # Only its holder gives it back; giving back what nobody holds changes nothing.
    assert lease.request("DELETE", "/lease", params={"holder": TWO["holder"]}).status_code == 409
    assert lease.request("DELETE", "/lease", params={"holder": ONE["holder"]}).status_code == 204
    assert lease.ok("GET", "/lease") == {"lease": None}
    assert lease.request("DELETE", "/lease", params={"holder": ONE["holder"]}).status_code == 204
    assert lease.ok("PUT", "/lease", json=TWO)["holder"] == TWO["holder"]


@pytest.mark.parametrize(
    "body",
    [
        {"holder": "", "seconds": 60},
        {"holder": "run\n1", "seconds": 60},
        {"holder": "x" * 201, "seconds": 60},
        {"holder": "run", "seconds": 0},
        {"holder": "run", "seconds": 3601},
        {"holder": "run"},
        {"holder": "run", "seconds": 60, "until": "never"},
    ],
    ids=["empty", "newline", "long", "no time", "over an hour", "no seconds", "unknown field"],
)
def test_a_bad_lease_is_refused_and_takes_nothing(control: Any, body: dict[str, Any]) -> None:
    lease = control(API_KEY)
    refused = lease.request("PUT", "/lease", json=body)
    assert refused.status_code == 400, refused.text
    assert refused.json()["code"] == "invalid_request"
    assert lease.ok("GET", "/lease") == {"lease": None}


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_a_lapsed_lease_is_anyones_and_its_holder_must_take_it_again(database_at_head: str) -> None:
    """A run that was killed renews nothing: its lease lapses, and the next run takes it."""
    clock = Clock()
    engine = create_engine(database_at_head)
    leases = Leases(engine, now=clock)
    leases.take("s1", "run 1", 60)
    with pytest.raises(Leased, match=r"^held by run 1 until "):
        leases.take("s1", "run 2", 60)
    clock.now += 61
    assert leases.held("s1") is None
    taken = leases.take("s1", "run 2", 60)
    assert (taken.holder, taken.since) == ("run 2", clock.now)
    # A whole second keeps its microseconds: instants of one width sort as text.
    assert taken.as_json()["since"] == "1970-01-12T13:47:41.000000Z"
    with pytest.raises(Leased, match=r"^held by run 2 until "):
        leases.take("s1", "run 1", 60)
    engine.dispose()


def test_of_holders_racing_for_a_free_sandbox_one_has_it(database_at_head: str) -> None:
    """Eight runs at once, as eight CI jobs given one key, each through a server of its own
    (an engine of its own over the one database): one holds it, seven are told who."""
    engines = [create_engine(database_at_head) for _ in range(8)]
    start = threading.Barrier(len(engines))

    def take(n: int) -> str:
        leases = Leases(engines[n])
        start.wait()
        try:
            return leases.take("raced", f"run {n}", 60).holder
        except Leased as refused:
            return refused.message

    with ThreadPoolExecutor(len(engines)) as pool:
        said = list(pool.map(take, range(len(engines))))
    holders = [line for line in said if not line.startswith("held by") and not line.startswith("taken by")]
    assert len(holders) == 1, said
    held = Leases(engines[0]).held("raced")
    assert held is not None
    assert held.holder == holders[0]
    for engine in engines:
        engine.dispose()
