"""A live trace's 404 before its host shows the API's base waits for it: a client's wrong base
is then no finding, and a documented operation's undocumented 404 still is, late or at the end."""

from __future__ import annotations

import io
from dataclasses import replace

import httpx
import pytest

from mockserver.live_checks.proxy import Proxy
from mockserver.rule_engine.checking import TrafficCheck
from mockserver.rule_engine.unplaced import MOST_WAITING
from tests.contract.live import serving
from tests.live_checks.test_bases import KEY, SERVICES, sandbox
from tests.live_checks.traffic import exchange, rk_booking

__all__ = ["sandbox"]  # the module's served sandbox, shared

WRONG = exchange("GET", "/api/api/v1/services", 404, {"error": "no route"})
SERVED = exchange("GET", "/api/v1/bookings/1", 200, rk_booking(1))


def rules(findings: list) -> list[tuple[str, int]]:  # type: ignore[type-arg]
    return [(finding.rule, finding.index) for finding in findings]


def test_a_wrong_bases_404_before_the_first_2xx_is_no_finding_once_the_base_shows() -> None:
    live = TrafficCheck("reservekit-v1", live=True)
    assert live.observe(WRONG) == []
    assert rules(live.report().findings) == [("SPEC-STATUS", 1)]  # were it to end now
    assert live.observe(SERVED) == []
    assert live.report().findings == []
    assert live.settled() == []
    # A recording judged whole is no live trace: it names its bases first (check-har's pre-pass).
    assert rules(TrafficCheck("reservekit-v1").observe(WRONG)) == [("SPEC-STATUS", 1)]


def test_a_documented_operations_404_under_the_base_stands_once_the_base_shows() -> None:
    live = TrafficCheck("reservekit-v1", live=True)
    missing = exchange("GET", "/api/v1/services", 404, {"error": "gone"})
    elsewhere = replace(WRONG, url=WRONG.url.replace("staging.vendor", "other.vendor"))
    assert live.observe(missing) == []
    assert live.observe(elsewhere) == []
    # Said with the 2xx that placed it, as the exchange it was found in; the other host's waits.
    assert rules(live.observe(SERVED)) == [("SPEC-STATUS", 1)]
    assert rules(live.report().findings) == [("SPEC-STATUS", 1), ("SPEC-STATUS", 2)]
    # A host that never shows a base: at the end of the trace it stands by its path's end.
    assert rules(live.settled()) == [("SPEC-STATUS", 2)]
    assert live.settled() == []
    assert rules(live.report().findings) == [("SPEC-STATUS", 1), ("SPEC-STATUS", 2)]


def test_a_404_before_its_host_shows_a_base_is_counted_as_no_operation() -> None:
    """A proxy's journal counts coverage by ``operation`` as it journals an exchange: a wrong
    base's 404 was counted as the operation its path ends with, which it never reached."""
    live = TrafficCheck("reservekit-v1", live=True)
    live.observe(WRONG)
    assert live.operation(WRONG) is None
    live.observe(SERVED)
    missing = exchange("GET", "/api/v1/bookings/9", 404, {"error": "not found"})
    live.observe(missing)
    assert (live.operation(SERVED), live.operation(missing)) == (
        live.spec.operation("GET", SERVED.url, "/api"),
        live.spec.operation("GET", missing.url, "/api"),
    )
    assert live.operation(missing) is not None
    # A recording is judged whole, its bases named first: each is counted as its path's end.
    assert TrafficCheck("reservekit-v1").operation(WRONG) == live.spec.operation("GET", WRONG.url, None)
    assert TrafficCheck("reservekit-v1").operation(WRONG) is not None


def test_only_a_routers_refusals_wait() -> None:
    live = TrafficCheck("reservekit-v1", live=True)
    teapot = exchange("GET", "/api/api/v1/services", 418, {"error": "no"})
    assert rules(live.observe(teapot)) == [("SPEC-STATUS", 1)]
    assert rules(live.observe(replace(WRONG, status=405))) == []


def test_a_host_that_never_answers_2xx_keeps_a_bounded_number_waiting() -> None:
    live = TrafficCheck("reservekit-v1", live=True)
    for _ in range(MOST_WAITING):
        assert live.observe(WRONG) == []
    assert rules(live.observe(WRONG)) == [("SPEC-STATUS", 1)]  # the oldest stands as made
    assert len(live.settled()) == MOST_WAITING


@pytest.mark.parametrize("first", ["/reservekit" + SERVICES, "/reservekit/v1/bookings/1"])
def test_a_clients_wrong_base_through_the_proxy_before_its_first_2xx_is_no_finding(
    sandbox: str, first: str
) -> None:
    said = io.StringIO()
    proxy = Proxy("reservekit-v1", sandbox + "/reservekit", out=said)
    with serving(proxy) as front, httpx.Client(base_url=front, headers=KEY, timeout=30) as app:
        statuses = [app.get(path).status_code for path in (first, SERVICES)]
        report = app.get("/_proxy/report").json()
    assert (statuses, report["findings"], said.getvalue()) == ([404, 200], [], "")
