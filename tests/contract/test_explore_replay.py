"""The command a finding prints replays the walk that found it, in whatever process runs it.

A finding prints ``booking-sandbox contract … --checks explore --seed N --explore-steps M``. The
run that found it may have been ``--checks all`` or the kit forked from a process that had
imported more; the user pastes the command into a new shell. Hypothesis now and then draws a
constant it read from the source of the project's imported modules: the same seed walked
otherwise in a process that had imported other modules, and the printed command replayed
another walk. A user's own modules count too: the kit run from their suite, beside their code.
Here the same seed walks an intact sandbox twice, once from the tests' kit (a child of a
process that imported every kit module first) and once as a user's own process that also
loads a module of their own full of constants, and the server must be sent the same requests
in the same order.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from contract_tests.kit.seeded import UNSEEDED
from mockserver.apis.registry import mount_of
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START
from tests.contract.live import Kit, Requests, serving

ROOT = Path(__file__).resolve().parents[2]
# Ids a sandbox of each walk's own names otherwise: the shapes are compared, not the ids.
ID = re.compile(r"/(\d+|[0-9a-f-]{36}|bkg_[0-9a-f]{24}|lkp_[0-9a-f]{24})(?=/|$)")
# Integers and strings of the kinds a walk draws, in a module its process imports.
THEIR_MODULE = "\n".join(f"N{n} = {n * 7919 % 2**32}\nS{n} = 'their constant {n}'" for n in range(300))
WALK = ("--checks", "explore", "--seed", "3", "--explore-steps", "48")


@pytest.mark.slow
def test_the_printed_replay_walks_again_in_a_process_of_its_own(tmp_path: Path, kit: Kit) -> None:
    api = "reservekit-v1"
    app = Requests(
        create_app(Settings.load({"db": str(tmp_path / "sandbox.db"), "start_at": START}, environ={}))
    )
    with serving(app) as origin:
        forked = kit.run(origin, api, tmp_path, *WALK)
        assert forked.exit_code == 0, forked.output[-3000:]
        walked = _shapes(app.seen)
        app.seen.clear()
        # A new process, as a user's shell runs the printed command, with a module of theirs.
        (tmp_path / "their_module.py").write_text(THEIR_MODULE, encoding="utf-8")
        command = [sys.executable, "-m", "mockserver.cli", "contract", "--api", api]
        command += ["--base-url", origin + mount_of(api), *WALK, "--", "-p", "their_module"]
        alone = subprocess.run(
            command,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert alone.returncode == 0, alone.stdout[-3000:] + alone.stderr[-3000:]
        assert UNSEEDED not in alone.stderr  # this Hypothesis keeps its reader where the kit swaps it
        again = _shapes(app.seen)
    assert len(walked) > 100, walked  # a walk of 48 steps, each step's reads after it
    parted = next(
        (n for n, (one, other) in enumerate(zip(walked, again, strict=False)) if one != other), None
    )
    assert parted is None, (parted, walked[parted:][:3], again[parted:][:3])
    assert len(again) == len(walked)


def _shapes(seen: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(method, ID.sub("/{id}", path)) for method, path in seen]
