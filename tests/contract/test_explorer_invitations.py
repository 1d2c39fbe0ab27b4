"""The walk invites a guest to its own lifecycle bookings, and the guest answers
(``contract_tests/rules/lifecycle_guests.py``): against the sandbox, accept-invite and
reject-invite are answered 2xx and nothing is found; without the target data's guest, the same
walk never answers them, and its tally says so."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest

from mockserver.control import handlers
from mockserver.control.target_data import target_data
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START
from tests.contract.live import Kit, serving

# Of seeds 1 to 20 at 48 steps, 3, 11 and 15 answered both; before an answer drawn for a booking
# no one was invited to was, now and then, its invitation first (``links.preceded``), 11 neither.
SEED, STEPS = "11", "48"
ANSWERS = [f"POST /api/v1/bookings/{{booking_id}}/{answer}" for answer in ("accept-invite", "reject-invite")]


def _unanswered(kit: Kit, tmp_path: Path) -> list[str]:
    tmp_path.mkdir()
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={}))
    return unanswered_in(explored(kit, app, tmp_path, "--seed", SEED, "--explore-steps", STEPS))


def explored(kit: Kit, app: Any, tmp_path: Path, *options: str) -> str:
    """The output of lifecycle's explorer, unshrunk, against ``app``: a walk that found nothing."""
    with serving(app) as origin:
        result = kit.run(
            origin, "lifecycle", tmp_path, "--checks", "explore", "--explore-shrink-seconds", "0", *options
        )
    assert result.exit_code == 0, result.output[-3000:]
    return result.output


def unanswered_in(output: str) -> list[str]:
    """The operations lifecycle's explorer tally says were never answered 2xx."""
    tally = next(line for line in output.splitlines() if line.startswith("explored lifecycle:"))
    _, _, unanswered = tally.partition("; never answered 2xx: ")
    return unanswered.split(", ") if unanswered else []


@pytest.mark.slow
def test_the_walk_answers_its_own_invitations_as_its_guest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kit: Kit
) -> None:
    assert not set(ANSWERS) & set(_unanswered(kit, tmp_path / "guest"))

    def without_guest(world: Any, key: str, blocked: Any, apis: Collection[str]) -> dict[str, Any]:
        document = target_data(world, key, blocked, apis)
        document.get("lifecycle", {}).get("tokens", {}).pop("guest", None)
        return document

    monkeypatch.setattr(handlers, "target_data", without_guest)
    assert set(ANSWERS) <= set(_unanswered(kit, tmp_path / "none"))
