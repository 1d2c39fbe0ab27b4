"""The base path a target serves an API under, as a trace shows it: a client's call under a
wrong base (``/reservekit`` twice) is no documented operation, and the vendor's 404 to it is no
finding; a documented operation's 404 under the right base still is."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.documents.har import har_document
from mockserver.live_checks.by_api import check_recording, with_bases
from mockserver.live_checks.proxy import Proxy
from mockserver.rule_engine.checking import TrafficCheck
from mockserver.rule_engine.operations import Spec
from mockserver.rule_engine.routes import MOST_BASES, ServedBases
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.live import serving
from tests.live_checks.conftest import Check
from tests.live_checks.traffic import START, exchange, rk_booking

KEY = {"Authorization": "Bearer sk_rsv_proxy_bases"}
SERVICES = "/v1/services?page=1&page_size=10"


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("bases") / "sandbox.db"
    with serving(
        create_app(Settings.load({"db": str(db), "start_at": START, "frozen": True}, environ={}))
    ) as at:
        yield at


def test_a_path_is_a_documented_one_whole_under_a_known_base() -> None:
    spec = Spec("reservekit-v1")
    twice = "https://api.example/reservekit/reservekit/v1/services"
    assert spec.operation("GET", twice) is not None  # by its end, where no base is known
    assert spec.operation("GET", twice, "/reservekit") is None
    assert spec.operation("GET", twice, "/reservekit/reservekit") is not None
    booking = spec.operation("GET", "https://api.example/v1/bookings/bk%201", "")
    assert booking is not None
    assert (booking.template, booking.params) == ("/v1/bookings/{bookingID}", {"bookingID": "bk 1"})
    assert spec.operation("GET", "https://api.example/x/v1/bookings/1", "") is None


def test_a_404_past_a_base_the_trace_shows_is_no_operations_and_a_documented_ones_404_still_is() -> None:
    check = TrafficCheck("reservekit-v1")
    wrong = exchange("GET", "/api/api/v1/services", 404, {"error": "no route"})
    # Before any 2xx, nothing shows the base: the path's end names the operation.
    assert [f.rule for f in check.observe(wrong)] == ["SPEC-STATUS"]
    assert check.observe(exchange("GET", "/api/v1/bookings/1", 200, rk_booking(1))) == []
    assert check.observe(wrong) == []
    (served,) = check.observe(exchange("PUT", "/api/api/v1/services", 400, {"error": "no"}))
    assert served.rule == "SPEC-OPERATION"
    assert "no documented path is /api/v1/services (the API's base here is /api)" in served.line()
    missing = exchange("GET", "/api/v1/services", 404, {"error": "gone"})
    assert [f.rule for f in check.observe(missing)] == ["SPEC-STATUS"]
    # A path under no base the host shows is outside the API: a 404 there is no operation's.
    assert check.observe(exchange("GET", "/v1/services", 404, {"error": "no route"})) == []
    (outside,) = check.observe(exchange("GET", "/v1/services", 400, {"error": "no"}))
    assert "the path is under no base this host serves the API at (/api)" in outside.line()
    # A 2xx there shows a base of its own, the host's root, under which every path then lies.
    assert check.observe(exchange("GET", "/v1/bookings/1", 200, rk_booking(1))) == []
    assert [f.rule for f in check.observe(exchange("GET", "/v1/services", 404, {}))] == ["SPEC-STATUS"]


def test_a_base_shown_on_one_host_says_nothing_of_another() -> None:
    served = exchange("GET", "/api/v1/bookings/1", 200, rk_booking(1))
    wrong = exchange("GET", "/api/api/v1/services", 404, {"error": "no route"})
    elsewhere = replace(wrong, url=wrong.url.replace("staging.vendor", "other.vendor"))
    based = with_bases("reservekit-v1", [wrong, elsewhere, served])
    assert [e.base for e in based] == ["/api", None, "/api"]
    verdict = check_recording("reservekit-v1", based)
    assert [(f.rule, f.index) for f in verdict.findings] == [("SPEC-STATUS", 2)]


def through_proxy(upstream: str, *paths: str) -> tuple[list[int], list[dict[str, Any]], dict[str, Any]]:
    """A client's GETs through a proxy of ``upstream``: their statuses, the proxy's findings, its HAR."""
    proxy = Proxy("reservekit-v1", upstream, out=io.StringIO())
    with serving(proxy) as front, httpx.Client(base_url=front, headers=KEY, timeout=30) as app:
        statuses = [app.get(path).status_code for path in paths]
        report = app.get("/_proxy/report").json()
    assert report["exchanges"] == len(paths)
    return statuses, report["findings"], proxy.har()


def rules(ran: Any) -> list[str]:
    return [line.split()[1] for line in ran.stdout.splitlines() if line.startswith("FINDING ")]


def test_an_upstream_at_a_hosts_root_leaves_the_base_to_the_client(sandbox: str) -> None:
    statuses, findings, _ = through_proxy(sandbox, "/reservekit" + SERVICES, "/reservekit/v1/bookings/999999")
    assert (statuses, findings) == ([200, 404], [])


def test_a_clients_wrong_base_through_the_proxy_is_judged_alike_by_the_proxy_and_check_har(
    sandbox: str, tmp_path: Path, check: Check
) -> None:
    statuses, findings, har = through_proxy(
        sandbox + "/reservekit", SERVICES, "/reservekit" + SERVICES, "/reservekit/v1/bookings/1"
    )
    assert (statuses, findings) == ([200, 404, 404], [])
    ran = check(tmp_path, har, "--api", "reservekit-v1")
    assert (ran.returncode, rules(ran)) == (0, []), ran.stdout + ran.stderr
    # check-har reads the whole recording first: a wrong base before the 2xx is shown by it too.
    har["log"]["entries"].reverse()
    ran = check(tmp_path, har, "--api", "reservekit-v1")
    assert (ran.returncode, rules(ran)) == (0, []), ran.stdout + ran.stderr
    # Where nothing shows the base, a path is found by its end, and the 404 judged as that operation's.
    har["log"]["entries"] = har["log"]["entries"][1:2]
    ran = check(tmp_path, har, "--api", "reservekit-v1")
    assert (ran.returncode, rules(ran)) == (1, ["SPEC-STATUS"]), ran.stdout + ran.stderr


def test_a_page_beside_an_api_its_host_serves_under_a_base_is_no_call_of_it(
    tmp_path: Path, check: Check
) -> None:
    """A browser's export of an app whose API is under ``/api`` on its own host, and one call of
    the app's at the host's root: that 404 placed the API at the root too, and every page of
    the app was then held to the API's spec (a SPEC-OPERATION each)."""
    page = exchange("GET", "/bookings", 200, answered={"Content-Type": "text/html"})
    calls = [
        page,
        exchange("GET", "/api/v1/bookings/1", 200, rk_booking(1)),
        exchange("GET", "/v1/services", 404, {"error": "no route"}),
    ]
    ran = check(tmp_path, har_document(calls), "--api", "reservekit-v1")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert ran.stdout.splitlines() == [
        "reservekit-v1: 1 exchange, 19 checks, no finding",
        "skipped 2 exchanges: 2 of a host or base path the recording does not show the API at",
    ]


def test_a_redirect_of_a_trailing_slash_to_the_documented_path_is_no_finding(
    sandbox: str, tmp_path: Path, check: Check
) -> None:
    """The sandbox's own routing answers ``/v1/services/`` with a 307 to ``/v1/services``, which
    the proxy judged as the services operation's undocumented status."""
    statuses, findings, har = through_proxy(sandbox + "/reservekit", SERVICES.replace("?", "/?"))
    assert (statuses, findings) == ([307], [])
    ran = check(tmp_path, har, "--api", "reservekit-v1")
    assert (ran.returncode, rules(ran)) == (0, []), ran.stdout + ran.stderr
    # A redirect of the documented spelling itself is still held to what the operation documents.
    check_ = TrafficCheck("reservekit-v1")
    moved = exchange("GET", "/v1/services", 301, answered={"Location": "/v2/services"})
    assert [f.rule for f in check_.observe(moved)] == ["SPEC-STATUS"]


def test_a_host_answering_under_any_prefix_keeps_a_bounded_number_of_bases() -> None:
    served = ServedBases()
    for n in range(1000):
        served.answered(f"https://app.example/p{n}/v1/services", f"/p{n}")
    assert len(served.at("https://app.example")) == MOST_BASES
