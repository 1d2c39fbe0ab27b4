"""A target that scales to nothing (Cloud Run, Render, a serverless staging) holds the run's
first request while it starts: the kit asks again with a cold start's patience, saying so,
where it had said at once that the target was not reachable. The waits are shortened here
(``preflight.TIMEOUT``, ``COLD_START``); the kit's are 5 and 50 s."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
import requests

from contract_tests.kit import preflight
from contract_tests.kit.deadline import AnswerTooSlow
from contract_tests.kit.sandbox import SandboxFacts, probe
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START
from tests.contract.live import serving

KEY = "sk_rsv_cold_start_01"


class Starting:
    """An ASGI app in front of ``app`` that holds each of its first ``held`` requests for
    ``seconds`` before answering, as a platform starting the service does."""

    def __init__(self, app: Any, held: int, seconds: float) -> None:
        self.app, self.held, self.seconds = app, held, seconds
        self.paths: list[str] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.paths.append(scope["path"])
            if self.held:
                self.held -= 1
                await asyncio.sleep(self.seconds)
        await self.app(scope, receive, send)


@pytest.fixture
def short_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preflight, "TIMEOUT", (2.0, 0.3))
    monkeypatch.setattr(preflight, "COLD_START", (2.0, 1.5))


@pytest.fixture
def app(tmp_path: Any) -> Any:
    return create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={}))


def test_a_sandbox_starting_from_cold_is_waited_for_saying_so(
    short_waits: None, app: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    starting = Starting(app, held=1, seconds=1.0)
    with serving(starting) as origin, requests.Session() as session:
        found = probe(origin, session)
    assert isinstance(found, SandboxFacts), found
    assert starting.paths == ["/_sandbox/health", "/_sandbox/health"]  # asked again once
    said = capsys.readouterr().err
    assert (
        f"contract kit: {origin}/_sandbox/health did not answer within 0.3 s; asking again and "
        "waiting up to 1.5 s, as for a target starting from cold"
    ) in said


def test_an_api_starting_from_cold_behind_an_answering_health_is_waited_for(
    short_waits: None, app: Any
) -> None:
    """The health (a gateway's, another service's) answers; the API's first list is held."""
    starting = Starting(app, held=0, seconds=1.0)
    with serving(starting) as origin, requests.Session() as session:
        starting.held = 1
        preflight.preflight("reservekit-v1", f"{origin}/reservekit", KEY, session, sandbox_mount="reservekit")
    assert starting.paths == ["/reservekit/v1/services", "/reservekit/v1/services"]


def test_a_target_silent_through_both_waits_is_not_reachable(short_waits: None, app: Any) -> None:
    starting = Starting(app, held=2, seconds=2.0)
    with (
        serving(starting) as origin,
        requests.Session() as session,
        pytest.raises(preflight.TargetNotUsable) as refused,
    ):
        probe(origin, session)
    assert str(refused.value) == (
        f"{origin}/_sandbox/health is not reachable: no answer within 0.3 s, nor within 1.5 s of asking again"
    )


def test_an_answer_that_drips_is_not_asked_again() -> None:
    """Bytes came, too slowly to end: no start takes a minute a byte."""
    asked: list[object] = []

    def dripping(timeout: object) -> requests.Response:
        asked.append(timeout)
        raise AnswerTooSlow("GET", "http://vendor.example/v1/services", 60)

    with pytest.raises(preflight.TargetNotUsable, match="is not usable: no whole answer within 60 s"):
        preflight.first_asked(dripping, "http://vendor.example/v1/services")
    assert len(asked) == 1
