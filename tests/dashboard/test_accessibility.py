"""The dashboard as axe-core (Deque's accessibility engine, from npm) judges it in Chromium against
WCAG 2.1 A and AA: each tab with something in it, at a desk's width and a phone's, a detail open,
a key refused, and the coverage report a CI keeps. A QA engineer on a screen reader, a keyboard
or a phone meets the same page as everyone else."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.chromium import CHROMIUM, NO_CHROMIUM
from tests.dashboard.test_browser import browser, open_dashboard  # noqa: F401 (a fixture)
from tests.npm import installed, needs_node

pytestmark = [
    needs_node,
    pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM),
]

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
TABS = ("Calendar", "Journal", "Faults", "Coverage", "Webhooks", "Reset and state")


@pytest.fixture(scope="module")
def axe() -> Path:
    return installed("axe") / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def page_at(browser: Any) -> Iterator[Any]:  # noqa: F811
    contexts: list[Any] = []

    def opened(width: int) -> Any:
        # The dashboard allows no inline script (its CSP); axe is the test's, not the page's.
        contexts.append(browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True))
        return contexts[-1].new_page()

    yield opened
    for context in contexts:
        context.close()


def violations(page: Any, axe: Path) -> list[str]:
    """Each WCAG rule the page as shown breaks, with (some of) the elements that break it."""
    # Once a document: the tabs are one page, and each injection compiled axe's 650 kB again
    # (the tabs at both widths: 12 injections, now 2; Chromium's CPU for this file 17-20 s -> 13-15 s).
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(axe))
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", WCAG
    )
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']}: "
        + "; ".join(
            f"{json.dumps(node['target'])} {' '.join(node['failureSummary'].split())}"
            for node in rule["nodes"][:3]
        )
        for rule in found
    ]


def something_in_every_tab(sandbox: Any, receiver: Any) -> None:
    """A booking on the calendar, a fault rule, a webhook with a delivery, journal entries."""
    merchant = sandbox.url("merchant") + "/bookings/calendar/events"
    httpx.get(merchant, headers=sandbox.headers("merchant"))  # a 400 (no week named) and the lane
    sandbox.faults.add("error", status=503, path="/v1/nothing-calls-this*")
    sandbox.webhooks.add(receiver.url)
    api = httpx.Client(base_url=sandbox.url("reservekit"), headers=sandbox.headers())
    slot = api.get("/v1/time-slots/1").json()["data"]
    today = sandbox.clock.now().date()
    ahead = (slot["day_of_week"] - 1 - today.weekday()) % 7 + 7
    day = today.fromordinal(today.toordinal() + ahead).isoformat()
    made = api.post("/v1/bookings", json={"date": day, "time_slot_id": 1, "customer_name": "Ada"})
    assert made.status_code == 201, made.text
    api.get("/v1/bookings/424242")  # a 404 in the journal and the coverage


@pytest.mark.parametrize("width", [1280, 320])  # 320: the width WCAG 1.4.10 names
def test_every_tab_with_something_in_it_meets_wcag_a_and_aa_and_reflows(
    page_at: Any, sandbox: Any, webhook_receiver: Any, axe: Path, width: int
) -> None:
    something_in_every_tab(sandbox, webhook_receiver)
    page = page_at(width)
    open_dashboard(page, sandbox)
    found: dict[str, list[str]] = {}
    for tab in TABS:
        page.get_by_role("tab", name=tab).click()
        page.get_by_role("tabpanel", name=tab).wait_for()
        page.wait_for_load_state("networkidle")
        if tab == "Coverage":
            page.get_by_role("heading", name="reservekit-v1").wait_for()
        found[tab] = violations(page, axe)
        # WCAG 1.4.10 (reflow), which axe leaves to people: nothing scrolls sideways.
        if (wide := page.evaluate("document.documentElement.scrollWidth")) > width:
            found[tab].append(f"the tab is {wide} px wide at {width} px")
    assert {tab: said for tab, said in found.items() if said} == {}


def test_the_front_page_a_detail_opened_and_a_key_refused_meet_wcag_a_and_aa(
    page_at: Any, sandbox: Any, webhook_receiver: Any, axe: Path
) -> None:
    something_in_every_tab(sandbox, webhook_receiver)
    page = page_at(1280)
    page.goto(f"{sandbox.server.url}/")  # the server's front page, listing each API
    page.get_by_role("link", name="Dashboard").wait_for()
    found = {"the front page": violations(page, axe)}
    open_dashboard(page, sandbox)
    page.locator("#calendar button.entry:visible").first.click()
    page.locator("#entry").get_by_text("GET ").first.wait_for()
    found["a calendar card's detail"] = violations(page, axe)
    page.get_by_role("tab", name="Journal").click()
    page.get_by_role("button", name="GET /reservekit/v1/bookings/424242").first.click()
    page.get_by_label("As curl").wait_for()
    found["a journal exchange"] = violations(page, axe)
    page.goto(f"{sandbox.server.url}/_sandbox/dashboard/#key=not!a-key")
    page.locator("#status.error").wait_for()
    found["a key refused"] = violations(page, axe)
    assert {state: said for state, said in found.items() if said} == {}


def test_the_coverage_report_a_ci_keeps_meets_wcag_a_and_aa(page_at: Any, tmp_path: Path, axe: Path) -> None:
    from mockserver.coverage.rendering import html  # noqa: PLC0415 (Playwright's tests only)
    from mockserver.coverage.report import build  # noqa: PLC0415

    rows = [
        {"api": "bardge-v3", "kind": "operation", "item": "GET /passes", "status": 200, "count": 2},
        {"api": "bardge-v3", "kind": "rule", "item": "BG-CAPACITY", "status": None, "count": 1},
    ]
    report = tmp_path / "index.html"
    report.write_text(html(build(rows, ["bardge-v3", "merchant"], {"bardge-v3": ["BG-CAPACITY"]})))
    page = page_at(1280)
    page.goto(report.as_uri())
    page.get_by_role("heading", name="bardge-v3").wait_for()
    assert violations(page, axe) == []


def test_a_keyboard_user_moves_along_the_tabs_with_arrows_and_leaves_them_with_one_tab(
    page_at: Any, sandbox: Any
) -> None:
    """A screen reader announces "tab 1 of 6" and its user presses an arrow (WAI-ARIA's tabs
    pattern): the arrows did nothing, and Tab stopped at each of the six before the panel."""
    page = page_at(1280)
    open_dashboard(page, sandbox)
    page.get_by_role("tab", name="Calendar").focus()

    def at() -> str:
        return str(page.evaluate("document.activeElement.textContent"))

    for key, tab in (("ArrowRight", "Journal"), ("End", "Reset and state"), ("ArrowRight", "Calendar")):
        page.keyboard.press(key)
        assert at() == tab, f"{key} went to {at()}, not {tab}"
        assert page.get_by_role("tab", name=tab).get_attribute("aria-selected") == "true"
        page.get_by_role("tabpanel", name=tab).wait_for()
    page.keyboard.press("ArrowLeft")
    assert at() == "Reset and state"
    page.keyboard.press("Home")
    page.get_by_role("tabpanel", name="Calendar").wait_for()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('role')") != "tab", (
        "Tab stopped at the next tab"
    )
    assert "tab=calendar" in page.url


def test_a_proxys_dashboard_meets_wcag_a_and_aa(page_at: Any, sandbox: Any, axe: Path) -> None:
    """The proxy's page has two tabs of six and a note in the overview's place."""
    from mockserver.cli.proxy_journal import JournaledProxy  # noqa: PLC0415
    from tests.contract.live import serving  # noqa: PLC0415

    key = "proxy_accessibility_01"
    with serving(JournaledProxy("reservekit-v1", sandbox.url("reservekit"), key)) as origin:
        assert httpx.get(f"{origin}/v1/time-slots/1", headers=sandbox.headers()).status_code == 200
        page = page_at(1280)
        page.goto(f"{origin}/_sandbox/dashboard/#key={key}")
        page.get_by_role("tabpanel", name="Journal").get_by_text("/reservekit/v1/time-slots/1").wait_for()
        found = {"Journal": violations(page, axe)}
        page.get_by_role("tab", name="Journal").focus()  # the arrow keys along two tabs, as along six
        page.keyboard.press("ArrowRight")
        page.get_by_role("heading", name="Coverage:").wait_for()
        found["Coverage"] = violations(page, axe)
    assert {tab: said for tab, said in found.items() if said} == {}
