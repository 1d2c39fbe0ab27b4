"""The explorer's looks (``contract_tests/explorer/looks.py``): every documented read the rules do
not name as a view of a booking, filled with the target's real values, read once as a walk
begins and one after each step.

Before them, ReserveKit's walk never read a service or a time slot, lifecycle's never a
cancellation's preview, and Bardge's ten of its reads: a vendor's bug there went unseen however
long the walk went on (``broken_catalogues.py``'s vendors, caught by the looks alone)."""

from __future__ import annotations

from random import Random
from typing import Any

from contract_tests.explorer.looks import Look, drawn_look, first_looks, path_rows
from contract_tests.explorer.plan import plan
from contract_tests.explorer.steps import Step
from contract_tests.kit.profiles import PROFILES
from contract_tests.kit.real_ids import RealIds
from mockserver.rule_engine.operations import Spec
from mockserver.rule_engine.rules import RULES

RK = "reservekit-v1"
SLOT_ROW = {"bookingID": 25, "serviceID": 3, "timeSlotID": 99}


def looks_of(api: str, ids: RealIds) -> dict[str, Look]:
    words = RULES[api].words
    assert words is not None
    planned = plan(Spec(api).document, words, PROFILES[api], ids)
    return {look.step.name: look for look in planned.looks}


def test_every_read_that_is_no_view_of_a_booking_is_a_look_with_real_values() -> None:
    looks = looks_of(RK, RealIds(path=[SLOT_ROW], query=[{"service_id": 3, "date": "2026-12-07"}]))
    assert set(looks) == {
        "GET /v1/services",
        "GET /v1/services/{serviceID}",
        "GET /v1/services/{serviceID}/time-slots",
        "GET /v1/time-slots",
        "GET /v1/time-slots/{timeSlotID}",
    }
    assert looks["GET /v1/time-slots/{timeSlotID}"].paths == [{"timeSlotID": 99}]
    # A list's required query, from the target's data.
    assert looks["GET /v1/time-slots"].query == {"service_id": 3}
    # The views of a booking are the walk's reads and lists, never looks.
    lifecycle = looks_of("lifecycle", RealIds(path=[{"booking_id": "b1", "service_id": "s1"}]))
    assert "GET /api/v1/bookings/{booking_id}/cancellation-preview" in lifecycle
    assert "GET /api/v1/bookings/{booking_id}" not in lifecycle
    assert lifecycle["GET /api/v1/bookings/{booking_id}/cancellation-preview"].paths == [{}]


def test_a_read_the_targets_data_cannot_fill_is_left_out() -> None:
    looks = looks_of(RK, RealIds(path=[{"bookingID": 25}]))
    assert "GET /v1/services" in looks
    assert "GET /v1/services/{serviceID}" not in looks
    assert "GET /v1/time-slots/{timeSlotID}" not in looks


def test_a_looks_path_is_a_real_row_its_own_first() -> None:
    step = Step("GET", "/providers/{provider_id}/services/{service_id}", "reseller")
    rows = [
        {"provider_id": 1, "service_id": "a"},
        {"provider_id": 2},
        {"provider_id": 1, "service_id": "a", "x": 0},
    ]
    assert path_rows(step, "booking_id", rows, ()) == [{"provider_id": 1, "service_id": "a"}]
    own = [{"provider_id": 2, "service_id": "b"}]
    assert path_rows(step, "booking_id", rows, own) == own
    assert path_rows(step, "booking_id", [{"provider_id": 1}], ()) is None
    assert path_rows(Step("GET", "/providers", "reseller"), "booking_id", rows, ()) == [{}]


def named(values: dict[str, Any]) -> Any:
    return values.get("booking_id")


def test_a_look_at_a_booking_reads_the_walks_last_most_often_else_the_targets() -> None:
    preview = Look(Step("GET", "/bookings/{booking_id}/preview", "customer"), {}, [])
    drawn = [
        drawn_look(Random(n), [preview], param="booking_id", live=["b1", "b2"], last="b2", theirs=["t"])
        for n in range(400)
    ]
    read = [named(one[1]) for one in drawn if one is not None]
    assert len(read) == 400
    assert set(read) == {"b1", "b2"}
    assert read.count("b2") > read.count("b1") * 2
    theirs = drawn_look(Random(1), [preview], param="booking_id", live=[], last=None, theirs=["t"])
    assert theirs is not None
    assert named(theirs[1]) == "t"
    assert drawn_look(Random(1), [preview], param="booking_id", live=[], last=None, theirs=[]) is None
    assert drawn_look(Random(1), [], param="booking_id", live=["b1"], last="b1", theirs=[]) is None


def test_a_walk_begins_with_each_look_that_names_no_booking_at_its_first_path() -> None:
    service = Look(
        Step("GET", "/services/{service_id}", "customer"), {}, [{"service_id": "s1"}, {"service_id": "s2"}]
    )
    services = Look(Step("GET", "/services", "customer"), {"page": 1}, [{}])
    preview = Look(Step("GET", "/bookings/{booking_id}/preview", "customer"), {}, [])
    assert first_looks([service, preview, services], "booking_id") == [
        (service, {"service_id": "s1"}),
        (services, {}),
    ]


def test_a_required_id_is_the_targets_own_where_its_data_names_one() -> None:
    """ReserveKit's bookings list and its time slots need a service_id: the smallest the schema
    allows (1) was asked while the target's data named 79298, and a varied vendor answered each
    of 455 list reads of a 480-step walk 404."""
    ids = RealIds(
        path=[SLOT_ROW], query=[{"date": "2026-12-07"}, {"service_id": 79298, "date": "2026-12-07"}]
    )
    words = RULES[RK].words
    assert words is not None
    planned = plan(Spec(RK).document, words, PROFILES[RK], ids)
    assert [query for step, query in planned.lists] == [{"service_id": 79298, "page": 1, "page_size": 100}]
    assert {look.step.name: look.query for look in planned.looks}["GET /v1/time-slots"] == {
        "service_id": 79298
    }
    # With no row naming it, the plain value still lets the list be asked.
    bare = plan(Spec(RK).document, words, PROFILES[RK], RealIds(path=[SLOT_ROW]))
    assert [query for step, query in bare.lists] == [{"service_id": 1, "page": 1, "page_size": 100}]
