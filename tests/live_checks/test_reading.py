"""How the rule engine reads an answer: its objects in the answer's order, at any depth, and each
body read once for every check, then let go."""

from __future__ import annotations

import sys
from typing import Any

from mockserver.rule_engine.checking import TrafficCheck
from mockserver.rule_engine.reading import objects_in
from tests.live_checks import traffic


def test_objects_are_found_outer_first_in_the_answers_order() -> None:
    body = {"id": 1, "items": [{"id": 2, "inner": {"id": 3}}, {"id": 4}, [{"id": 5}]], "last": {"id": 6}}
    assert [found["id"] for found in objects_in(body, lambda node: "id" in node)] == [1, 2, 3, 4, 5, 6]
    assert [found["id"] for found in objects_in(body, lambda node: node["id"] % 2 == 0)] == [2, 4, 6]
    assert list(objects_in([1, "two", None], lambda node: True)) == []


def test_an_answer_nested_past_the_recursion_limit_is_walked_whole() -> None:
    levels = sys.getrecursionlimit() * 5
    body: dict[str, Any] = {"id": 0}
    for n in range(1, levels):
        body = {"id": n, "inside": [body]}
    found = [node["id"] for node in objects_in(body, lambda node: True)]
    assert found == list(range(levels - 1, -1, -1))


def test_a_judged_exchange_keeps_no_document_of_its_bodies() -> None:
    """A recording is held whole while it is judged (check-har's file, the proxy's report): its
    bodies' documents, read once for every check, are let go once the checks are done."""
    exchange = traffic.exchange(
        "POST",
        "/v1/bookings?service_id=1",
        201,
        {"data": {"id": 1, "status": "pending"}, "error": None},
        sent={"date": "2027-01-11", "time_slot_id": 1},
    )
    check = TrafficCheck("reservekit-v1")
    assert check.observe(exchange)  # the answer lacks most of a booking's fields: judged, found
    assert not {"request_json", "response_json"} & set(vars(exchange))
    # Read again, if asked, as it was read before.
    assert exchange.response_json == {"data": {"id": 1, "status": "pending"}, "error": None}
