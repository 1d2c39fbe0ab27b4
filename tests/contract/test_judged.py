"""The kit's checks are judged by the rule engine beside their own assertions (``kit/judged.py``):
a break in a field no scenario of the check reads, in traffic the check sent, fails that check
naming the engine's rule. Proven by breaking the product on the wire, then selecting a check
whose own assertions never look at what broke."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START
from tests.contract.live import Kit, serving
from tests.contract.mutants import RewriteResponses

# A scenario that books and reads the booking back for its status alone, never its created_at.
NOT_ABOUT_TIMESTAMPS = ("--checks", "rules", "--", "-k", "cancel_reason_a_cancel_without_one")


def created_at_moves_on_every_read(app: Any) -> Any:
    """ReserveKit whose read of a booking shows a created_at that is not the one it was made with."""

    def restamped(status: int, body: Any) -> tuple[int, Any]:
        if status == 200 and isinstance(body, dict) and isinstance(body.get("data"), dict):
            body["data"]["created_at"] = "2001-01-01T00:00:00Z"
        return status, body

    return RewriteResponses(app, "GET", r"/reservekit/v1/bookings/\d+", restamped)


@pytest.mark.slow
def test_a_rule_no_assertion_of_the_check_reads_fails_the_check_that_broke_it(
    tmp_path: Path, kit: Kit
) -> None:
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={}))
    with serving(app) as clean_origin:
        clean = kit.run(clean_origin, "reservekit-v1", tmp_path, *NOT_ABOUT_TIMESTAMPS)
    assert clean.exit_code == 0, clean.output[-3000:]  # the engine finds nothing on a correct target
    assert clean.passed
    # Each check is printed once as it ends (it was twice: pytest's start line and its result).
    progress = clean.output.split("= contract kit")[0]
    assert progress.count("cancel reason a cancel without one is refused") == 1, progress
    broken_app = create_app(Settings.load({"db": str(tmp_path / "broken.db"), "start_at": START}, environ={}))
    with serving(created_at_moves_on_every_read(broken_app)) as origin:
        result = kit.run(origin, "reservekit-v1", tmp_path, *NOT_ABOUT_TIMESTAMPS)
    assert result.exit_code == 1, result.output[-3000:]
    (failed,) = result.failed
    assert "cancel_reason_a_cancel_without_one" in failed
    assert "the rule engine, reading this check's own traffic: FINDING RK-TIMESTAMPS" in result.output
    assert "RK-TIMESTAMPS says:" in result.output
    assert "(1 broken)" in result.output, result.output[-1500:]  # the tally names the engine's rule broken
