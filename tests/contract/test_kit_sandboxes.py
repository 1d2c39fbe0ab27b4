"""Which sandboxes a kit run uses on a booking-sandbox, and what it leaves there.

The kit makes a sandbox of its own for each scenario (and a second account's beside it), so one
run of the ReserveKit rules made 43: on a team server, which keeps at most ``--max-sandboxes``,
every new key was refused after some hundred runs. Given the user's ReserveKit key, the kit read
the target data of another sandbox (the key without its ``sk_rsv_`` prefix): a world of the
user's own with a seven-day booking window FAILED a correct sandbox's reschedule and isolation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx
import pytest

from mockserver.seeding.world_file import read_world
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START
from tests.contract.live import Kit, serving
from tests.contract.test_own_world import BERLIN


def _kept(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM sandboxes").fetchone()[0])


@pytest.mark.parametrize("api", ["reservekit-v1", "merchant"])
def test_a_kit_run_leaves_no_sandbox_of_its_own(tmp_path: Path, kit: Kit, api: str) -> None:
    db = tmp_path / "sandbox.db"
    with serving(create_app(Settings.load({"db": str(db), "start_at": START}, environ={}))) as origin:
        ran = kit.run(origin, api, tmp_path, "--checks", "rules")
        assert ran.exit_code == 0, ran.output[-2000:]
        assert _kept(db) == 0


def test_a_run_given_the_users_reservekit_key_reads_that_sandboxs_own_target_data(
    tmp_path: Path, kit: Kit
) -> None:
    key = "sk_rsv_gym_of_our_own_01"
    world = BERLIN.read_text(encoding="utf-8")
    gym = "\n".join(
        "    booking_window_days: 7" if line.strip().startswith("booking_window_days:") else line
        for line in world.splitlines()
    )
    (tmp_path / "gym.yaml").write_text(gym + "\n", encoding="utf-8")
    db = tmp_path / "sandbox.db"
    with serving(create_app(Settings.load({"db": str(db), "start_at": START}, environ={}))) as origin:
        reset = httpx.post(
            f"{origin}/_sandbox/reset",
            json={"world": read_world(tmp_path / "gym.yaml")},
            headers={"Authorization": f"Bearer {key}"},
        )
        assert reset.status_code == 200, reset.text
        ran = kit.run(origin, "reservekit-v1", tmp_path, "--token", key, "--checks", "rules")
        assert ran.failed == {}, ran.output[-3000:]
        # A week's reschedule does not fit a seven-day window: unchecked, saying so, not FAILED.
        assert ran.exit_code == 6, ran.output[-2000:]
        assert "lies beyond the target's booking window" in ran.output
        # The user's two accounts (its key, and the second its target data names), none of the kit's.
        assert _kept(db) == 2
