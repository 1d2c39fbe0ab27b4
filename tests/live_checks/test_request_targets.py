"""SPEC-OPERATION on a request target no path could be spelt as: a 400 is HTTP's answer to it
(``rule_engine/request_targets.py``), an undocumented path served otherwise is still found."""

from __future__ import annotations

import pytest

from mockserver.rule_engine.request_targets import bad_target
from tests.live_checks.traffic import check_all, exchange

REFUSED = {"data": None, "error": "invalid request: the path holds control characters"}


def _rules(path: str, status: int) -> list[str]:
    return [
        finding.rule
        for finding in check_all("reservekit-v1", [exchange("GET", path, status, REFUSED)]).findings
    ]


@pytest.mark.parametrize(
    "path",
    [
        "/schemathesis-probe%5C%1B%01",  # what Schemathesis sends every API it tests
        "/v1/places/%00",
        "/v1/places/%7F",
        "/v1/places/%FF",  # a byte no UTF-8 text begins with
        "/v1/places/%E2%82",  # a character cut short
        "/v1/places/%zz",
        "/v1/places/1%",
    ],
)
def test_a_path_no_spec_could_hold_may_be_refused_as_a_bad_request(path: str) -> None:
    assert bad_target(f"https://staging.vendor.example{path}")
    assert _rules(path, 400) == []


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/schemathesis-probe%5C%1B%01", 200),  # served: whatever its spelling, a finding
        ("/v1/places/%E2%82%AC", 400),  # "€", which a path may hold: no operation, yet 400
        ("/v1/places/abc%2Fdef", 400),
        ("/v1/unknown", 400),
    ],
)
def test_an_undocumented_path_spelt_as_paths_are_is_still_found(path: str, status: int) -> None:
    assert _rules(path, status) == ["SPEC-OPERATION"]


@pytest.mark.parametrize(
    ("method", "path", "said"),
    [
        ("GET", "/bookings/merchant", "/bookings/merchant (POST is)"),  # it said "(POST are)"
        ("PUT", "/bookings/merchant/7", "/bookings/merchant/{booking_id} (DELETE, PATCH are)"),
    ],
)
def test_an_undocumented_method_names_the_documented_ones_in_grammar(
    method: str, path: str, said: str
) -> None:
    (finding,) = check_all("merchant", [exchange(method, path, 200, {})]).findings
    assert finding.message == f"{method} is not documented for {said}, yet answered 200"
