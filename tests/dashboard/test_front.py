"""``GET /``: a first visitor learns what the server serves, as HTML in a browser and JSON
elsewhere; and it is no vendor's page, so a vendor-only or root-mounted server has none."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import faker
import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import KNOWN_APIS, Settings
from tests.asgi_client import TestClient
from tests.contract.live import serving


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


def test_options_of_the_root_and_of_the_server_name_what_is_served(http: TestClient, tmp_path: Path) -> None:
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
    # OPTIONS * (RFC 9110 9.3.7) asks of the server as a whole: a test client cannot spell it.
    settings = Settings.load({"db": str(tmp_path / "s.db")}, environ={})
    with serving(create_app(settings)) as origin:
        host, port = origin.removeprefix("http://").split(":")
        answers = [_raw(host, int(port), f"{method} * HTTP/1.1") for method in ("OPTIONS", "GET")]
    assert answers[0].startswith(b"HTTP/1.1 204 "), answers[0]
    assert b"\r\nallow: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS\r\n" in answers[0]
    assert answers[1].startswith(b"HTTP/1.1 400 "), answers[1]


def _raw(host: str, port: int, line: str) -> bytes:
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(f"{line}\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer
