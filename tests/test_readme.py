"""The README works as written: its shell blocks run, in order, in one shell, against a server.

A newcomer pastes the blocks into one terminal after ``./dev serve``. This test does the same
against a real server on a free port (``localhost:8000`` in the blocks becomes that port, and
``BOOKING_SANDBOX_URL`` tells the CLI), in a clone of the checkout with the project's ``.venv``,
and every ``curl`` fails the run on an HTTP error; the plugin's install is uv's (why:
``INSTALLED_BY_UV``). The server's sandboxes start frozen at ``START``: the blocks read the date
from the sandbox's clock, never from today's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from mockserver.server.settings import Settings
from tests.conftest import START
from tests.test_serve import serving

ROOT = Path(__file__).resolve().parent.parent

# Blocks this test cannot run, each with the test that stands in for it.
NOT_RUN_HERE = {
    "./dev serve     # start": "starts the server and the suite: this suite, and the server below",
    "docker build": "no Docker engine here: tests/test_packaging.py follows the Dockerfile's steps",
    "./dev serve &": "the kit against a server: tests/contract/test_kit_passes.py runs it whole",
    "pip install 'booking-sandbox[postgresql]'": "a team's database: tests/test_team_sandbox.py serves one",
    "booking-sandbox world --schema": "a server of one's own world: tests/seeding/test_world_file.py runs "
    "world --schema and --world, tests/contract/test_own_world.py serves the example world",
}


# What runs here other than as written, and why. The README installs the plugin into a new
# virtualenv with that virtualenv's pip; here uv, which ./dev installs with, does it into the
# same virtualenv from the same clone, and the virtualenv gets no pip of its own: pip's resolver
# read this machine's package indexes for 40 s of CPU (56,000 links weighed) and ensurepip took
# 7 s, two thirds of the README's minute, where uv takes 2 s. What the block proves is the
# clone's: its extras, its entry point and the plugin at work in a suite of the user's own; pip
# installing the built wheel is proven by tests/test_packaging.py.
INSTALLED_BY_UV = {
    "python3 -m venv ../my-suite/.venv": "python3 -m venv --without-pip ../my-suite/.venv",
    '../my-suite/.venv/bin/pip install --quiet "$CLONE[pytest]"': (
        f'{ROOT / ".venv" / "bin" / "uv"} pip install --quiet --python ../my-suite/.venv/bin/python "$CLONE[pytest]"'
    ),
}


def as_run_here(block: str) -> str:
    if not (ROOT / ".venv" / "bin" / "uv").exists():  # ./dev's fallback installs with pip alone
        return block
    for written, run in INSTALLED_BY_UV.items():
        block = block.replace(written, run)
    return block


def shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(), re.S)


def runnable(block: str) -> bool:
    return not any(block.startswith(start) for start in NOT_RUN_HERE)


def test_what_runs_other_than_as_written_is_still_written() -> None:
    said = "\n".join(shell_blocks())
    for written in INSTALLED_BY_UV:
        assert written in said, f"the README no longer says {written!r}: mend INSTALLED_BY_UV"


def test_every_block_not_run_here_is_accounted_for() -> None:
    skipped = [block.splitlines()[0] for block in shell_blocks() if not runnable(block)]
    assert len(skipped) == len(NOT_RUN_HERE), skipped
    assert len([b for b in shell_blocks() if runnable(b)]) >= 5


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("curl") is None, reason="the README's examples use curl")
def test_the_readme_blocks_run_as_written(tmp_path: Path) -> None:
    # In a clone, as a newcomer runs them: one block installs the plugin from it into a new
    # virtualenv beside it and runs a suite of two tests there.
    clone = tmp_path / "booking-sandbox"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    (clone / ".venv").symlink_to(ROOT / ".venv")
    with serving("--workers", "1", "--frozen") as (base, _):
        port = base.rsplit(":", 1)[1]
        script = "\n".join(
            [
                "set -euo pipefail",
                # Every answer must be 2xx; the body is still printed, as curl -s would.
                'curl() { command curl --fail-with-body "$@"; }',
                *(
                    as_run_here(block).replace("localhost:8000", f"127.0.0.1:{port}")
                    for block in shell_blocks()
                    if runnable(block)
                ),
            ]
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
        env["BOOKING_SANDBOX_URL"] = base
        # The newcomer's suite's own temporary folders go with this test's, not to /tmp for good.
        env["PYTEST_DEBUG_TEMPROOT"] = str(tmp_path)
        run = subprocess.run(
            ["bash", "-c", script],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            timeout=420,
            check=False,
        )
    assert run.returncode == 0, f"stdout:\n{run.stdout[-3000:]}\nstderr:\n{run.stderr[-3000:]}"
    assert (clone / "state.json").exists()
    assert "2 passed" in run.stdout, run.stdout[-2000:]  # the suite installed from the clone
    assert (clone / "run.har").exists()
    assert '"status":"confirmed"' in run.stdout.replace(" ", ""), "the Bardge booking was confirmed"
    assert START.isoformat()[:10] in (clone / "state.json").read_text()


def test_the_disk_figure_is_worked_out_from_the_defaults() -> None:
    """Worlds of 100 KB an API, four APIs, and each worker's journal file at its bound and a
    tenth over (a file is trimmed once a tenth of the bound has come in), for every key kept."""
    defaults = Settings.load(environ={})
    worlds = defaults.max_sandboxes * len(defaults.apis) * 100_000
    journals = defaults.max_sandboxes * defaults.workers * defaults.journal_max_bytes * 1.1
    said = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    figure = f"at most {worlds / 1e9:.0f} GB of worlds and {journals / 2**30:.0f} GiB of journals"
    assert figure in said, figure
    assert f"`--journal-max-bytes` ({defaults.journal_max_bytes // 2**20} MiB by default" in said
    assert f"`--max-sandboxes` keys ({defaults.max_sandboxes:,} by default)" in said
