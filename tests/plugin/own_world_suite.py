"""An integrator's test file on their own world and scenario (pytest.ini names both): run by
tests/plugin/test_plugin.py in a pytest of its own."""

import httpx


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
