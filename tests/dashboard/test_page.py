"""The dashboard's page and its guard rails: no key in any URL, a strict policy, refusals in the
control API's problem details, and one key never sees another's sandbox."""

from __future__ import annotations

from typing import NoReturn

import pytest
import sqlalchemy as sa

from mockserver.dashboard.views import Views
from tests.asgi_client import TestClient
from tests.conftest import API_KEY, OTHER_KEY, ApiClient
from tests.dashboard.conftest import DASHBOARD, Dashboard


def test_the_page_needs_no_key_and_forbids_inline_scripts(http: TestClient) -> None:
    page = http.get(f"{DASHBOARD}/")
    assert page.status_code == 200
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "<script>" not in page.text  # the one script is a file: <script src=… defer>
    assert page.headers["x-content-type-options"] == "nosniff"
    assert http.get(DASHBOARD, follow_redirects=False).headers["location"] == f"{DASHBOARD}/"
    script = http.get(f"{DASHBOARD}/static/dashboard.js")
    assert script.status_code == 200
    assert "innerHTML" in script.text
    # The key travels in the fragment and in a header, never in a query string.
    assert "?key=" not in script.text
    assert "Authorization" in script.text


def test_every_label_names_a_control(http: TestClient, dashboard: Dashboard) -> None:
    for html in (http.get(f"{DASHBOARD}/").text, dashboard.html("overview"), dashboard.html("faults")):
        assert html.count("<label") >= 2
        for tag in ("<input", "<select"):
            # Every control is inside a label or named by one (for=…), so screen readers say what it is.
            for chunk in html.split(tag)[1:]:
                before = html.split(tag + chunk)[0]
                labelled = before.rfind("<label") > before.rfind("</label>") or 'id="' in chunk.split(">")[0]
                assert labelled, chunk[:80]


def test_fragments_need_the_sandbox_key(http: TestClient) -> None:
    for headers, said in (
        ({}, "enter a sandbox key"),
        ({"Authorization": "Bearer !"}, "that is no sandbox key"),
        ({"Authorization": "Basic abcdefgh"}, "that is no sandbox key"),
    ):
        refused = http.get(f"{DASHBOARD}/partials/overview", headers=headers)
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["code"] == "unauthenticated"
        # What the person who typed it should type instead.
        assert (
            refused.json()["detail"]
            == f"{said}: 8 to 130 letters, digits, '-' or '_', or a token of the sandbox ending in one"
        )


def test_bad_requests_are_the_control_apis_4xx(dashboard: Dashboard, http: TestClient) -> None:
    cases = [
        ("calendar", {"week": "next tuesday"}, 422),
        ("journal", {"status": "abc"}, 422),
        ("journal", {"limit": "100000"}, 422),
        ("journal", {"since": "yesterday"}, 422),
        ("journal", {"colour": "red"}, 422),
        ("exchange", {"id": "abc"}, 404),
        ("exchange", {"id": "99999999999999999999999"}, 404),
        ("exchange", {"id": "²"}, 404),  # a digit to str.isdigit(), and no number to int()
        ("entry", {}, 422),
        ("entry", {"api": "reservekit-v1", "ref": "nonsense"}, 422),
        ("entry", {"api": "reservekit-v1", "ref": "slot-1-2027-02-30"}, 422),
        ("entry", {"api": "merchant", "ref": "reservation-1"}, 404),  # not used by this sandbox
        ("nowhere", {}, 404),
    ]
    for name, params, status in cases:
        answer = dashboard.fragment(name, **params)
        assert answer.status_code == status, (name, params, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    posted = http.post(f"{DASHBOARD}/partials/overview", headers={"Authorization": f"Bearer {API_KEY}"})
    assert posted.status_code == 405


def test_one_key_never_sees_another_keys_sandbox(api: ApiClient, http: TestClient, control) -> None:  # type: ignore[no-untyped-def]
    created = api.book(message="only for the first key").json()["data"]
    control(API_KEY).ok("POST", "/faults", json={"kind": "latency", "distribution": "fixed", "ms": 1})
    entry = control(API_KEY).ok("GET", "/journal")["entries"][0]
    mine, theirs = Dashboard(http, API_KEY), Dashboard(http, OTHER_KEY)
    assert "only for the first key" in mine.html("calendar", week=created["date"])
    assert "only for the first key" not in theirs.html("calendar", week=created["date"])
    assert "/reservekit/v1/bookings" in mine.html("journal")
    assert "/reservekit/v1/bookings" not in theirs.html("journal")
    assert "latency" in mine.html("faults")
    assert "No fault rules" in theirs.html("faults")
    assert theirs.fragment("exchange", id=entry["id"]).status_code == 404


def test_the_journal_tab_filters_by_a_class_of_statuses_and_a_path_below_its_mount(
    api: ApiClient, dashboard: Dashboard
) -> None:
    api.get("/services")
    api.get("/bookings/999999")
    refused = dashboard.html("journal", status="4xx", path="/v1/bookings/*")
    assert "/reservekit/v1/bookings/999999" in refused
    assert "/reservekit/v1/services" not in refused
    assert "/reservekit/v1/bookings/999999" not in dashboard.html("journal", status="2xx")


@pytest.mark.parametrize("field", ["api", "kind", "method"])
def test_a_journal_filter_no_entry_can_match_is_refused_not_an_empty_page(
    field: str, dashboard: Dashboard
) -> None:
    refused = dashboard.fragment("journal", **{field: "nope"})
    assert refused.status_code == 422, refused.text
    assert refused.json()["detail"].startswith(f"{field} 'nope' is not one of ")
    assert dashboard.fragment("journal", api="merchant", kind="request", method="GET").status_code == 200


def test_looking_adds_nothing_to_the_journal(api: ApiClient, dashboard: Dashboard, control) -> None:  # type: ignore[no-untyped-def]
    booking = api.book().json()["data"]
    before = control(API_KEY).ok("GET", "/journal/count")["count"]
    dashboard.html("calendar", week=booking["date"])
    dashboard.html("entry", api="reservekit-v1", ref=f"slot-{booking['time_slot_id']}-{booking['date']}")
    dashboard.html("journal")
    assert control(API_KEY).ok("GET", "/journal/count")["count"] == before


def test_webhooks_show_each_delivery_and_data_offers_every_scenario(
    dashboard: Dashboard, api: ApiClient, control
) -> None:  # type: ignore[no-untyped-def]
    # Port 9 on loopback: nothing listens, so each attempt fails and is journaled.
    hook = control(API_KEY).ok(
        "POST", "/webhooks", json={"url": "http://127.0.0.1:9/hooks", "events": ["bookings.create"]}
    )
    assert api.book().status_code == 201
    deliveries = control(API_KEY).ok("GET", f"/webhooks/{hook['id']}/deliveries")["deliveries"]
    page = dashboard.html("webhooks")
    assert "http://127.0.0.1:9/hooks" in page
    assert hook["secret"] in page
    assert deliveries[0]["event_id"] in page
    assert 'value="bookings.update"' in page  # every event the API sends can be chosen
    scenarios = control(API_KEY).ok("GET", "/scenarios")["scenarios"]
    data = dashboard.html("data")
    assert all(f'value="{s["name"]}"' in data for s in scenarios)
    assert 'id="export-state"' in data


def test_the_coverage_tab_shows_what_the_keys_traffic_exercised(api: ApiClient, dashboard: Dashboard) -> None:
    api.get("/services")
    api.get("/bookings/424242")
    shown = dashboard.html("coverage")
    assert "<h3>reservekit-v1</h3>" in shown
    row = shown[shown.index("<code>GET /v1/services</code>") :].split("</tr>")[0]
    assert "200&times;1" in row
    missing = shown[shown.index("<code>GET /v1/bookings/{bookingID}</code>") :].split("</tr>")[0]
    assert "404&times;1" in missing
    assert "RK-NOT-FOUND &times;1" in shown
    assert 'data-call="DELETE /coverage"' in shown
    assert "<h3>merchant</h3>" not in shown  # an API this key never used


def test_the_overview_says_who_holds_the_sandbox(http: TestClient, dashboard: Dashboard) -> None:
    """A contract kit's run holds the sandbox it was given (``/_sandbox/lease``): whoever watches
    the sandbox sees which run, and until when; the holder's name is only text."""
    holder = "contract kit run <b>7</b> on ci-runner"
    lease = {"Authorization": f"Bearer {API_KEY}"}
    assert "Held by" not in dashboard.html("overview")
    taken = http.put("/_sandbox/lease", json={"holder": holder, "seconds": 60}, headers=lease).json()
    shown = dashboard.html("overview")
    assert "Held by" in shown
    assert "contract kit run &lt;b&gt;7&lt;/b&gt; on ci-runner, until" in shown
    assert f'<time datetime="{taken["until"]}">{taken["until"][11:19]}</time> UTC' in shown
    http.delete("/_sandbox/lease", params={"holder": holder}, headers=lease)
    assert "Held by" not in dashboard.html("overview")


def test_a_fragment_while_the_database_is_away_is_the_503_to_retry(
    dashboard: Dashboard, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A database restart under the dashboard was a 500 and a traceback for each fragment
    asked, where every API answers the 503 with Retry-After."""

    def away(*args: object) -> NoReturn:
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("gone"), connection_invalidated=True)

    monkeypatch.setattr(Views, "overview", away)
    answer = dashboard.fragment("overview")
    assert (answer.status_code, answer.headers["retry-after"]) == (503, "1"), answer.text
    assert answer.json()["code"] == "unavailable"
