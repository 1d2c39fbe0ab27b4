"""A world of one sandbox's own: given by a reset (or a state import), kept until reset again,
seen by every process, and refused field by field when it is not one a sandbox can start from."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from mockserver.documents.resources import load_yaml
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from mockserver.storage.database.engine import create_engine
from mockserver.storage.kernel import schema as t
from tests.asgi_client import TestClient
from tests.conftest import API_KEY, OTHER_KEY, ApiClient

ROOT = Path(__file__).resolve().parents[2]
BERLIN_FILE = ROOT / "examples" / "worlds" / "berlin-studio.yaml"
BERLIN: dict[str, Any] = load_yaml(BERLIN_FILE)


def _world_of_a_server(settings: Settings, world: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a server started with ``--world`` answers a new key: its world and its target data."""
    served = create_app(
        Settings.load({"db": "", "world": str(world), "start_at": settings.start_at}, environ={})
    )
    with TestClient(served) as http:
        headers = {"Authorization": f"Bearer {API_KEY}"}
        return (
            http.get("/_sandbox/world", headers=headers).json(),
            http.get("/_sandbox/target-data", headers=headers).json(),
        )


def test_a_reset_gives_one_sandbox_the_world_a_server_with_that_file_would(
    settings: Settings, api: ApiClient, control: Any
) -> None:
    state = control(API_KEY).ok("POST", "/reset", json={"world": BERLIN})
    assert len(state["world"]) == 64
    world, target = _world_of_a_server(settings, BERLIN_FILE)
    assert control(API_KEY).ok("GET", "/world") == world
    assert control(API_KEY).ok("GET", "/target-data") == target
    services = api.get("/services").json()["data"]["services"]
    assert {s["name"] for s in services} == {"Sportmassage", "Pilates Reformer", "Erstbefund"}
    # Another sandbox on the same server keeps the server's world.
    assert control(OTHER_KEY).ok("GET", "/sandbox")["world"] is None
    other = control(OTHER_KEY).ok("GET", "/world")
    assert {loc["timezone"] for loc in other["locations"]} == {"America/New_York", "America/Los_Angeles"}


def test_the_world_stays_through_resets_until_server_brings_the_servers_back(control: Any) -> None:
    given = control(API_KEY).ok("POST", "/reset", json={"world": BERLIN})["world"]
    # The same document in another key order is the same world.
    reordered = dict(reversed(list(copy.deepcopy(BERLIN).items())))
    assert control(API_KEY).ok("POST", "/reset", json={"world": reordered, "seed": 7})["world"] == given
    kept = control(API_KEY).ok("POST", "/reset", json={"seed": 8})
    assert kept["world"] == given
    assert control(API_KEY).ok("GET", "/world")["locations"][0]["timezone"] == "Europe/Berlin"
    back = control(API_KEY).ok("POST", "/reset", json={"world": "server"})
    assert back["world"] is None
    assert back["seed"] == 8
    assert control(API_KEY).ok("GET", "/world")["locations"][0]["timezone"] == "America/New_York"


def _changed(path: str, value: Any) -> dict[str, Any]:
    document = copy.deepcopy(BERLIN)
    *parents, last = path.split(".")
    node: Any = document
    for step in parents:
        node = node[int(step)] if step.isdigit() else node[step]
    if value is KeyError:
        del node[last]
    else:
        node[int(last) if last.isdigit() else last] = value
    return document


# Each: a change to the Berlin world, the field the refusal names and words in its reason.
BROKEN = [
    ("locations.0.timezone", "Mars/Olympus_Mons", "world.locations[0].timezone", "no IANA time zone"),
    ("providers", -1, "world.providers", "less than the minimum"),
    ("staff_per_locaton", 2, "world.staff_per_locaton", "did you mean 'staff_per_location'"),
    (
        "services.0.terms.cancellation_policy",
        "lenient",
        "world.services[0].terms.cancellation_policy",
        "lenient",
    ),
    ("currency", KeyError, "world", "'currency' is a required property"),
    # Each field within its bounds, together far too large to seed.
    ("customers", 10_000, None, None),
]


@pytest.mark.parametrize(("path", "value", "field", "reason"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_world_that_is_not_one_is_refused_by_field_and_changes_nothing(
    control: Any, path: str, value: Any, field: str | None, reason: str | None
) -> None:
    document = _changed(path, value)
    if field is None:  # the size: many providers on five-minute slots, many customers
        document["providers"] = 50
        document["locations"] = [{"timezone": "Europe/Berlin", "country": "DE"}]
        for service in document["services"]:
            service["slot_every_minutes"] = 5
        field, reason = "world", "would seed about"
    control(API_KEY).ok("POST", "/reset", json={"seed": 3})
    before = control(API_KEY).get("/state").content
    refused = control(API_KEY).post("/reset", json={"world": document, "seed": 9})
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    problems = {p["name"]: p["reason"] for p in refused.json()["invalid_params"]}
    assert reason in problems[field], problems
    assert control(API_KEY).get("/state").content == before, "a refused world changes nothing"


@pytest.mark.parametrize("world", ["elsewhere", 12, ["a"], None])
def test_a_world_that_is_no_document_is_a_400(control: Any, world: Any) -> None:
    refused = control(API_KEY).post("/reset", json={"world": world})
    assert refused.status_code == 400, refused.text
    assert refused.json()["code"] == "invalid_request"


def test_a_world_larger_than_a_world_file_may_be_is_refused_unread(control: Any) -> None:
    document = _changed("services.0.description", "x" * 2000)
    document["padding"] = ["y" * 1000] * 1200  # over 1 MiB of JSON
    refused = control(API_KEY).post("/reset", json={"world": document})
    assert refused.status_code in (413, 422), refused.text
    assert control(API_KEY).ok("GET", "/sandbox")["world"] is None


def test_a_state_export_carries_its_world_and_an_import_checks_it(control: Any) -> None:
    given = control(API_KEY).ok("POST", "/reset", json={"world": BERLIN, "seed": 5})["world"]
    exported = control(API_KEY).get("/state").json()
    assert exported["world"] == json.loads(json.dumps(BERLIN))
    control(OTHER_KEY).ok("PUT", "/state", json=exported)
    assert control(OTHER_KEY).ok("GET", "/sandbox")["world"] == given
    assert control(OTHER_KEY).get("/state").content == control(API_KEY).get("/state").content
    assert control(OTHER_KEY).ok("GET", "/world") == control(API_KEY).ok("GET", "/world")

    broken = {**exported, "world": _changed("locations.0.timezone", "Nowhere/Else")}
    before = control(OTHER_KEY).get("/state").content
    refused = control(OTHER_KEY).put("/state", json=broken)
    assert refused.status_code == 422, refused.text
    assert "world.locations[0].timezone" in {p["name"] for p in refused.json()["invalid_params"]}
    assert control(OTHER_KEY).get("/state").content == before

    # An export of the server's world says so, and an import of it goes back to the server's.
    control(OTHER_KEY).ok("PUT", "/state", json={**exported, "world": None})
    assert control(OTHER_KEY).ok("GET", "/sandbox")["world"] is None


def _stored_worlds(settings: Settings) -> list[str]:
    engine = create_engine(settings.db)
    try:
        with engine.connect() as connection:
            return list(connection.execute(sa.select(t.worlds.c.digest)).scalars())
    finally:
        engine.dispose()


def test_a_world_is_read_by_every_process_and_dropped_once_no_sandbox_names_it(
    settings: Settings, control: Any
) -> None:
    given = control(API_KEY).ok("POST", "/reset", json={"world": BERLIN})["world"]
    assert control(OTHER_KEY).ok("POST", "/reset", json={"world": BERLIN})["world"] == given
    assert _stored_worlds(settings) == [given], "one row for two sandboxes"
    control(API_KEY).ok("POST", "/reset", json={"world": "server"})
    assert _stored_worlds(settings) == [given], "the other sandbox still names it"
    # A second server on the same database (another worker) has never read it: it finds it.
    with TestClient(create_app(settings)) as second:
        seen = second.get("/_sandbox/world", headers={"Authorization": f"Bearer {OTHER_KEY}"})
        assert seen.json()["locations"][0]["timezone"] == "Europe/Berlin"
        services = ApiClient(second, OTHER_KEY).get("/services").json()["data"]["services"]
        assert "Sportmassage" in {s["name"] for s in services}
    control(OTHER_KEY).ok("POST", "/reset", json={"world": "server"})
    assert _stored_worlds(settings) == []


def test_a_scenario_arranges_its_facts_in_a_sandboxs_own_world(http: TestClient, control: Any) -> None:
    api = ApiClient(http, API_KEY)
    api.get("/services")  # the ReserveKit tenant exists before the reset
    state = control(API_KEY).ok("POST", "/reset", json={"world": BERLIN, "scenario": "fully-booked-day"})
    assert state["scenario"] == "fully-booked-day"
    assert state["world"]
    bookings = control(API_KEY).ok("GET", "/state")["apis"]["reservekit-v1"]["bookings"]
    (day,) = {b["date"] for b in bookings if b["message"] == "booked by a scenario"}
    listed = 0
    for service in control(API_KEY).ok("GET", "/world")["services"]:
        query = {"service_id": service["id"], "date": day, "page_size": 100}
        slots = api.get("/time-slots", params=query).json()["data"]["time_slots"]
        assert all(slot["available_bookings"] == 0 for slot in slots), slots
        listed += len(slots)
    assert listed, "the Berlin studio's day has slots, every one of them full"
