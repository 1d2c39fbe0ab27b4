"""The scenarios in every kind of time zone a location may have, from any start instant.

Until worlds can name their own zones (issue 46), each zone here is the default world's
blueprint with every location moved to it: the same services, hours and staff, local to
that zone. Zones with a daylight-saving change of each kind keep the dst-series promise;
zones with none in the coming two years refuse it with a 409 that names the zone, and the
sandbox keeps what it had.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import UTC, datetime

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

import mockserver.app
from mockserver.app import create_app
from mockserver.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.templates import LocationTemplate
from mockserver.seeding.world import World, generate_world
from mockserver.settings import Settings
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


def _world_in(zone: str) -> Callable[[str, int | None], Callable[[int], World]]:
    blueprint = load_blueprint(fixture_path("default-world"))
    moved = dataclasses.replace(
        blueprint, locations=tuple(LocationTemplate(zone, t.country) for t in blueprint.locations)
    )
    return lambda _fixture, _window=None: lambda seed: generate_world(moved, seed)


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[str], TestClient]]:
    """A server per zone, started the first time an example asks for that zone."""
    started: dict[str, TestClient] = {}
    with ExitStack() as stack, pytest.MonkeyPatch.context() as patch:

        def server(zone: str) -> TestClient:
            if zone not in started:
                patch.setattr(mockserver.app, "world_factory", _world_in(zone))
                db = tmp_path_factory.mktemp("zone") / "sandbox.db"
                app = create_app(Settings.load({"db": str(db)}, environ={}))
                started[zone] = stack.enter_context(app.test_client())
            return started[zone]

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
