"""The control API's clock: read, freeze, advance, set, never backwards, one sandbox only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import API_KEY, OTHER_KEY, ApiClient

KEY = API_KEY


def now_of(clock: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(clock["now"])


def test_a_new_sandbox_runs_on_real_time(control: Any) -> None:
    clock = control(KEY).ok("GET", "/clock")
    assert clock["frozen"] is False
    assert clock["offset_seconds"] == 0
    assert abs(now_of(clock) - datetime.now(UTC)) < timedelta(seconds=5)


def test_freeze_advance_and_resume(control: Any) -> None:
    ctl = control(KEY)
    frozen = ctl.ok("POST", "/clock/freeze")
    assert frozen["frozen"] is True
    assert ctl.ok("GET", "/clock")["now"] == frozen["now"]
    moved = ctl.advance("PT2H30M")
    assert now_of(moved) - now_of(frozen) == timedelta(hours=2, minutes=30)
    assert ctl.ok("POST", "/clock/advance", json={"seconds": 90})["frozen"] is True
    resumed = ctl.ok("POST", "/clock/resume")
    assert resumed["frozen"] is False
    assert now_of(resumed) - now_of(frozen) >= timedelta(hours=2, minutes=31, seconds=30)


def test_set_moves_to_an_instant_and_never_backwards(control: Any) -> None:
    ctl = control(KEY)
    target = datetime.now(UTC) + timedelta(days=40)
    assert abs(now_of(ctl.set_clock(target)) - target) < timedelta(seconds=1)
    refused = ctl.post("/clock/set", json={"at": (target - timedelta(days=1)).isoformat()})
    assert refused.status_code == 409
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "clock_backwards"
    assert now_of(ctl.ok("GET", "/clock")) >= target


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"seconds": -5}, 400),
        ({"duration": "soon"}, 422),
        ({"duration": "2h", "seconds": 5}, 422),
        ({}, 422),
        ({"seconds": "5"}, 400),
        ({"duration": "2h", "extra": 1}, 400),
    ],
)
def test_bad_advances_are_refused_and_change_nothing(control: Any, body: dict[str, Any], status: int) -> None:
    ctl = control(KEY)
    ctl.ok("POST", "/clock/freeze")
    before = ctl.ok("GET", "/clock")
    refused = ctl.post("/clock/advance", json=body)
    assert refused.status_code == status, refused.text
    problem = refused.json()
    assert {"type", "title", "status", "detail", "code"} <= problem.keys()
    assert ctl.ok("GET", "/clock") == before


def test_the_clock_is_one_sandbox_s_only(control: Any) -> None:
    control(KEY).advance("3d")
    assert control(OTHER_KEY).ok("GET", "/clock")["offset_seconds"] == 0


def test_a_token_s_sandbox_key_names_the_sandbox(control: Any) -> None:
    control("customer.any-subject.shared_key_01").advance("1d")
    assert control("shared_key_01").ok("GET", "/clock")["offset_seconds"] == pytest.approx(86400)


def test_the_control_api_needs_a_sandbox_key(http: Any) -> None:
    for headers in ({}, {"Authorization": "Bearer no"}, {"Authorization": "Basic abcdefghij"}):
        refused = http.get("/_sandbox/clock", headers=headers)
        assert refused.status_code == 401
        assert refused.json()["code"] == "unauthenticated"


def test_booking_timestamps_come_from_the_sandbox_clock(api: ApiClient, control: Any) -> None:
    target = datetime.now(UTC) + timedelta(days=3)
    control(KEY).set_clock(target)
    control(KEY).ok("POST", "/clock/freeze")
    created = api.book(weeks_ahead=5).json()["data"]
    assert abs(datetime.fromisoformat(created["created_at"].replace("Z", "+00:00")) - target) < timedelta(
        seconds=2
    )
