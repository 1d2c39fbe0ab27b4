"""Swagger UI's "Try it out" in a real browser, as a stranger's first hour meets it: the token
the Authorize dialog names for this server's world, then a create sent with the UI's own
example, answered 201. Playwright for Python drives Debian's Chromium against a real ``serve``
(the pytest plugin's server)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tests.chromium import CHROMIUM, NO_CHROMIUM, launched

pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason=NO_CHROMIUM)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launched() as chromium:
        yield chromium


@pytest.mark.parametrize(
    ("mount", "role", "operation"),
    [
        ("merchant", "customer", "#operations-Customer_bookings-create_booking_by_customer"),
        ("lifecycle", "customer", "#operations-Bookings-create_instant_booking"),
    ],
)
def test_the_uis_create_is_made_with_the_token_its_authorize_dialog_names(
    browser: Any, sandbox: Any, mount: str, role: str, operation: str
) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{sandbox.server.url}/{mount}/ui/")
        page.locator("button.authorize").first.click()
        dialog = page.locator(".modal-ux")
        # The token as the dialog shows it (its Markdown rendered), the sandbox's key in place of <sandbox_key>.
        named = re.search(rf"({role}\.\S+)\.<sandbox_key> acts as its {role}", dialog.inner_text())
        assert named, dialog.inner_text()
        dialog.locator("input").fill(f"{named.group(1)}.{sandbox.key}")
        dialog.get_by_role("button", name="Authorize").click()
        dialog.get_by_role("button", name="Close").click()
        page.locator(f"{operation} .opblock-summary").click()
        page.locator(f"{operation} button.try-out__btn").click()
        page.locator(f"{operation} button.execute").click()
        status = page.locator(f"{operation} .live-responses-table tr.response .response-col_status").first
        status.wait_for()
        assert status.inner_text().strip().startswith("201"), page.locator(
            f"{operation} .responses-wrapper"
        ).inner_text()
    finally:
        page.close()
