"""The control API's clock: read, freeze, advance, set, never backwards, one sandbox only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import API_KEY, OTHER_KEY, START, ApiClient, Control

KEY = API_KEY


def now_of(clock: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(clock["now"])


def test_a_new_sandbox_starts_at_the_server_s_start_instant(control: Any) -> None:
    clock = control(KEY).ok("GET", "/clock")
    assert clock["frozen"] is True
    assert now_of(clock) == START


def _clock_of_a_server(settings: Settings, **changes: Any) -> dict[str, Any]:
    app = create_app(Settings.load({"db": settings.db, **changes}, environ={}))
    with TestClient(app) as client:
        return Control(client, KEY).ok("GET", "/clock")  # type: ignore[no-any-return]


def test_without_a_start_instant_a_sandbox_runs_on_real_time(settings: Settings) -> None:
    clock = _clock_of_a_server(settings)
    assert clock["frozen"] is False
    assert clock["offset_seconds"] == 0
    # The one comparison with the wall clock: it is what this setting promises.
    assert abs(now_of(clock) - datetime.now(UTC)) < timedelta(seconds=5)


def test_a_running_start_instant_starts_there_and_runs(settings: Settings) -> None:
    at = datetime(2030, 6, 1, 12, 0, tzinfo=UTC)
    clock = _clock_of_a_server(settings, start_at=at)
    assert clock["frozen"] is False
    assert timedelta(0) <= now_of(clock) - at < timedelta(seconds=5)


def test_reset_can_start_the_clock_elsewhere_and_otherwise_goes_back_to_the_start(control: Any) -> None:
    ctl = control(KEY)
    ctl.advance("3d")
    at = datetime(2031, 2, 3, 4, 5, 6, tzinfo=UTC)
    state = ctl.ok("POST", "/reset", json={"start_at": at.isoformat(), "frozen": True})
    assert (now_of(state["clock"]), state["clock"]["frozen"]) == (at, True)
    running = ctl.ok("POST", "/reset", json={"start_at": at.isoformat(), "frozen": False})["clock"]
    assert running["frozen"] is False
    assert timedelta(0) <= now_of(running) - at < timedelta(seconds=5)
    assert now_of(ctl.ok("POST", "/reset")["clock"]) == START
    for bad in ({"start_at": "2031-02-03T04:05:06"}, {"start_at": "0001-01-01T00:00:00Z"}, {"frozen": "yes"}):
        refused = ctl.post("/reset", json=bad)
        assert refused.status_code in (400, 422), (bad, refused.text)
    assert now_of(ctl.ok("GET", "/clock")) == START


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
    target = START + timedelta(days=40)
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


@pytest.mark.parametrize(
    ("duration", "said"),
    [
        ("-2h", "'-2h' is negative"),
        ("-PT30M", "is negative"),
        ("-soon", "is not a duration"),
        ("2 hours", "is not"),
        ("P\u0663D", "is not a duration"),  # Arabic-Indic 3: a digit to \\d and float(), not to a person
        ("\u0663h", "is not a duration"),
        # A number without its unit: the schema's length once answered "'5' is too short".
        ("5", "'5' is not a duration"),
        ("0", "'0' is not a duration"),
    ],
)
def test_a_refused_duration_says_why(control: Any, duration: str, said: str) -> None:
    refused = control(KEY).post("/clock/advance", json={"duration": duration})
    assert refused.status_code == 422, refused.text
    assert said in refused.json()["detail"]


def test_the_clock_is_one_sandbox_s_only(control: Any) -> None:
    assert now_of(control(KEY).advance("3d")) == START + timedelta(days=3)
    assert now_of(control(OTHER_KEY).ok("GET", "/clock")) == START


def test_a_token_s_sandbox_key_names_the_sandbox(control: Any) -> None:
    control("customer.any-subject.shared_key_01").advance("1d")
    assert now_of(control("shared_key_01").ok("GET", "/clock")) == START + timedelta(days=1)


def test_the_control_api_needs_a_sandbox_key(http: Any) -> None:
    for headers in ({}, {"Authorization": "Bearer no"}, {"Authorization": "Basic abcdefghij"}):
        refused = http.get("/_sandbox/clock", headers=headers)
        assert refused.status_code == 401
        assert refused.json()["code"] == "unauthenticated"
        # "Bearer no" sent a key, just not one: the answer says what one is.
        assert refused.json()["detail"].endswith("(a sandbox key is 8 to 130 letters, digits, '-' or '_')")


def test_booking_timestamps_come_from_the_sandbox_clock(api: ApiClient, control: Any) -> None:
    target = START + timedelta(days=3)
    control(KEY).set_clock(target)
    control(KEY).ok("POST", "/clock/freeze")
    created = api.book(weeks_ahead=5).json()["data"]
    assert abs(datetime.fromisoformat(created["created_at"].replace("Z", "+00:00")) - target) < timedelta(
        seconds=2
    )
