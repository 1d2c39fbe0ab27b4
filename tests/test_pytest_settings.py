"""What the project's pytest settings leave behind: a run of its own settings, in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def _run_with_the_projects_settings(folder: Path, test: str) -> tuple[int, list[Path]]:
    """Runs ``test`` under pyproject.toml's pytest settings, its temporary folders under
    ``folder/root`` (pytest's ``PYTEST_DEBUG_TEMPROOT``); the exit code and what is left there."""
    (folder / "test_one.py").write_text(test)
    root = folder / "root"
    root.mkdir()
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-c", str(PYPROJECT), "--rootdir", str(folder)),
            *("-p", "no:cacheprovider", "-p", "no:xdist", str(folder / "test_one.py")),
        ],
        check=False,
        cwd=folder,
        env={**os.environ, "PYTEST_DEBUG_TEMPROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, sorted(path for path in root.rglob("*") if path.is_file())


WRITES = "def test_writes(tmp_path):\n    (tmp_path / 'kept.txt').write_text('x')\n    assert {ok}\n"


def test_a_passing_run_leaves_no_temporary_folder(tmp_path: Path) -> None:
    """pytest's default kept the last three runs' folders whole: 847 MB for one run of this suite."""
    code, left = _run_with_the_projects_settings(tmp_path, WRITES.format(ok=True))
    assert code == 0
    assert left == []


def test_a_failed_tests_folder_is_kept_to_look_at(tmp_path: Path) -> None:
    code, left = _run_with_the_projects_settings(tmp_path, WRITES.format(ok=False))
    assert code == 1
    assert [path.name for path in left] == ["kept.txt"]
