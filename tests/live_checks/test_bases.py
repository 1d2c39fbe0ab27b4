"""The base path a target serves an API under, as the proxy knows it and check-har reads it: a
client's call under a wrong base (``/reservekit`` twice) is no documented operation, and the
vendor's 404 to it is no finding; a documented operation's 404 under the right base still is."""

from __future__ import annotations

import copy
import io
import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.documents.har import API_BASE
from mockserver.live_checks.by_api import check_recording, with_bases
from mockserver.live_checks.proxy import Proxy
from mockserver.rule_engine.checking import TrafficCheck
from mockserver.rule_engine.operations import Spec
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.live import serving
from tests.live_checks.conftest import Check
from tests.live_checks.traffic import START, exchange

KEY = {"Authorization": "Bearer sk_rsv_proxy_bases"}
PAGE = {"page": 1, "page_size": 10}


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


def test_a_404_past_a_known_base_is_no_operations_and_a_documented_ones_404_still_is() -> None:
    check = TrafficCheck("reservekit-v1")
    wrong = replace(exchange("GET", "/api/api/v1/services", 404, {"error": "no route"}), base="/api")
    assert check.observe(wrong) == []
    served = replace(exchange("GET", "/api/api/v1/services", 200, {"data": {}}), base="/api")
    (finding,) = check.observe(served)
    assert finding.rule == "SPEC-OPERATION"
    assert "no documented path is /api/v1/services (the API's base here is /api)" in finding.line()
    missing = replace(exchange("GET", "/api/v1/services", 404, {"error": "gone"}), base="/api")
    assert [f.rule for f in check.observe(missing)] == ["SPEC-STATUS"]


def proxied_session(upstream: str) -> dict[str, Any]:
    """A client that calls the proxy right, then under the base its upstream already has."""
    proxy = Proxy("reservekit-v1", upstream, out=io.StringIO())
    with serving(proxy) as front, httpx.Client(base_url=front, headers=KEY, timeout=30) as app:
        assert app.get("/v1/services", params=PAGE).status_code == 200
        assert app.get("/reservekit/v1/services", params=PAGE).status_code == 404
        assert app.get("/reservekit/v1/bookings/1").status_code == 404
        report = app.get("/_proxy/report").json()
    assert report["exchanges"] == 3
    assert report["findings"] == [], report["findings"]
    return proxy.har()


def rules(ran: Any) -> list[str]:
    return [line.split()[1] for line in ran.stdout.splitlines() if line.startswith("FINDING ")]


def test_a_clients_wrong_base_through_the_proxy_is_judged_alike_by_the_proxy_and_check_har(
    sandbox: str, tmp_path: Path, check: Check
) -> None:
    har = proxied_session(sandbox + "/reservekit")
    assert {entry[API_BASE] for entry in har["log"]["entries"]} == {"/reservekit"}
    ran = check(tmp_path, har, "--api", "reservekit-v1")
    assert (ran.returncode, rules(ran)) == (0, []), ran.stdout + ran.stderr
    # A recording that does not say the base (a browser's, Playwright's) shows it: the 2xx.
    for entry in har["log"]["entries"]:
        entry.pop(API_BASE)
    ran = check(tmp_path, har, "--api", "reservekit-v1")
    assert (ran.returncode, rules(ran)) == (0, []), ran.stdout + ran.stderr
    # Where nothing shows it, a path is found by its end, and the 404 judged as that operation's.
    alone = copy.deepcopy(har)
    alone["log"]["entries"] = har["log"]["entries"][1:2]
    ran = check(tmp_path, alone, "--api", "reservekit-v1")
    assert (ran.returncode, rules(ran)) == (1, ["SPEC-STATUS"]), ran.stdout + ran.stderr


def test_a_base_shown_on_one_host_says_nothing_of_another() -> None:
    served = exchange("GET", "/api/v1/services", 200, {"data": {}})
    elsewhere = exchange("GET", "/api/api/v1/services", 404, {"error": "no route"})
    elsewhere = replace(elsewhere, url=elsewhere.url.replace("staging.vendor", "other.vendor"))
    wrong = exchange("GET", "/api/api/v1/services", 404, {"error": "no route"})
    based = with_bases("reservekit-v1", [served, elsewhere, wrong])
    assert [e.base for e in based] == ["/api", None, "/api"]
    verdict = check_recording("reservekit-v1", based)
    statuses = [(f.rule, f.index) for f in verdict.findings if f.rule != "SPEC-RESPONSE"]  # a bare answer
    assert statuses == [("SPEC-STATUS", 2)]


@pytest.mark.parametrize(
    ("base", "said"),
    [
        (7, "_apiBase is a number, where HAR has a string or null"),
        ("/elsewhere", "_apiBase '/elsewhere' is no base path of request.url"),
    ],
)
def test_a_recorded_base_that_is_not_the_urls_is_refused_in_one_line(
    sandbox: str, tmp_path: Path, check: Check, base: Any, said: str
) -> None:
    har = proxied_session(sandbox + "/reservekit")
    har["log"]["entries"][1][API_BASE] = base
    ran = check(tmp_path, json.dumps(har), "--api", "reservekit-v1")
    assert ran.returncode == 5, ran.stdout + ran.stderr
    assert ran.stderr.splitlines() == [
        f"booking-sandbox check-har: {tmp_path / 'traffic.har'}: log.entries[1] is not a HAR entry ({said})"
    ]
