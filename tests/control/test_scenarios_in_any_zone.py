"""The scenarios in every kind of time zone a location may have, from any start instant.

Each zone here is the default world with every location moved to it, given to the sandbox by
a reset: the same services, hours and staff, local to that zone. Zones with a daylight-saving change of each kind keep the dst-series promise;
zones with none in the coming two years refuse it with a 409 that names the zone, and the
sandbox keeps what it had.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

from mockserver.documents.resources import load_yaml, world_path
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import ApiClient, Control

from . import scenario_facts as facts

KEY = "sk_rsv_any_zone_0001"

CHANGING = (
    "Australia/Sydney",  # southern hemisphere: forward in October, back in April
    "America/Santiago",  # southern, changing at local midnight
    "Australia/Lord_Howe",  # a 30-minute change
    "Europe/Dublin",  # negative daylight saving: winter is the "saving" time
    "America/New_York",  # the default world's own, for comparison
)
UNCHANGING = (
    "America/Sao_Paulo",  # abolished daylight saving in 2019
    "Europe/Istanbul",  # abolished it in 2016
    "Asia/Tokyo",  # never observes it
    "UTC",
)

INSTANTS = st.datetimes(
    min_value=datetime(2027, 1, 1), max_value=datetime(2036, 12, 31, 23, 59, 59), timezones=st.just(UTC)
)


def _world_in(zone: str) -> dict[str, Any]:
    """The default world with every location moved to ``zone``, as a reset's world document."""
    document: dict[str, Any] = load_yaml(world_path())
    for location in document["locations"]:
        location["timezone"] = zone
    return document


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], TestClient]]:
    """One server; the test key's sandbox is reset to a world in the zone an example asks for
    whenever it asks for another one (a reset without a world keeps the sandbox's)."""
    db = tmp_path_factory.mktemp("zone") / "sandbox.db"
    app = create_app(Settings.load({"db": str(db)}, environ={}))
    client: TestClient
    with TestClient(app) as client:
        placed: list[str] = []

        def server(zone: str) -> TestClient:
            if placed[-1:] != [zone]:
                Control(client, KEY).ok("POST", "/reset", json={"world": _world_in(zone)})
                placed.append(zone)
            return client

        yield server


def test_the_moved_world_is_in_the_zone(servers: Callable[[str], TestClient]) -> None:
    control = Control(servers("Australia/Lord_Howe"), KEY)
    control.ok("POST", "/reset")
    locations = control.ok("GET", "/state")["apis"]["merchant"]["locations"]
    assert {location["timezone"] for location in locations} == {"Australia/Lord_Howe"}


@settings(max_examples=40, derandomize=True, deadline=None, database=None)
@given(zone=st.sampled_from(CHANGING), at=INSTANTS)
def test_dst_series_spans_a_change_in_every_zone_that_has_one(
    servers: Callable[[str], TestClient], zone: str, at: datetime
) -> None:
    note(f"zone {zone}, start instant {at.isoformat()}")
    facts.dst_series_keeps_local_time(Control(servers(zone), KEY), at)


@settings(max_examples=12, derandomize=True, deadline=None, database=None)
@given(zone=st.sampled_from(CHANGING + UNCHANGING), at=INSTANTS)
def test_the_other_scenarios_keep_their_promise_in_every_zone(
    servers: Callable[[str], TestClient], zone: str, at: datetime
) -> None:
    note(f"zone {zone}, start instant {at.isoformat()}")
    server = servers(zone)
    facts.fully_booked_day(ApiClient(server, KEY), Control(server, KEY), at)
    facts.class_at_capacity(Control(server, KEY), at)
    facts.one_booking_inside_its_deadline(Control(server, KEY), at)


@pytest.mark.parametrize("zone", UNCHANGING)
def test_dst_series_is_refused_where_no_change_comes(servers: Callable[[str], TestClient], zone: str) -> None:
    control = Control(servers(zone), KEY)
    facts.reset(control, "class-at-capacity", datetime(2029, 6, 1, 9, 0, tzinfo=UTC))
    before = control.get("/state").content
    refused = control.post(
        "/reset", json={"scenario": "dst-series", "start_at": "2031-02-28T23:59:30Z", "frozen": True}
    )
    assert refused.status_code == 409, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problem = refused.json()
    assert problem["code"] == "scenario_unavailable"
    assert zone in problem["detail"], problem
    assert "no daylight-saving change" in problem["detail"], problem
    assert control.get("/state").content == before, "a refused reset leaves the sandbox as it was"
