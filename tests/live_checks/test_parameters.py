"""SPEC-REQUEST on a request's query and path parameters, on hand-made traffic: a 2xx to what
no reading of the spec lets a server take is the finding; what servers commonly read (``01``,
``TRUE``), what they read differently (a parameter given twice) and what the spec does not
name (a cache-buster) are none."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.rule_engine.parameters import coerced, declared, given, parameter_problems
from tests.live_checks.traffic import check_all, exchange

SLOTS = {"data": {"time_slots": []}}
PASSES = {"object": "list", "data": [], "has_more": False, "url": "/passes"}


def _refusals(api: str, path: str, answer: object = None, status: int = 200) -> list[str]:
    traffic = [exchange("GET", path, status, answer)]
    return [f.message for f in check_all(api, traffic).findings if f.rule == "SPEC-REQUEST"]


@pytest.mark.parametrize(
    ("api", "path", "refused"),
    [
        (
            "reservekit-v1",
            "/v1/time-slots?service_id=1&page_size=1000",
            "query parameter 'page_size' = '1000': 1000 is greater than the maximum of 100",
        ),
        ("reservekit-v1", "/v1/time-slots?page=2", "without its required query parameter 'service_id'"),
        (
            "reservekit-v1",
            "/v1/time-slots?service_id=",
            "query parameter 'service_id' = '': '' is not of type 'integer'",
        ),
        (
            "reservekit-v1",
            "/v1/time-slots?service_id=1&no_pagination=yes",
            "query parameter 'no_pagination' = 'yes': 'yes' is not of type 'boolean'",
        ),
        (
            "reservekit-v1",
            "/v1/time-slots?service_id=1.0",
            "query parameter 'service_id' = '1.0': '1.0' is not of type 'integer'",
        ),
        ("bardge-v3", "/passes?limit=0", "query parameter 'limit' = '0': 0 is less than the minimum of 1"),
        (
            "bardge-v3",
            "/clients/6a1c4f1e-6f2b-4f0e-9d8e-1c2b3a4d5e6f/bookings?status=open",
            "query parameter 'status' = 'open': 'open' is not one of",
        ),
        (
            "merchant",
            "/bookings/calendar/events?start=2027-01-06&end=2027-01-08T00:00:00Z",
            "query parameter 'start' = '2027-01-06': '2027-01-06' is not a 'date-time'",
        ),
        (
            # An offset's "+" sent as it is reads as a space, as a server's form reading takes it.
            "merchant",
            "/bookings/calendar/events?start=2027-01-06T00:00:00+01:00&end=2027-01-08T00:00:00Z",
            "query parameter 'start' = '2027-01-06T00:00:00 01:00'",
        ),
        (
            "lifecycle",
            "/api/v1/bookings/BK-000025",
            "path parameter 'booking_id' = 'BK-000025': 'BK-000025' is not a 'uuid'",
        ),
    ],
)
def test_a_2xx_to_a_parameter_the_spec_refuses_is_the_finding(api: str, path: str, refused: str) -> None:
    (message,) = _refusals(api, path)
    assert message.startswith(f"answered 2xx to a request the spec refuses: {refused}"), message


@pytest.mark.parametrize(
    ("api", "path"),
    [
        ("reservekit-v1", "/v1/time-slots?service_id=01&page_size=100"),  # leading zeros: still 1
        ("reservekit-v1", "/v1/time-slots?service_id=1&no_pagination=TRUE"),
        ("reservekit-v1", "/v1/time-slots?service_id=1&no_pagination=0"),
        ("reservekit-v1", "/v1/time-slots?service_id=1&date=2027-01-11&_=1767000000"),  # a cache-buster
        ("bardge-v3", "/passes?limit=0&limit=5"),  # given twice: servers read one or the other
        ("reservekit-v1", "/v1/time-slots?service_id=1&date="),  # an empty form field: not given
        ("merchant", "/bookings/calendar/events?start=2027-01-06T00:00:00%2B01:00&end=2027-01-08T00:00:00Z"),
        ("lifecycle", "/api/v1/bookings/6A1C4F1E-6F2B-4F0E-9D8E-1C2B3A4D5E6F"),  # a UUID in capitals
        ("bardge-v3", "/passes/%32"),  # a path segment percent-encoded: pass 2
    ],
)
def test_what_a_server_may_read_as_the_spec_says_is_no_finding(api: str, path: str) -> None:
    assert _refusals(api, path) == []


def test_a_refusal_of_a_parameter_is_no_finding_of_it() -> None:
    assert _refusals("bardge-v3", "/passes?limit=0", {"object": "error"}, status=400) == []


def test_the_findings_line_names_the_parameter_and_its_value() -> None:
    (finding,) = [
        f
        for f in check_all("bardge-v3", [exchange("GET", "/passes?limit=101", 200, PASSES)]).findings
        if f.rule == "SPEC-REQUEST"
    ]
    assert finding.line() == (
        "FINDING SPEC-REQUEST #1 GET /passes -> 200: answered 2xx to a request the spec refuses: "
        "query parameter 'limit' = '101': 101 is greater than the maximum of 100"
    )


@pytest.mark.parametrize(
    ("text", "kind", "read"),
    [
        ("007", "integer", 7),
        ("-3", "integer", -3),
        ("٣", "integer", "٣"),  # a digit Python's int() takes, and no server's query reading
        ("9" * 4301, "integer", "9" * 4301),  # past the digits int() reads: the schema's to refuse
        (" 1", "integer", " 1"),
        ("1e3", "number", 1000),
        ("0.5", "number", 0.5),
        ("True", "boolean", True),
        ("0", "boolean", False),
        ("on", "boolean", "on"),
        ("x", None, "x"),
    ],
)
def test_a_value_is_read_as_its_schemas_type_where_a_server_would(text: str, kind: str, read: object) -> None:
    assert coerced(text, kind) == read
    assert type(coerced(text, kind)) is type(read)


def test_a_path_parameter_named_with_a_hyphen_is_found_as_the_path_gave_it() -> None:
    node = {
        "paths": {
            "/visits/{visit-id}": {
                "get": {
                    "parameters": [
                        {"name": "visit-id", "in": "path", "required": True, "schema": {"type": "integer"}}
                    ]
                }
            }
        }
    }

    def at(pointer: str) -> tuple[Any, str]:
        found: Any = node
        for escaped in pointer.strip("/").split("/"):
            part = escaped.replace("~1", "/")
            found = found[int(part)] if isinstance(found, list) else found.get(part)
            if found is None:
                return None, pointer
        return found, pointer

    declared_here = declared(at, "/paths/~1visits~1{visit-id}", "/paths/~1visits~1{visit-id}/get")
    refusals = list(
        parameter_problems(
            declared_here,
            given("/visits/x", {"visit_id": "x"}),
            lambda _, v: iter(["no"] if v == "x" else []),
        )
    )
    assert refusals == ["path parameter 'visit-id' = 'x': no"]
