"""``serve --cors-origin``: a web page on another origin calls the sandbox from a browser, for
the origins named and no other; without it the server answers as it always did."""

from __future__ import annotations

from pathlib import Path

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings, SettingsError
from tests.asgi_client import TestClient
from tests.chromium import CHROMIUM, NO_CHROMIUM, launched
from tests.conftest import START
from tests.contract.live import serving
from tests.strangers import Stranger, a_stranger

KEY = "sk_rsv_cross_origin_01"
PAGE = "http://localhost:3000"
AUTH = {"Authorization": f"Bearer {KEY}"}


def preflight(origin: str, method: str = "POST") -> dict[str, str]:
    return {
        "Origin": origin,
        "Access-Control-Request-Method": method,
        "Access-Control-Request-Headers": "authorization,content-type",
    }


def server(tmp_path: Path, *origins: str) -> TestClient:
    settings = {"db": str(tmp_path / f"{len(origins)}.db"), "start_at": START, "cors_origins": origins}
    return TestClient(create_app(Settings.load(settings, environ={})))


def journaled(client: TestClient) -> int:
    count: int = client.get("/_sandbox/journal/count", headers=AUTH).json()["count"]
    return count


def test_a_named_origins_page_may_call_the_api_and_read_its_answer(tmp_path: Path) -> None:
    with server(tmp_path, PAGE) as client:
        before = journaled(client)
        allowed = client.options("/reservekit/v1/bookings", headers=preflight(PAGE))
        assert allowed.status_code == 200, allowed.text
        assert allowed.headers["access-control-allow-origin"] == PAGE
        assert "POST" in allowed.headers["access-control-allow-methods"]
        assert allowed.headers["access-control-allow-headers"] == "authorization,content-type"
        # A preflight is the browser's question, not the page's call: no journal entry.
        assert journaled(client) == before
        read = client.get("/reservekit/v1/services", headers={**AUTH, "Origin": PAGE})
        assert read.status_code == 200
        assert (
            read.headers["access-control-allow-origin"],
            read.headers["access-control-expose-headers"],
        ) == (
            PAGE,
            "*",
        )
        # Refusals are readable too: the page sees the API's own error body.
        refused = client.get("/reservekit/v1/bookings/999999", headers={**AUTH, "Origin": PAGE})
        assert (refused.status_code, refused.headers["access-control-allow-origin"]) == (404, PAGE)
        assert refused.json() == {"data": None, "error": "booking not found"}


def test_another_origin_and_a_server_without_the_setting_answer_as_always(tmp_path: Path) -> None:
    with server(tmp_path, PAGE) as named, server(tmp_path) as plain:
        for client, origin in ((named, "http://localhost:3001"), (plain, PAGE)):
            refused = client.options("/reservekit/v1/bookings", headers=preflight(origin))
            # An undocumented method, in the API's own error shape, as with no CORS at all.
            assert (refused.status_code, refused.json()) == (
                405,
                {"data": None, "error": "method not allowed"},
            )
            assert "access-control-allow-origin" not in refused.headers
            read = client.get("/reservekit/v1/services", headers={**AUTH, "Origin": origin})
            assert read.status_code == 200
            assert not any(name.startswith("access-control-") for name in read.headers)


def test_a_refused_preflight_is_named_once_in_the_log_with_the_setting_that_lets_it(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A browser hides the 405 from the page: its developer reads only "blocked by CORS policy".
    The server's log says which origin asked and what lets it, once an origin."""
    with server(tmp_path, PAGE) as named, caplog.at_level("WARNING", logger="mockserver"):
        for _ in range(3):
            assert (
                named.options(
                    "/reservekit/v1/bookings", headers=preflight("http://localhost:5173")
                ).status_code
                == 405
            )
        named.options("/merchant/bookings/calendar/events", headers=preflight("http://x\x1b[31m.test"))
        assert named.options("/reservekit/v1/bookings").status_code == 405  # no Origin: no browser's
        assert named.options("/reservekit/v1/bookings", headers=preflight(PAGE)).status_code == 200
    said = [record.getMessage() for record in caplog.records]
    assert said == [
        "a page at http://localhost:5173 asked to call POST /reservekit/v1/bookings from a browser, and this "
        "server lets no page of that origin call it: serve --cors-origin http://localhost:5173 "
        "(or BOOKING_SANDBOX_CORS_ORIGINS) lets it",
        "a page at http://x\\x1b[31m.test asked to call POST /merchant/bookings/calendar/events from a "
        "browser, and this server lets no page of that origin call it: serve --cors-origin "
        "http://x\\x1b[31m.test (or BOOKING_SANDBOX_CORS_ORIGINS) lets it",
    ]


def test_any_origin_with_a_star(tmp_path: Path) -> None:
    with server(tmp_path, "*") as client:
        allowed = client.options(
            "/lifecycle/api/v1/services", headers=preflight("https://app.example", "GET")
        )
        assert (allowed.status_code, allowed.headers["access-control-allow-origin"]) == (200, "*")


@pytest.mark.parametrize(
    ("origin", "said"),
    [
        ("http://localhost:3000/", "an origin ends before any path: http://localhost:3000"),
        ("localhost:3000", "an origin is a scheme and a host"),
        ("http://localhost:3000/app", "an origin is a scheme and a host"),
    ],
)
def test_an_origin_no_browser_sends_is_refused_at_start(origin: str, said: str) -> None:
    with pytest.raises(SettingsError, match=f"cors origin '{origin}': {said}"):
        Settings.load({"cors_origins": (origin,)}, environ={})
    named = {"BOOKING_SANDBOX_CORS_ORIGINS": f"{PAGE}, https://app.example"}
    loaded = Settings.load(environ=named)
    assert loaded.cors_origins == (PAGE, "https://app.example")
    assert Settings.load(environ=loaded.to_environment()) == loaded  # a worker started again


class _Widget(Stranger):
    """A booking widget's own page, on its own origin."""

    def answer(self) -> tuple[int, bytes]:
        return 200, b"<!doctype html><title>a booking widget</title>"


SCRIPT = """async ([base, key]) => {
  try {
    const made = await fetch(base + "/reservekit/v1/services", {
      headers: {"Authorization": "Bearer " + key, "X-Request-Id": "page-1"},
    });
    return [made.status, (await made.json()).data.pagination.current_page];
  } catch (error) {
    return [0, String(error)];
  }
}"""


def test_a_page_in_chromium_calls_the_sandbox_only_where_its_origin_is_named(tmp_path: Path) -> None:
    """The browser's own rules, not a reading of the headers: Chromium refuses the call unless
    the preflight and the answer allow the page's origin."""
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    if CHROMIUM is None:
        pytest.skip(NO_CHROMIUM)
    seen = {}
    with a_stranger(_Widget) as (origin, _), launched() as browser:
        for named in ((origin,), ()):
            app = create_app(
                Settings.load({"db": str(tmp_path / f"{len(named)}.db"), "cors_origins": named}, environ={})
            )
            with serving(app) as base:
                page = browser.new_page()
                page.goto(origin + "/")
                seen[named] = page.evaluate(SCRIPT, [base, KEY])
                page.close()
    assert seen[(origin,)] == [200, 1]
    status, said = seen[()]
    assert (status, "Failed to fetch" in said) == (0, True), said
