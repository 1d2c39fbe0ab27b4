"""The dashboard in a real browser: Playwright for Python driving Debian's Chromium against a
real ``serve`` (the pytest plugin's server). Set BOOKING_SANDBOX_SCREENSHOTS to a folder (docs/)
to keep the screenshots the README shows."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.cli.proxy_journal import JournaledProxy
from tests.chromium import CHROMIUM, NO_CHROMIUM, launched
from tests.contract.live import serving

pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

HOSTILE = '<script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">'

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as chromium:
        yield chromium


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    # A resource the page asked for and did not get (the browser's own favicon.ico among them:
    # a 404 in every visitor's console) is a console error.
    opened.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    yield opened
    context.close()
    assert errors == [], errors


def shoot(page: Any, name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    assert path.stat().st_size > 1000
    keep = os.environ.get("BOOKING_SANDBOX_SCREENSHOTS")
    if keep:
        shutil.copy(path, Path(keep) / f"dashboard-{name}.png")


def open_dashboard(page: Any, sandbox: Any) -> None:
    page.goto(f"{sandbox.server.url}/_sandbox/dashboard/#key={sandbox.key}")
    page.get_by_role("heading", name="Week of").wait_for()


def week_of(page: Any, day: str) -> None:
    """Steps the calendar to the week holding ``day`` with the week buttons, as a person would."""
    for _ in range(10):
        heading = page.get_by_role("heading", name="Week of").inner_text()
        shown = date(*map(int, page.locator("[data-week]").nth(1).get_attribute("data-week").split("-")))
        monday = date.fromisoformat(day) - timedelta(days=date.fromisoformat(day).weekday())
        this = shown - timedelta(days=shown.weekday())
        if monday.strftime("%d %B %Y") in heading:
            return
        page.get_by_role("button", name="Next week" if monday > this else "Previous week").click()
        page.wait_for_function(
            "h => { const t = document.querySelector('#calendar h2'); return t && !t.textContent.includes(h); }",
            arg=heading[8:],
        )
    raise AssertionError(f"never reached the week of {day}")


def test_a_booking_made_through_the_api_is_on_the_calendar_and_its_message_is_only_text(
    page: Any, sandbox: Any, tmp_path: Path
) -> None:
    api = httpx.Client(base_url=sandbox.url("reservekit"), headers=sandbox.headers())
    slot = api.get("/v1/time-slots/1").json()["data"]
    today = sandbox.clock.now().date()
    day = today + timedelta(days=(slot["day_of_week"] - 1 - today.weekday()) % 7 + 7)
    created = api.post(
        "/v1/bookings",
        json={"date": day.isoformat(), "time_slot_id": 1, "customer_name": "Ada", "message": HOSTILE},
    )
    assert created.status_code == 201, created.text
    booking = created.json()["data"]

    open_dashboard(page, sandbox)
    week_of(page, booking["date"])
    entry = page.locator(f'[data-ref="slot-1-{booking["date"]}"]')
    entry.wait_for()
    assert HOSTILE in entry.inner_text()
    assert "0 of 1 left" in entry.inner_text()
    assert page.evaluate("window.__pwned") is None
    shoot(page, "calendar", tmp_path)

    entry.click()
    page.get_by_text(f"GET /reservekit/v1/bookings/{booking['id']}").wait_for()
    assert page.evaluate("window.__pwned") is None
    shoot(page, "entry", tmp_path)


def test_advancing_the_clock_in_the_dashboard_completes_a_bardge_visit(
    page: Any, sandbox: Any, tmp_path: Path
) -> None:
    world = sandbox.world
    member = world["programme"]["clients"][0]
    email = next(c["email"] for c in world["customers"] if c["id"] == member["customer_id"])
    bardge = httpx.Client(base_url=sandbox.url("bardge"), headers=sandbox.headers("reseller", "fitperks"))
    lookup = bardge.post("/lookup", json={"issuer_id": 1, "identifier": email}).json()
    token = bardge.post(f"/lookup/{lookup['id']}/verify", json={"code": "424242"}).json()["client_token"]
    yoga = bardge.get("/classes").json()["data"][0]
    instance = next(
        i
        for i in bardge.get(f"/classes/{yoga['id']}", params={"days": 7}).json()["instances"]
        if i["spots_left"]
    )
    body = {
        "provider_id": instance["provider_id"],
        "class_instance_id": instance["id"],
        "client_token": token,
    }
    started = bardge.post("/bookings/class", json=body).json()
    assert bardge.post(f"/bookings/class/{started['booking_id']}/confirm").json()["status"] == "confirmed"

    open_dashboard(page, sandbox)
    week_of(page, instance["starts_at"][:10])
    lane = page.get_by_role("region", name="bardge-v3 calendar")
    lane.get_by_text("(confirmed)").first.wait_for()
    assert "(pending)" not in lane.inner_text(), "a status Bardge has not"
    lane.locator("button.entry", has_text="(confirmed)").first.click()
    detail = page.locator("#entry")
    detail.get_by_text(f"GET /bardge/v3/bookings/{started['booking_id']}").wait_for()
    assert f"GET /bardge/v3/classes/{yoga['id']}" in detail.inner_text()

    before = page.get_by_role("heading", name="Week of").inner_text()
    page.get_by_label("Advance by").fill("8d")
    page.get_by_label("Advance by").press("Enter")
    # The calendar follows the clock to its new week; the visit's week is one step back.
    page.wait_for_function("h => document.querySelector('#calendar h2').textContent !== h", arg=before)
    assert page.get_by_role("status").inner_text() == "POST /clock/advance: 200"
    week_of(page, instance["starts_at"][:10])
    lane.get_by_text("(completed)").first.wait_for()
    shoot(page, "clock", tmp_path)


def test_a_fault_added_in_the_dashboard_fires_and_shows_in_the_live_journal(
    page: Any, sandbox: Any, tmp_path: Path
) -> None:
    open_dashboard(page, sandbox)
    page.get_by_role("tab", name="Faults").click()
    form = page.locator("form[data-control='POST /faults']")
    form.locator("select[name=kind]").select_option("error")
    form.locator("select[name=api]").select_option("reservekit-v1")
    form.get_by_label("Status (error)").fill("503")
    form.get_by_label("When (error, drop)").select_option("after")
    form.get_by_role("button", name="Add fault").click()
    # Fault ids are the server's, shared by every sandbox on it: this one's is whatever came next.
    page.get_by_role("button", name=re.compile(r"^Remove fault \d+$")).wait_for()
    assert "status 503, when after" in page.locator("table.faults").inner_text()

    page.get_by_role("tab", name="Journal").click()
    page.get_by_text("Nothing yet").wait_for()
    answer = httpx.get(sandbox.url("reservekit") + "/v1/services", headers=sandbox.headers())
    assert answer.status_code == 503
    page.get_by_text(re.compile(r"fault \d+: error")).wait_for()  # polled in, no reload
    shoot(page, "journal", tmp_path)

    page.get_by_role("button", name="GET /reservekit/v1/services").click()
    page.get_by_text(re.compile(r"rule \d+ \(error\)")).wait_for()
    curl = page.get_by_label("As curl").input_value()
    assert curl.startswith("curl -X GET ")
    assert "$SANDBOX_TOKEN" in curl
    assert sandbox.key not in curl


def test_a_phone_sized_keyboard_user_can_open_a_sandbox_and_its_journal(
    browser: Any, sandbox: Any, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(f"{sandbox.server.url}/_sandbox/dashboard/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "key-input"
    page.keyboard.type(sandbox.key)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Week of").wait_for()
    assert f"key={sandbox.key}" in page.url.split("#", 1)[1]  # the key is in the fragment only
    page.get_by_role("tab", name="Journal").focus()
    page.keyboard.press("Enter")
    page.get_by_role("tabpanel", name="Journal").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(page, "phone", tmp_path)
    context.close()


def test_a_cards_detail_opens_next_to_it_and_a_bare_key_opens_the_sandbox(page: Any, sandbox: Any) -> None:
    for api in ("reservekit", "merchant", "bardge"):  # three lanes: the first card's is far from the end
        httpx.get(
            sandbox.url(api) + ("/bookings/calendar/events" if api == "merchant" else "/v1/services"),
            headers=sandbox.headers(
                {"reservekit": "reservekit", "merchant": "merchant"}.get(api, "reseller")
            ),
        )
    page.goto(f"{sandbox.server.url}/_sandbox/dashboard/#{sandbox.key}")  # the bare key, as pasted
    page.get_by_role("heading", name="Week of").wait_for()
    card = page.locator("#calendar .lane").first.locator("button.entry:visible").first
    card.click()
    detail = page.locator("#entry")
    detail.get_by_text("GET ").first.wait_for()
    below = detail.bounding_box()["y"] - (card.bounding_box()["y"] + card.bounding_box()["height"])
    lane = card.locator("xpath=ancestor::section[contains(@class, 'lane')]")
    assert 0 <= below <= lane.bounding_box()["height"], f"the detail opened {below:.0f} px below its card"
    assert page.evaluate("document.activeElement.id") == "entry"


def test_the_coverage_report_opens_offline_without_a_page_error(page: Any, tmp_path: Path) -> None:
    from mockserver.coverage.rendering import html  # noqa: PLC0415 (Playwright's tests only)
    from mockserver.coverage.report import build  # noqa: PLC0415

    rows = [{"api": "bardge-v3", "kind": "operation", "item": "GET /passes", "status": 200, "count": 2}]
    report = tmp_path / "index.html"
    report.write_text(html(build(rows, ["bardge-v3", "merchant"], {"bardge-v3": ["BG-CAPACITY"]})))
    page.route(
        "**/*",
        lambda route: route.abort() if not route.request.url.startswith("file:") else route.continue_(),
    )
    page.goto(report.as_uri())
    page.get_by_role("heading", name="bardge-v3").wait_for()
    assert "GET /passes" in page.locator("table").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_the_coverage_tab_shows_what_a_keys_requests_exercised(
    page: Any, sandbox: Any, tmp_path: Path
) -> None:
    api = httpx.Client(base_url=sandbox.url("reservekit"), headers=sandbox.headers())
    api.get("/v1/services")
    api.get("/v1/time-slots/1")
    api.get("/v1/bookings/424242")
    open_dashboard(page, sandbox)
    page.get_by_role("tab", name="Coverage").click()
    panel = page.get_by_role("tabpanel", name="Coverage")
    panel.get_by_role("heading", name="reservekit-v1").wait_for()
    row = panel.locator("tr").filter(has=page.get_by_text("GET /v1/bookings/{bookingID}", exact=True))
    assert "404\u00d71" in row.inner_text()
    assert "RK-NOT-FOUND \u00d71" in panel.inner_text()
    shoot(page, "coverage", tmp_path)


def test_it_opens_on_the_next_booking_says_it_is_loading_and_today_is_one_click(
    page: Any, sandbox: Any
) -> None:
    """The README books two weeks ahead: the calendar opens on that week, lanes in the README's
    order, a past day offers nothing, and while a week is fetched the panel says so."""
    today = sandbox.clock.now().date()
    merchant = sandbox.url("merchant") + "/bookings/calendar/events"
    week = {"start": f"{today}T00:00:00Z", "end": f"{today + timedelta(days=7)}T00:00:00Z"}
    met = httpx.get(merchant, params=week, headers=sandbox.headers("merchant"))  # the merchant lane, first
    assert met.status_code == 200, met.text
    api = httpx.Client(base_url=sandbox.url("reservekit"), headers=sandbox.headers())
    slot = api.get("/v1/time-slots/1").json()["data"]
    day = today + timedelta(days=(slot["day_of_week"] - 1 - today.weekday()) % 7 + 14)
    created = api.post(
        "/v1/bookings", json={"date": day.isoformat(), "time_slot_id": 1, "customer_name": "Ada"}
    )
    assert created.status_code == 201, created.text
    # Each fragment waits a moment, as a large sandbox's would: long enough to see the note.
    page.route("**/partials/calendar*", lambda route: (page.wait_for_timeout(400), route.continue_()))
    page.goto(f"{sandbox.server.url}/_sandbox/dashboard/#key={sandbox.key}")
    page.get_by_role("status").filter(has_text="Loading the week").wait_for()
    heading = page.get_by_role("heading", name="Week of")
    heading.wait_for()
    # Seeded bookings may lie sooner than ours: the week shown is one with a booking still ahead.
    starts = page.locator('#calendar [data-booked="yes"]').evaluate_all(
        "cards => cards.map(c => c.dataset.starts)"
    )
    now = sandbox.clock.now().isoformat()
    assert any(start > now for start in starts), (heading.inner_text(), starts)
    lanes = page.locator("#calendar section.lane h3").all_inner_texts()
    assert lanes[:2] == ["reservekit-v1", "merchant"]
    this_monday = today - timedelta(days=today.weekday())
    page.get_by_role("button", name="Next week").click()  # away, then back with one click
    page.get_by_role("status").filter(has_text="Loading the week").wait_for()
    page.get_by_role("heading", name="Week of").wait_for()
    page.get_by_role("button", name="Today").click()
    page.get_by_role("heading", name=f"Week of {this_monday.strftime('%A %d %B %Y')}").wait_for()
    days = page.locator("#calendar section.lane").first.locator(".day")
    offered = {}
    for offset in range(7):
        shown = this_monday + timedelta(days=offset)
        day = days.filter(has=page.get_by_role("heading", name=shown.strftime("%a %d %b"), exact=True))
        offered[shown] = day.locator("details.open-slots").count() > 0
    assert not any(offers for shown, offers in offered.items() if shown < today), offered  # gone by
    assert any(offers for shown, offers in offered.items() if shown > today), offered


def test_a_proxys_dashboard_shows_its_journal_and_no_sandbox_of_its_own(page: Any, sandbox: Any) -> None:
    """The proxy's own server keeps its journal in a sandbox no call through the proxy reaches:
    a calendar of that sandbox's seeded world read as the upstream's bookings, and its clock as
    the upstream's. The page the proxy names shows the journal and coverage alone, and says
    whose traffic it is, even when the link asks for the calendar."""
    key = "proxy_dashboard_test_01"
    upstream = sandbox.url("reservekit")
    with serving(JournaledProxy("reservekit-v1", upstream, key)) as origin:
        through = httpx.get(f"{origin}/v1/time-slots/1", headers=sandbox.headers())
        assert through.status_code == 200, through.text
        refused: list[str] = []
        page.on("response", lambda r: refused.append(r.url) if r.status >= 400 else None)
        page.goto(f"{origin}/_sandbox/dashboard/#key={key}&tab=calendar")
        page.get_by_role("tabpanel", name="Journal").get_by_text("/reservekit/v1/time-slots/1").wait_for()
        assert page.get_by_role("tab").all_inner_texts() == ["Journal", "Coverage"]
        assert f"passed to {upstream}" in page.locator("#overview").inner_text()
        assert page.locator("#calendar, #faults, #webhooks, #data, #clock-now").count() == 0
        page.get_by_role("tab", name="Coverage").click()
        page.get_by_role("heading", name="Coverage:").wait_for()
        assert refused == []


def test_copying_without_a_clipboard_says_what_to_do_instead(page: Any, sandbox: Any) -> None:
    """A browser gives no page the clipboard outside a secure context: a team's server at
    http://sandbox.internal:8000/. The link's copy threw there (a page error, and nothing said)."""
    page.add_init_script("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    open_dashboard(page, sandbox)
    page.get_by_role("button", name="Copy shareable link").click()
    status = page.get_by_role("status")
    status.filter(has_text="copy the address bar's link").wait_for()
    assert "share it only with people who may use this sandbox" in status.inner_text()

    httpx.get(sandbox.url("reservekit") + "/v1/services", headers=sandbox.headers())
    page.get_by_role("tab", name="Journal").click()
    page.get_by_role("button", name="GET /reservekit/v1/services").click()
    page.get_by_role("button", name="Copy as curl").click()
    status.filter(has_text="Selected: press Ctrl+C to copy.").wait_for()


def test_a_long_request_path_leaves_every_journal_header_whole(page: Any, sandbox: Any) -> None:
    """A fuzzer's journal (Schemathesis' long query strings) squeezed the short columns until
    "Status" and "ms" broke a letter a line: every one-word header keeps to one line."""
    long_query = "&".join(f"x{n}={'y' * 12}" for n in range(40))
    httpx.get(sandbox.url("reservekit") + f"/v1/services?{long_query}", headers=sandbox.headers())
    assert (
        httpx.get(sandbox.url("reservekit") + "/v1/bookings/424242", headers=sandbox.headers()).status_code
        == 404
    )
    open_dashboard(page, sandbox)
    page.get_by_role("tab", name="Journal").click()
    page.locator("table.journal").wait_for()
    heights = page.evaluate(
        """() => [...document.querySelectorAll('table.journal th')].map(th => {
            const range = document.createRange(); range.selectNodeContents(th);
            return [th.textContent, range.getClientRects().length];
        })"""
    )
    one_word = {text: lines for text, lines in heights if " " not in text}
    assert one_word == {"API": 1, "Request": 1, "Status": 1, "ms": 1}, heights
    # And the cells beside it: a status, a rule's code, an API's name, each whole.
    broken = page.evaluate(
        """() => [...document.querySelectorAll('table.journal td:nth-child(4), table.journal .tag')]
            .map(cell => { const range = document.createRange(); range.selectNodeContents(cell);
                           return [cell.textContent.trim(), range.getClientRects().length]; })
            .filter(([text, lines]) => lines > 1)"""
    )
    assert broken == [], broken
