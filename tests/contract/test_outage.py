"""A target that stops answering mid-run is no verdict (exit 5); one that drops a request and
answers the next has broken something (exit 1). Before ``outage.py`` both read as failed rules:
a sandbox killed during a run gave "FAILED explore … the scenario could not go on", nine rules
"broken" and exit 1."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import requests

from contract_tests.kit.outage import STOPPED, stopped_answering
from contract_tests.kit.preflight import asked_once
from mockserver.documents.har import Exchange
from mockserver.integration.local_server import free_port
from mockserver.live_checks.by_api import check_recording
from mockserver.live_checks.exchanges import read_har
from mockserver.rule_engine.findings import lines
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.live import Kit, serving
from tests.strangers import Stranger, a_stranger

CHECK = "cancel frees the place"
"""One scenario, whose cancel is where the outage begins (``PATCH`` of a booking)."""


def _exchange(status: int) -> Exchange:
    at = datetime(2027, 1, 6, 15, 0, tzinfo=UTC)
    return Exchange(at, "GET", "http://vendor/v1/services", {}, b"", status, "", {}, b"", 1.0)


class _NotFound(Stranger):
    def answer(self) -> tuple[int, bytes]:
        return 404, b"not here"


class _Gateway(Stranger):
    def answer(self) -> tuple[int, bytes]:
        return 502, b"<html>Bad Gateway</html>"


def _asking(base_url: str) -> Callable[[], requests.Response]:
    return functools.partial(asked_once, "reservekit-v1", base_url, "sk_test_outage", requests.Session())


def test_an_answered_last_exchange_asks_nothing() -> None:
    with a_stranger(_NotFound) as (url, asked):
        assert stopped_answering([_exchange(0), _exchange(200)], _asking(url)) is None
    assert asked == []


def test_a_target_that_answers_again_dropped_one_request() -> None:
    """Any answer of the target's own (a 404 too) means it is there. What it is asked is the
    preflight's documented read: the run's HAR holds no request outside the API (a GET of the
    base URL had check-har find SPEC-OPERATION in the kit's own recording)."""
    with a_stranger(_NotFound) as (url, asked):
        assert stopped_answering([_exchange(200), _exchange(0)], _asking(url)) is None
    assert asked == ["GET /v1/services"]


@pytest.mark.parametrize("kind", ["nothing on the port", "a gateway's 502"])
def test_a_target_that_does_not_answer_again_stopped(kind: str) -> None:
    def asked_again(url: str) -> str | None:
        return stopped_answering([_exchange(200), _exchange(502 if "gateway" in kind else 0)], _asking(url))

    if kind == "nothing on the port":
        base = f"http://127.0.0.1:{free_port()}/reservekit"
        said = asked_again(base)
        assert said is not None
        assert f"{base}/v1/services gave nothing when asked again" in said
        assert "Connection refused" in said
    else:
        with a_stranger(_Gateway) as (url, _):
            said = asked_again(url)
        assert said is not None
        assert f"{url}/v1/services gave 502 Bad Gateway when asked again" in said
    assert said.startswith(STOPPED)
    assert "its last answer to this check came at 15:00:00 UTC" in said


class _Outage:
    """ASGI middleware: from the first cancel on, no whole answer (a status line, then the
    connection closed), to that one request alone (``lasting=False``) or to every request after
    it, the kit's own look at the base URL included (``lasting=True``)."""

    def __init__(self, app: Any, *, lasting: bool) -> None:
        self.app = app
        self.lasting = lasting
        self.dark = False
        self.dropped = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            cancel = scope["method"] == "PATCH" and scope["path"].startswith("/reservekit/v1/bookings/")
            if self.dark or (cancel and not self.dropped):
                self.dropped += 1
                self.dark = self.lasting
                await send(
                    {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"64")]}
                )
                return  # the body never comes: the connection is closed under the client
        await self.app(scope, receive, send)


@pytest.mark.parametrize(
    ("lasting", "strict"),
    [(True, ()), (True, ("--strict",)), (False, ())],
    ids=["stopped", "stopped, --strict", "dropped one request"],
)
def test_the_kit_tells_a_target_gone_from_a_request_dropped(
    lasting: bool, strict: tuple[str, ...], tmp_path: Path, kit: Kit
) -> None:
    """``--strict`` fails a run where a check did not run (exit 1); an outage is still exit 5."""
    app = _Outage(
        create_app(Settings.load({"db": str(tmp_path / "sandbox.db")}, environ={})), lasting=lasting
    )
    with serving(app) as origin:
        har = tmp_path / "kit.har"
        # The second check meets the outage as its fixtures read the target (at its setup).
        selected = "cancel_frees or read_after_write"
        checks = ("--checks", "rules", "--har", str(har), *strict, "--", "-k", selected)
        result = kit.run(origin, "reservekit-v1", tmp_path, *checks)
    assert app.dropped >= 1
    summary = result.output[result.output.index("= contract kit") :]
    # Each check's line as it ends is the kit's own: no letter of pytest's before it.
    assert not re.search(r"^[.sEFx]+(PASSED|FAILED|UNCHECKED) ", result.output, re.MULTILINE), result.output
    if lasting:
        assert result.exit_code == 5, summary
        assert not result.failed, summary
        assert f"UNCHECKED reservekit: {CHECK}" in summary
        assert f"{STOPPED} (" in summary
        assert "THE TARGET STOPPED ANSWERING: 0 checked (0 passed, 0 failed), 2 unchecked" in summary
        assert "(0 broken)" in summary
        assert "the target stopped answering during the run: 2 checks have no verdict" in summary
    else:
        assert result.exit_code == 1, summary
        assert f"FAILED    reservekit: {CHECK}" in summary
        assert "the target gave no whole answer to a request" in summary
        assert STOPPED not in summary
    # What the kit asked again is in its recording, and is the API's own: check-har finds nothing.
    checked = check_recording("reservekit-v1", read_har(har))
    assert not checked.findings, lines(checked.findings)
