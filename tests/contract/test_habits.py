"""Readings the documents allow that this sandbox does not take: the kit must accept each.

Each test serves the real sandbox behind a middleware that answers as another correct
implementation may, and runs the scenarios such a reading reaches; before the kit learned
to accept the reading, each gave a false FAILED.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from mockserver.http.connection.guard import replaying
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START
from tests.contract.live import Kit, serving
from tests.contract.mutants import answer, whole_body


class CatalogueOfItsOwn:
    """ReserveKit where every account has services of its own: the second account's list of the
    first's service answers the documented 404 ("does not exist in this account")."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        headers = dict(scope.get("headers", [])) if scope["type"] == "http" else {}
        other = headers.get(b"authorization", b"").endswith(b"_other")
        if other and scope["method"] == "GET" and scope["path"] == "/reservekit/v1/bookings":
            await answer(send, 404, {"data": None, "error": "service not found"})
            return
        await self.app(scope, receive, send)


@pytest.mark.slow
def test_another_accounts_service_may_not_exist_there(tmp_path: Path, kit: Kit) -> None:
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={}))
    with serving(CatalogueOfItsOwn(app)) as origin:
        result = kit.run(origin, "reservekit-v1", tmp_path, "--checks", "rules", "--", "-k", "isolation")
    assert result.exit_code == 0, result.output[-3000:]
    assert [name for name in result.passed if "RK-ISOLATION" in name], result.output[-3000:]


class ShortWindow:
    """ReserveKit with a 28-day booking window (the spec says only that a date must be "inside
    the service's booking window"): a create or a move to a later date is refused with a 400 of
    the implementation's own words."""

    DAYS = 28

    def __init__(self, app: Any, today: date) -> None:
        self.app = app
        self.last_day = today + timedelta(days=self.DAYS)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        writes = scope["type"] == "http" and scope["method"] in ("POST", "PATCH")
        if not writes or not scope["path"].startswith("/reservekit/v1/bookings"):
            await self.app(scope, receive, send)
            return
        body = await whole_body(receive)
        try:
            day = date.fromisoformat(json.loads(body)["date"])
        except (ValueError, KeyError, TypeError):
            day = None
        if day is not None and day > self.last_day:
            await answer(send, 400, {"data": None, "error": "date is outside the booking window"})
            return
        await self.app(scope, replaying(body, receive), send)


@pytest.mark.slow
def test_a_booking_window_shorter_than_the_sandboxs(tmp_path: Path, kit: Kit) -> None:
    app = create_app(
        Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START, "frozen": True}, environ={})
    )
    with serving(ShortWindow(app, START.date())) as origin:
        result = kit.run(origin, "reservekit-v1", tmp_path, "--checks", "rules")
    assert result.exit_code == 0, result.output[-3000:]
    assert not result.failed


@pytest.mark.slow
def test_a_merchant_whose_first_listed_location_offers_nothing_the_rules_book(
    tmp_path: Path, kit: Kit
) -> None:
    """A vendor's file lists its locations in an order of its own: the scenarios book at the
    first that offers an appointment and a group service. (They booked only at the first
    listed, and every rule of the suite went unchecked for it.)"""
    key = "habits_two_locations"
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={}))
    with serving(app) as origin:
        handed = httpx.get(
            f"{origin}/_sandbox/target-data", headers={"Authorization": f"Bearer {key}"}
        ).json()
        merchant = handed["merchant"]
        elsewhere = {"id": 99, "timezone": "Europe/Lisbon"}  # a location with no service the rules book
        merchant["locations"] = [elsewhere, *merchant["locations"]]
        data = tmp_path / "vendor.json"
        data.write_text(json.dumps({"target_data": 1, "merchant": merchant}), encoding="utf-8")
        result = kit.run(
            origin,
            "merchant",
            tmp_path,
            "--target-data",
            str(data),
            "--checks",
            "rules",
            "--",
            "-k",
            "cancel",
        )
    assert not [reason for reason in result.skipped.values() if "location" in reason], result.skipped
    assert result.passed, result.output[-3000:]
    assert not result.failed, result.output[-3000:]
