"""The kit passes against the intact sandbox for every API.

This is also the sandbox's own Schemathesis run: every check, every phase, every operation,
with 10 examples per operation and phase instead of the kit's default 25 (which users run and
the closing notes time): CI's 8 minutes on two cores have room for the one, not the other. The
sandbox runs on the wall clock, as a user's does, and the kit skips nothing:
time-dependent rules move the sandbox clock, so no weekday leaves one unchecked.
Bardge runs as the README shows it, with a reseller token of the user's own
sandbox: the kit mints the other roles beside it and still checks everything.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mockserver.live_checks.exchanges import read_har
from mockserver.rule_engine.checking import check_all
from mockserver.rule_engine.findings import lines
from mockserver.server.app import create_app
from mockserver.server.settings import KNOWN_APIS, Settings
from tests.contract.live import Kit, Requests, serving
from tests.contract.test_kit_verdicts import given_tokens
from tests.contract.test_vendor_only import UNREACHED, operation_in, spelled

# The explorer's walk in the whole-kit runs: one walk of a fresh sandbox's (CI's 8 minutes).
EXPLORE_STEPS = "16"
UNREACHED_ON_A_SANDBOX = {
    **{api: set() for api in KNOWN_APIS},
    **UNREACHED,
    # Bardge runs pinned to the user's own sandbox, where the rules that move its clock run
    # last (contract_tests/conftest.py): run earlier, they moved it weeks ahead of the client
    # tokens and class instances the schema checks' real ids name, and six more operations
    # got no 2xx.
}
"""Operations no schema check gets a 2xx from on a booking-sandbox: UNCHECKED, not PASSED."""


@pytest.mark.slow
@pytest.mark.parametrize("api", KNOWN_APIS)
def test_the_sandbox_passes_the_whole_kit(api: str, tmp_path: Path, kit: Kit) -> None:
    app = Requests(create_app(Settings.load({"db": str(tmp_path / "sandbox.db")}, environ={})))
    har = tmp_path / "kit.har"
    with serving(app) as origin:
        tokens = [part for token in given_tokens(api) for part in ("--token", token)]
        # A short walk of the explorer's (issue 62: it finds nothing false on a correct target).
        extra = (
            "--max-examples",
            "10",
            "--explore-steps",
            EXPLORE_STEPS,
            *(tokens if api == "bardge-v3" else []),
        )
        result = kit.run(origin, api, tmp_path, "--har", str(har), *extra)
    assert not result.failed, result.output[-4000:]
    assert len(result.passed) >= 10
    # Every rule ran; only operations the kit's finders reach no real resource for are
    # unchecked, each saying so, and the run's exit code says that too.
    unreached = {name for name, reason in result.skipped.items() if "0 answered 2xx" in reason}
    assert set(result.skipped) == unreached, result.skipped
    found = {operation_in(name) for name in unreached}
    assert {spelled(o) for o in UNREACHED.get(api, ())} <= found, found
    assert found <= {spelled(o) for o in UNREACHED_ON_A_SANDBOX[api]}, found
    assert result.exit_code == (6 if unreached else 0), result.output[-4000:]
    assert f"contract kit: {api}" in result.output  # the summary table
    # The health endpoint told the kit it faces a sandbox, so it minted the seeded callers' tokens.
    assert "a booking-sandbox (seed 42)" in result.output
    # Every exchange the kit sent is in its HAR: preflight, target data, scenarios, and each of
    # Schemathesis' calls, its auth probes and a check's control requests among them.
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    assert f"contract kit: wrote {len(entries)} exchanges as HAR to {har.resolve()}" in result.output
    assert len(entries) == len(app.seen), (len(entries), len(app.seen))
    # The kit's own recording of a passing run is clean traffic: check-har finds nothing in it,
    # though it holds several accounts reusing ids, auth probes and Schemathesis' refusals.
    checked = check_all(api, read_har(har))
    assert not checked.findings, lines(checked.findings)[:20]
