"""The explorer's plan: another account's people kept out of its own bookings, and each list
asked where the walk's bookings are.

The walk judges every 2xx another account's caller gets on the walk's bookings as a breach
(ROLES-EVERY-OPERATION). A merchant's walk-in that seated the other customer made that customer a
party to the booking, whose own cancel of their place then answered 200, as the documents allow:
a false finding against a correct vendor (seed 101, 1,500 steps, on this sandbox)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from contract_tests.explorer.plan import Plan, apart, list_reads, plan
from contract_tests.explorer.runs import _people
from contract_tests.explorer.steps import Step
from contract_tests.kit.profiles import PROFILES
from contract_tests.kit.real_ids import RealIds, find
from contract_tests.kit.target_data import TargetData
from contract_tests.kit.tidy import Tidy
from mockserver.control.target_data import target_data
from mockserver.documents.resources import fixture_path, spec_document
from mockserver.rule_engine.rules import RULES
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START
from tests.contract.live import Kit, serving

OURS, THEIRS = "9382-ours", "a56c-theirs"
WALK_IN = ("POST", "/bookings/merchant")


def walk_ins(person: str) -> RealIds:
    seated = [{"id": person}, {"first_name": "Guest", "last_name": "Kit"}]
    return RealIds(
        path=[{"booking_id": 7}],
        whole_bodies={WALK_IN: [{"service_id": 3, "customers": seated}, {"service_id": 4, "customers": []}]},
        bodies={("POST", "/bookings/customer"): [{"customer_id": person}]},
    )


def named(ids: RealIds) -> list[Any]:
    return [
        *ids.path,
        *ids.query,
        *(row for rows in (*ids.bodies.values(), *ids.whole_bodies.values()) for row in rows),
    ]


def test_another_accounts_person_is_seated_as_the_walks_own() -> None:
    kept = apart(walk_ins(THEIRS), frozenset({THEIRS}), OURS)
    assert kept.whole_bodies[WALK_IN][0]["customers"][0] == {"id": OURS}
    assert kept.bodies[("POST", "/bookings/customer")] == [{"customer_id": OURS}]
    assert THEIRS not in repr(named(kept))
    # Everything else as it was.
    assert kept.path == [{"booking_id": 7}]
    assert kept.whole_bodies[WALK_IN][1] == {"service_id": 4, "customers": []}


def test_without_a_person_of_its_own_the_walk_leaves_such_rows_out() -> None:
    kept = apart(walk_ins(THEIRS), frozenset({THEIRS}), None)
    assert kept.whole_bodies[WALK_IN] == [{"service_id": 4, "customers": []}]
    assert kept.bodies[("POST", "/bookings/customer")] == []
    assert kept.path == [{"booking_id": 7}]


def test_nothing_changes_where_no_stranger_is_named() -> None:
    ids = walk_ins(OURS)
    assert apart(ids, frozenset(), OURS) is ids
    assert named(apart(ids, frozenset({THEIRS}), OURS)) == named(ids)


def run_on(api: str, document: dict[str, Any]) -> Any:
    return SimpleNamespace(
        data=TargetData(document, "test"), profile=PROFILES[api], target=SimpleNamespace(api=api)
    )


def test_the_merchants_people_come_from_its_target_data_by_role() -> None:
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    document = target_data(world, "sk_rsv_plan", (), ("merchant", "lifecycle"))
    strangers, own = _people(run_on("merchant", document))
    assert strangers == {world.customers[1].uuid}
    assert own == world.customers[0].uuid
    # An API whose bodies name no people of another account: nothing to keep apart.
    assert _people(run_on("lifecycle", document)) == (frozenset(), None)


# A walk that, before the walk kept the other customer out, seated them in a merchant's walk-in
# of two and had their account cancel their place (found at this seed of 1 to 20, at 96 steps).
SEATED_SEED = "17"


@pytest.mark.slow
def test_the_intact_sandbox_passes_a_walk_that_seated_the_other_customer(tmp_path: Path, kit: Kit) -> None:
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={}))
    with serving(app) as origin:
        result = kit.run(
            origin,
            "merchant",
            tmp_path,
            "--checks",
            "explore",
            "--seed",
            SEATED_SEED,
            "--explore-steps",
            "96",
            "--explore-shrink-seconds",
            "0",
        )
    assert result.exit_code == 0, result.output[-3000:]


def test_a_finder_that_meets_an_answer_it_cannot_use_finds_nothing_and_says_why() -> None:
    def finder(run: Any, tidy: Tidy) -> RealIds:
        raise AssertionError("expected 200, got 402 payment_required\nsecond line")

    found, why = find(finder, None, Tidy([]))
    assert found == RealIds()
    assert why == "finding real resources failed: expected 200, got 402 payment_required"


def test_each_list_is_asked_as_each_booking_would_be_found_by_it_once() -> None:
    """The target's data named service 1's list; the walk's bookings are of service 3 (an
    integer, as ReserveKit shows it) and one of service 1, and a look-up by number names each
    booking's own number. Each query is asked once, the target data's first."""
    by_service = Step("GET", "/v1/bookings", "key")
    by_number = Step("GET", "/bookings/by-number", "customer")
    planned = Plan(
        [], [], [], [],
        [(by_service, {"service_id": 1, "page": 1, "page_size": 100}), (by_number, {"number": "BK-1"})],
    )  # fmt: skip
    shown = [
        {"id": 31, "service_id": 3, "number": "BK-31"},
        {"id": 32, "service_id": 3},
        {"id": 33, "service_id": 1, "page": None},
        {},
    ]
    assert list_reads(planned, shown) == [
        (by_service, {"service_id": 1, "page": 1, "page_size": 100}),
        (by_service, {"service_id": 3, "page": 1, "page_size": 100}),
        (by_number, {"number": "BK-1"}),
        (by_number, {"number": "BK-31"}),
    ]


def test_the_finders_walk_rows_roles_and_follows_reach_the_plan() -> None:
    """Lifecycle's finder names what only the walk sends (``RealIds.walk_*``): its bodies beside
    the schema checks' whole bodies, marked as the walk's; the role that answers an invitation;
    and the answers as what may follow an invitation, beside what the spec's links offer."""
    invite = ("POST", "/api/v1/bookings/{booking_id}/edit-participants")
    accept = ("POST", "/api/v1/bookings/{booking_id}/accept-invite")
    everyone, invited = {"participants": []}, {"participants": [{"email": "guest@example.com"}]}
    ids = RealIds(
        whole_bodies={invite: [everyone]},
        walk_bodies={invite: [invited]},
        walk_roles={accept: "guest"},
        walk_follows={" ".join(invite): [" ".join(accept), "POST /nowhere"]},
    )
    planned = plan(spec_document("lifecycle"), RULES["lifecycle"].words, PROFILES["lifecycle"], ids)
    editing = planned.move(" ".join(invite))
    assert (editing.rows, editing.walk_rows, editing.role) == ((everyone, invited), (invited,), "customer")
    assert planned.move(" ".join(accept)).role == "guest"
    # A move the plan has not (a finder's slip) is not offered; the spec's own links still are.
    assert planned.follows[" ".join(invite)] == [" ".join(accept)]
    assert "GET /api/v1/bookings/{booking_id}/cancel" in planned.follows["POST /api/v1/bookings/instant"]
    assert "guest" in planned.roles
