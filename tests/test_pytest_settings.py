"""What the project's pytest settings leave behind: a run of its own settings, in a process of
its own (forked with the plugins imported: ``tests/commands.py``)."""

from __future__ import annotations

import os
from pathlib import Path

from tests.commands import Commands

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _run_with_the_projects_settings(commands: Commands, folder: Path, test: str) -> tuple[int, list[Path]]:
    """Runs ``test`` under pyproject.toml's pytest settings, its temporary folders under
    ``folder/root`` (pytest's ``PYTEST_DEBUG_TEMPROOT``); the exit code and what is left there."""
    (folder / "test_one.py").write_text(test)
    root = folder / "root"
    root.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "BOOKING_SANDBOX_"))}
    env["PYTEST_DEBUG_TEMPROOT"] = str(root)
    done = commands.run(
        [
            *("-q", "-c", str(PYPROJECT), "--rootdir", str(folder)),
            *("-p", "no:cacheprovider", "-p", "no:xdist", str(folder / "test_one.py")),
        ],
        cwd=folder,
        env=env,
        timeout=120,
        program="pytest",
    )
    return done.returncode, sorted(path for path in root.rglob("*") if path.is_file())


WRITES = "def test_writes(tmp_path):\n    (tmp_path / 'kept.txt').write_text('x')\n    assert {ok}\n"


def test_a_passing_run_leaves_no_temporary_folder(commands: Commands, tmp_path: Path) -> None:
    """pytest's default kept the last three runs' folders whole: 847 MB for one run of this suite."""
    code, left = _run_with_the_projects_settings(commands, tmp_path, WRITES.format(ok=True))
    assert code == 0
    assert left == []


def test_a_failed_tests_folder_is_kept_to_look_at(commands: Commands, tmp_path: Path) -> None:
    code, left = _run_with_the_projects_settings(commands, tmp_path, WRITES.format(ok=False))
    assert code == 1
    assert [path.name for path in left] == ["kept.txt"]
