"""``GET /``: a first visitor learns what the server serves, as HTML in a browser and JSON
elsewhere; and it is no vendor's page, so a vendor-only or root-mounted server has none."""

from __future__ import annotations

import re
from pathlib import Path

import faker
import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import KNOWN_APIS, Settings
from tests.asgi_client import TestClient


def test_a_client_gets_every_api_its_docs_the_control_apis_the_dashboard_and_health_as_json(
    http: TestClient,
) -> None:
    index = http.get("/").json()
    assert [api["name"] for api in index["apis"]] == list(KNOWN_APIS)
    links = [
        *(api["docs"] for api in index["apis"]),
        index["control"]["docs"],
        index["dashboard"],
        index["health"],
    ]
    for link in links:
        assert http.get(link).status_code == 200, link


def test_health_names_the_faker_release_that_fills_the_worlds_names(http: TestClient) -> None:
    """One seed gives one world byte for byte with one Faker release (40.x had 63 of them, a
    locale's data changing among them): a laptop's and a CI's worlds are compared by this."""
    health = http.get("/_sandbox/health").json()
    assert (health["seed"], health["faker"]) == (42, faker.VERSION)


def test_a_browser_gets_a_page_whose_links_all_answer(http: TestClient) -> None:
    page = http.get("/", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert page.headers["content-type"].startswith("text/html")
    assert "script" not in page.text  # the dashboard's CSP: nothing runs here
    # A data: URI (the page's empty icon) asks the server for nothing.
    links = [link for link in re.findall(r'href="([^"]+)"', page.text) if not link.startswith("data:")]
    # Each API's docs, the control API's, the dashboard, health, the stylesheet.
    assert len(links) >= len(KNOWN_APIS) + 4
    assert "/_sandbox/ui/" in links
    for link in links:
        assert http.get(link).status_code == 200, link
    assert http.head("/").status_code == 200


@pytest.mark.parametrize("overrides", [{"vendor_only": True}, {"root": True, "apis": ("merchant",)}])
def test_a_vendors_server_or_an_api_at_the_root_keeps_it(
    tmp_path: Path, overrides: dict[str, object]
) -> None:
    app = create_app(Settings.load({"db": str(tmp_path / "s.db"), **overrides}, environ={}))
    with TestClient(app) as client:
        answer = client.get("/")
    assert answer.status_code == 404
    assert "booking-sandbox" not in answer.text


def test_options_of_the_root_names_what_it_takes(http: TestClient) -> None:
    """HAProxy's default health check sends ``OPTIONS /``: it was a 404, and every replica
    behind it was down. A method ``/`` does not take was a 404 for a page that is there."""
    asked = http.options("/")
    assert (asked.status_code, asked.headers["allow"], asked.content) == (204, "GET, HEAD, OPTIONS", b"")
    for method in asked.headers["allow"].split(", "):
        assert http.request(method, "/").status_code in (200, 204), method
    posted = http.post("/", json={})
    assert (posted.status_code, posted.headers["allow"]) == (405, "GET, HEAD, OPTIONS")
    assert posted.headers["content-type"] == "application/problem+json"
    assert posted.json()["code"] == "method_not_allowed"
