"""The kit passes against the intact sandbox for every API.

This is also the sandbox's own Schemathesis run: every check, every phase, every operation,
with 5 examples per operation and phase instead of the kit's default 25 (which users run and
the closing notes time): the narrowest run that still sends every operation through every
phase and check and gets each a 2xx (asserted below). CI's 8 minutes on two cores have no room
for more: 10 examples cost these four runs a third more CPU (92 s against 68 s, one run each).
The sandbox runs on the wall clock, as a user's does, and the kit skips nothing:
time-dependent rules move the sandbox clock, so no weekday leaves one unchecked.
Bardge runs as the README shows it, with a reseller token of the user's own
sandbox: the kit mints the other roles beside it and still checks everything.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockserver.live_checks.by_api import check_recording
from mockserver.live_checks.exchanges import read_har
from mockserver.rule_engine.findings import lines
from mockserver.server.app import create_app
from mockserver.server.settings import KNOWN_APIS, Settings
from tests.contract.live import Kit, Requests, serving
from tests.contract.test_kit_verdicts import given_tokens

KEPT_ANSWERS_LOG = "mockserver.storage.database.kept_answers"
# The explorer's walk in the whole-kit runs: one walk of a fresh sandbox's (CI's 8 minutes).
EXPLORE_STEPS = "16"


@pytest.mark.slow
@pytest.mark.parametrize("api", KNOWN_APIS)
def test_the_sandbox_passes_the_whole_kit(
    api: str, tmp_path: Path, kit: Kit, caplog: pytest.LogCaptureFixture
) -> None:
    # Every read asked again is made anew and compared with what was kept (kept_answers.py):
    # the whole kit's traffic, the control API's among it, holds the keeping's proof to account.
    caplog.set_level("DEBUG", logger=KEPT_ANSWERS_LOG)
    settings = {"db": str(tmp_path / "sandbox.db"), "kept_answers": "verify"}
    app = Requests(create_app(Settings.load(settings, environ={})))
    har = tmp_path / "kit.har"
    with serving(app) as origin:
        tokens = [part for token in given_tokens(api) for part in ("--token", token)]
        # A short walk of the explorer's (issue 62: it finds nothing false on a correct target).
        extra = (
            "--max-examples",
            "5",
            "--explore-steps",
            EXPLORE_STEPS,
            *(tokens if api == "bardge-v3" else []),
        )
        result = kit.run(origin, api, tmp_path, "--har", str(har), *extra)
    assert not result.failed, result.output[-4000:]
    assert len(result.passed) >= 10
    # Every rule ran and every operation got a 2xx: the finders reach the lifecycle invitations
    # a sandbox seeds and begin Bardge's chains (issue 61: they were unchecked).
    assert not result.skipped, result.skipped
    assert result.exit_code == 0, result.output[-4000:]
    assert "warnings summary" not in result.output, result.output[-4000:]
    assert f"contract kit: {api}" in result.output  # the summary table
    # The health endpoint told the kit it faces a sandbox, so it minted the seeded callers' tokens.
    assert "a booking-sandbox (seed 42)" in result.output
    # Every exchange the kit sent is in its HAR: preflight, target data, scenarios, and each of
    # Schemathesis' calls, its auth probes and a check's control requests among them.
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    assert f"contract kit: wrote {len(entries)} exchanges as HAR to {har.resolve()}" in result.output
    # A request sent on a kept-alive connection the server had just closed is in the HAR too,
    # unanswered (status 0), and sent again: the server saw every answered one.
    answered = [entry for entry in entries if entry["response"]["status"]]
    assert len(answered) == len(app.seen), (len(answered), len(app.seen))
    kept = [r for r in caplog.records if r.name == KEPT_ANSWERS_LOG]
    assert [r.getMessage() for r in kept if r.levelname != "DEBUG"] == []
    assert len(kept) >= 5, "the kit's reads asked again were verified (10 to 28 of them an API)"
    # The kit's own recording of a passing run is clean traffic: check-har finds nothing in it,
    # though it holds several accounts reusing ids, auth probes and Schemathesis' refusals, and
    # the control calls that moved the clock past a booking's end.
    checked = check_recording(api, read_har(har))
    assert not checked.findings, lines(checked.findings)[:20]
