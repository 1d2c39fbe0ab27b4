"""The kit never says green for a rule it did not check.

Against a booking-sandbox, tokens given with ``--token`` add to the minted ones
(every rule still runs, in the sandbox the tokens name); against a target the
kit cannot mint for, the unchecked rules come first and the exit code says so.
Rules only (``--checks rules``): the Schemathesis side is the whole-kit test's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import generate_world
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START
from tests.contract.live import Kit, serving

RULES_ONLY = ("--checks", "rules")
KEY = "integrator_own_key_1"


def given_tokens(api: str) -> list[str]:
    """What an integrator passes: one token of the API's main role, naming their own sandbox."""
    world = generate_world(load_blueprint(fixture_path("default-world")), 42)
    return {
        "reservekit-v1": [f"sk_rsv_{KEY}"],
        "merchant": [f"merchant=merchant.{world.providers[0].slug}.{KEY}"],
        "lifecycle": [f"customer.{world.customers[0].uuid}.{KEY}"],
        "bardge-v3": [f"reseller.{world.programme.programme.resellers[0].slug}.{KEY}"],
    }[api]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("verdicts") / "sandbox.db"
    with serving(create_app(Settings.load({"db": str(db), "start_at": START}, environ={}))) as origin:
        yield origin


class NotASandbox:
    """ASGI middleware: the control API is gone, as on a vendor's own deployment."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/_sandbox"):
            await send({"type": "http.response.start", "status": 404, "headers": []})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


@pytest.mark.slow
# Bardge's whole kit runs with given tokens in test_kit_passes.py, asserting the same.
@pytest.mark.parametrize("api", ["reservekit-v1", "merchant", "lifecycle"])
def test_given_tokens_add_to_the_minted_ones_and_no_rule_is_skipped(
    sandbox: str, api: str, tmp_path: Path, kit: Kit
) -> None:
    tokens = [part for token in given_tokens(api) for part in ("--token", token)]
    result = kit.run(sandbox, api, tmp_path, *tokens, *RULES_ONLY)
    assert (result.exit_code, result.failed, result.skipped) == (0, {}, {}), result.output[-3000:]
    assert len(result.passed) >= 7
    assert not [name for name in result.passed if "conformance" in name], "--checks rules ran Schemathesis"
    assert f"{api}: ALL CHECKED AND PASSED" in result.output


@pytest.mark.slow
def test_unchecked_rules_come_first_and_the_exit_code_tells(tmp_path: Path, kit: Kit) -> None:
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={}))
    tokens = [part for token in given_tokens("merchant") for part in ("--token", token)]
    with serving(NotASandbox(app)) as origin:
        lenient = kit.run(origin, "merchant", tmp_path, *tokens, *RULES_ONLY)
        strict = kit.run(origin, "merchant", tmp_path, "--strict", *tokens, *RULES_ONLY)
    assert lenient.skipped
    assert not lenient.failed
    assert lenient.exit_code == 6, lenient.output[-3000:]
    assert "merchant: PASSED WITH UNCHECKED RULES" in lenient.output
    summary = lenient.output[lenient.output.index("contract kit: merchant") :]
    assert summary.index("UNCHECKED ") < summary.index("-" * 72)
    assert (
        "needs target data the run (no --target-data file) does not hold: merchant.merchant_name" in summary
    )
    assert strict.exit_code == 1, strict.output[-3000:]
    assert not (tmp_path / ".hypothesis").exists(), "the kit left Hypothesis' cache in the caller's directory"
    assert "FAILED (--kit-strict: unchecked)" in strict.output
    # The JUnit file agrees with the exit code: each unchecked rule is a failure there, saying why.
    assert set(strict.failed) == set(lenient.skipped), (strict.failed, lenient.skipped)
    assert not strict.skipped
    assert all("unchecked, which --strict counts as failed" in why for why in strict.failed.values()), (
        strict.failed
    )


@pytest.mark.slow
def test_a_module_of_checks_that_cannot_load_fails_in_its_own_words_and_the_others_run(
    sandbox: str, tmp_path: Path, kit: Kit
) -> None:
    # A module the kit cannot import, as its own would be after a broken install or a kit bug.
    broken = tmp_path / "checks" / "test_broken_checks.py"
    broken.parent.mkdir()
    broken.write_text("import no_such_module_anywhere\n\n\ndef test_never() -> None:\n    pass\n")
    result = kit.run(sandbox, "reservekit-v1", tmp_path, *RULES_ONLY, "--", str(broken))
    assert result.exit_code == 1, result.output[-3000:]
    summary = result.output[result.output.index("contract kit: reservekit-v1") :]
    assert "FAILED    test_broken_checks.py: could not be loaded" in summary, summary
    assert "No module named 'no_such_module_anywhere'" in summary
    assert "the kit's own fault, not the target's" in summary
    assert len(result.passed) >= 7, "the other modules' checks did not run"


def test_options_that_select_no_check_are_a_usage_error_not_an_unusable_target(
    sandbox: str, tmp_path: Path, kit: Kit
) -> None:
    """pytest exits 5 when every test is deselected: the kit's code for "target not usable", which
    a CI reads as the vendor's server being down, where it was a -k that matched nothing."""
    result = kit.run(sandbox, "reservekit-v1", tmp_path, *RULES_ONLY, "--", "-k", "no_check_is_named_this")
    assert result.exit_code == 4, result.output[-3000:]
    assert "reservekit-v1: NOTHING CHECKED" in result.output
    assert "the pytest options given (-k, -m, a node id) selected no check: usage error" in result.output
