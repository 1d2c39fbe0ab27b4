"""An OPTIONS that is no browser's preflight: HTTP's question of what a path allows."""

from __future__ import annotations

from dataclasses import replace

from mockserver.rule_engine.checking import TrafficCheck
from tests.live_checks.traffic import exchange


def test_an_options_answered_on_a_documented_path_is_no_finding_and_elsewhere_still_is() -> None:
    """Django REST framework answers every OPTIONS with its metadata (200), Express's cors
    middleware with a 204: each was a SPEC-OPERATION ("OPTIONS is not documented for …")."""
    check = TrafficCheck("reservekit-v1")
    asked = replace(exchange("OPTIONS", "/api/v1/services", 204), response_headers={"Allow": "GET, OPTIONS"})
    assert check.observe(asked) == []
    assert check.observe(exchange("OPTIONS", "/api/v1/bookings/7", 200, {"name": "Booking"})) == []
    # Where no documented path is, or where the server failed, it is still said.
    assert [f.rule for f in check.observe(exchange("OPTIONS", "/api/admin", 200))] == ["SPEC-OPERATION"]
    assert [f.rule for f in check.observe(exchange("OPTIONS", "/api/v1/services", 500))] == ["SPEC-OPERATION"]
