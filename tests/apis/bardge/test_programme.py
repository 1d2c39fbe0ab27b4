"""Passes, lookups and access codes: the programme around the bookings."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from tests.conftest import SandboxClocks

from .conftest import Reseller, Seeded

# Seed 42, fitperks: client 1 holds Gym Basic (all providers); client 5 holds City Spa (provider 1 only);
# client 7's pass expired yesterday; client 11 has turned lookup off (issuer 2, by member number).


def test_issue_update_and_move_the_expiry_of_a_pass(reseller: Reseller) -> None:
    issued = reseller.ok(
        "POST", "/passes/issue", 201, json={"pass_id": 2, "user_id": "u-1", "email": "u1@example.com"}
    )
    assert (issued["status"], issued["pass"]["id"]) == ("active", 2)
    again = reseller.post("/passes/issue", json={"pass_id": 1, "user_id": "u-1"})
    assert (again.status_code, again.json()["code"]) == (409, "conflict")
    other_resellers_plan = reseller.post("/passes/issue", json={"pass_id": 4, "user_id": "u-2"})
    assert other_resellers_plan.status_code == 404

    suspended = reseller.ok("POST", "/passes/users/u-1", json={"status": "suspended"})["issued_pass"]
    assert suspended["status"] == "suspended"
    before_start = reseller.post("/passes/users/u-1/expiry", json={"expires_at": "2000-01-01T00:00:00Z"})
    assert (before_start.status_code, before_start.json()["errors"][0]["param"]) == (400, "expires_at")
    moved = reseller.ok("POST", "/passes/users/u-1/expiry", json={"expires_at": "2030-01-01T00:00:00Z"})
    assert moved["issued_pass"]["expires_at"] == "2030-01-01T00:00:00Z"
    assert reseller.ok("GET", "/passes/users/u-1")["status"] == "suspended"


def test_a_pass_past_its_expiry_reads_expired(reseller: Reseller) -> None:
    assert reseller.ok("GET", "/passes/users/fitperks-user-004")["status"] == "expired"


def test_wrong_codes_count_and_fail_the_lookup(reseller: Reseller, seeded: Seeded) -> None:
    lookup = reseller.ok("POST", "/lookup", 201, json={"issuer_id": 1, "identifier": seeded.email_of(1)})
    for left in (4, 3, 2, 1, 0):
        wrong = reseller.post(f"/lookup/{lookup['id']}/verify", json={"code": "000000"})
        assert (wrong.status_code, wrong.json()["code"]) == (422, "verification_failed")
        assert f"{left} attempt(s) left" in wrong.json()["message"]
    failed = reseller.post(f"/lookup/{lookup['id']}/verify", json={"code": "424242"})
    assert (failed.status_code, failed.json()["code"]) == (403, "permission_denied")


def test_a_lookup_expires_and_clients_can_turn_lookup_off(
    reseller: Reseller, seeded: Seeded, clocks: SandboxClocks
) -> None:
    member = seeded.clients[11][1].member_number
    off = reseller.post("/lookup", json={"issuer_id": 2, "identifier": member})
    assert (off.status_code, off.json()["code"]) == (403, "permission_denied")
    unknown = reseller.post("/lookup", json={"issuer_id": 1, "identifier": "nobody@example.com"})
    assert unknown.status_code == 404
    lookup = reseller.ok("POST", "/lookup", 201, json={"issuer_id": 1, "identifier": seeded.email_of(1)})
    clocks.shift(timedelta(minutes=11))
    late = reseller.post(f"/lookup/{lookup['id']}/verify", json={"code": "424242"})
    assert (late.status_code, late.json()["code"]) == (410, "expired")


def test_access_codes_are_single_use_and_need_a_pass_for_the_provider(
    reseller: Reseller, seeded: Seeded
) -> None:
    client = seeded.uuid_of(1)
    code = reseller.ok("POST", "/access-codes", 201, json={"client_id": client, "provider_id": 2})
    session = reseller.ok("POST", "/access-codes/confirm", json={"provider_id": 2, "code": code["code"]})
    assert (session["status"], session["client_id"]) == ("checked_in", client)
    reused = reseller.post("/access-codes/confirm", json={"provider_id": 2, "code": code["code"]})
    assert (reused.status_code, reused.json()["code"]) == (403, "permission_denied")

    city_spa_only = {"client_id": seeded.uuid_of(5), "provider_id": 2}
    assert reseller.post("/access-codes", json=city_spa_only).status_code == 403
    expired_pass = {"client_id": seeded.uuid_of(7), "provider_id": 1}
    assert reseller.post("/access-codes/passcode", json=expired_pass).status_code == 403
    first = reseller.ok("POST", "/access-codes/passcode", json={"client_id": client, "provider_id": 1})
    assert (
        reseller.ok("POST", "/access-codes/passcode", json={"client_id": client, "provider_id": 1}) == first
    )


def test_an_access_code_expires(reseller: Reseller, seeded: Seeded, clocks: SandboxClocks) -> None:
    code = reseller.ok("POST", "/access-codes", 201, json={"client_id": seeded.uuid_of(1), "provider_id": 1})
    clocks.shift(timedelta(minutes=6))
    late = reseller.post("/access-codes/confirm", json={"provider_id": 1, "code": code["code"]})
    assert (late.status_code, late.json()["code"]) == (410, "expired")


def test_lists_page_with_a_cursor(reseller: Reseller) -> None:
    first = reseller.ok("GET", "/credits/packages", params={"limit": 2})
    assert (len(first["data"]), first["has_more"]) == (2, True)
    rest = reseller.ok(
        "GET", "/credits/packages", params={"limit": 2, "starting_after": first["data"][-1]["id"]}
    )
    assert ([p["id"] for p in rest["data"]], rest["has_more"]) == ([3], False)
    bad = reseller.get("/credits/packages", params={"starting_after": 99})
    assert (bad.status_code, bad.json()["errors"][0]["param"]) == (400, "starting_after")


def test_an_imported_group_service_is_a_class_by_the_name_the_world_categorised(
    reseller: Reseller, control: Any
) -> None:
    """A class is shown with its category, which the world gives by the service's name. A state
    import may hold a class copied under a new id, or give every service another id: each keeps
    its category. A group service under a name the world never categorised is not a class (the
    class list answered 500 on it)."""
    key = reseller.token
    document = control(key).ok("GET", "/state")
    tables = document["apis"]["bardge-v3"]
    # Every service under another id, and what names them with it: the same classes.
    moved = {s["id"]: s["id"] + 1000 for s in tables["services"]}
    for service in tables["services"]:
        service["id"] = moved[service["id"]]
    for table in ("bookings", "time_slots"):
        for row in tables[table]:
            row["service_id"] = moved[row["service_id"]]
    before = classes(reseller)
    control(key).ok("PUT", "/state", json=document)
    assert classes(reseller) == before
    group = next(s for s in tables["services"] if s["max_participants"] > 1)
    copy = {**group, "id": max(moved.values()) + 1, "uuid": str(uuid.uuid4())}
    unnamed = {**copy, "id": copy["id"] + 1, "uuid": str(uuid.uuid4()), "name": "A class no category names"}
    tables["services"] += [copy, unnamed]
    control(key).ok("PUT", "/state", json=document)
    assert classes(reseller) == {**before, copy["uuid"]: before[group["uuid"]]}
    assert reseller.get(f"/classes/{unnamed['uuid']}").status_code == 404
    assert reseller.ok("GET", f"/classes/{copy['uuid']}")["category"]["id"] == before[group["uuid"]]


def classes(reseller: Reseller) -> dict[str, int]:
    """Each listed class's category, by the class's id."""
    listed = reseller.ok("GET", "/classes", params={"limit": 100})
    assert not listed["has_more"]
    return {c["id"]: c["category"]["id"] for c in listed["data"]}
