"""An integrator's test file on their own world and scenario (pytest.ini names both): run by
tests/plugin/test_plugin.py in a pytest of its own."""

from pathlib import Path

import httpx
import pytest

from mockserver.seeding.world_file import WorldFileError

DATA = Path(__file__).resolve().parents[1] / "data"


def test_the_sandbox_starts_from_our_world(sandbox):
    assert {location["timezone"] for location in sandbox.world["locations"]} == {"Europe/Berlin"}
    services = httpx.get(sandbox.url("reservekit") + "/v1/services", headers=sandbox.headers())
    assert services.status_code == 200, services.text
    listed = services.json()["data"]["services"]
    assert {s["name"] for s in listed} == {"Sportmassage", "Pilates Reformer", "Erstbefund"}
    assert {s["timezone"] for s in listed} == {"Europe/Berlin"}


def test_our_scenario_is_offered_and_arranges_its_facts(sandbox):
    assert "saturday-class-full" in {s["name"] for s in sandbox.control.scenarios()}
    assert sandbox.reset(scenario="saturday-class-full")["scenario"] == "saturday-class-full"
    passes = httpx.get(sandbox.url("bardge") + "/passes", headers=sandbox.headers("reseller"))
    assert passes.status_code == 200, passes.text
    assert {p["name"] for p in passes.json()["data"]} <= {"Kiez Basis", "Kiez Plus", "Firmen Jahr"}


def test_one_test_resets_its_sandbox_to_another_world(sandbox):
    assert sandbox.world["locations"][0]["timezone"] == "Europe/Berlin"
    assert sandbox.tokens["merchant"].startswith("merchant.studio-spreeufer.")
    with pytest.raises(WorldFileError, match=r"typo\.yaml:\d+: staff_per_locaton: no such field"):
        sandbox.reset(world=DATA / "typo.yaml")
    state = sandbox.reset(world=DATA / "tokyo.yaml")
    assert state["world"]
    assert {location["timezone"] for location in sandbox.world["locations"]} == {"Asia/Tokyo"}
    slots = httpx.get(sandbox.url("reservekit") + "/v1/services", headers=sandbox.headers())
    assert {s["timezone"] for s in slots.json()["data"]["services"]} == {"Asia/Tokyo"}
    # The tokens follow the world: the merchant is the new world's own.
    assert sandbox.tokens["merchant"].startswith("merchant.studio-shibuya.")
    week = {"start": "2030-01-07T00:00:00Z", "end": "2030-01-14T00:00:00Z"}
    merchant = httpx.get(
        sandbox.url("merchant") + "/bookings/calendar/events",
        params=week,
        headers=sandbox.headers("merchant"),
    )
    assert merchant.status_code == 200, merchant.text
