"""``./dev``'s choice of the Python it makes ``./.venv`` with, met as a fresh clone meets it.

Each test runs a copy of the script in a folder of its own, so nothing here touches the
checkout's ``.venv``. Where a run would go on to make a virtualenv, ``.venv`` is a plain file
there: ``python -m venv`` fails at once, after the script has said which Python it chose.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

DEV = Path(__file__).resolve().parent.parent / "dev"
SYSTEM_PYTHON = Path("/usr/bin/python3")


def _clone_of_dev(tmp_path: Path) -> Path:
    folder = tmp_path / "clone"
    folder.mkdir()
    shutil.copy(DEV, folder / "dev")
    return folder


def _fake_python(folder: Path, name: str, version: str) -> Path:
    """A ``python`` that gives its version and fails anything else, as one too old for the
    project's code does at its first import of something newer."""
    fake = folder / name
    fake.write_text(f'#!/bin/sh\n[ "$1" = --version ] && {{ echo "Python {version}"; exit 0; }}\nexit 1\n')
    fake.chmod(0o755)
    return fake


def _run(folder: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHON", "PYTHONPYCACHEPREFIX"}}
    env.update(environ)
    return subprocess.run(
        ["sh", str(folder / "dev"), "serve"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _fit(python: Path) -> bool:
    asked = [str(python), "-c", "import sys, ensurepip; sys.exit(sys.version_info < (3, 11))"]
    return python.exists() and subprocess.run(asked, check=False, capture_output=True).returncode == 0


def test_a_python_too_old_is_refused_before_anything_is_made(tmp_path: Path) -> None:
    folder = _clone_of_dev(tmp_path)
    old = _fake_python(tmp_path, "python3.9", "3.9.6")
    ran = _run(folder, PYTHON=str(old))
    assert ran.returncode == 3, ran.stderr  # the README's "cannot start here"
    assert ran.stderr == (
        f"dev: booking-sandbox needs Python 3.11 or newer with venv; {old} is not that (Python 3.9.6):"
        " set PYTHON to one that is\n"
    )
    assert not (folder / ".venv").exists()


def test_a_python_that_is_not_there_is_named(tmp_path: Path) -> None:
    folder = _clone_of_dev(tmp_path)
    ran = _run(folder, PYTHON=str(tmp_path / "no-such-python"))
    assert ran.returncode == 3, ran.stderr
    assert f"{tmp_path / 'no-such-python'} is not that (not found)" in ran.stderr
    assert not (folder / ".venv").exists()


def test_the_systems_own_python_comes_before_the_one_on_the_path(tmp_path: Path) -> None:
    """pyenv's python3, first on this machine's PATH, is built without profile-guided
    optimisation; on the system's own the suite's contract tests took a sixth less CPU."""
    folder = _clone_of_dev(tmp_path)
    (folder / ".venv").write_text("")
    shims = tmp_path / "shims"
    shims.mkdir()
    _fake_python(shims, "python3", "3.9.6")
    ran = _run(folder, PATH=f"{shims}{os.pathsep}{os.environ['PATH']}")
    if sys.platform == "linux" and _fit(SYSTEM_PYTHON):
        version = subprocess.run([SYSTEM_PYTHON, "--version"], capture_output=True, text=True, check=True)
        assert f"dev: making .venv with {SYSTEM_PYTHON} ({version.stdout.strip()})\n" in ran.stderr
        assert ran.returncode not in (0, 3), ran.stderr  # venv refused the file, as arranged
    else:  # no system Python 3.11+ here: the one on the PATH, refused as too old
        assert ran.returncode == 3, ran.stderr
        assert "python3 is not that (Python 3.9.6)" in ran.stderr


def test_a_given_python_comes_before_the_systems(tmp_path: Path) -> None:
    folder = _clone_of_dev(tmp_path)
    given = _fake_python(tmp_path, "python3.10", "3.10.14")
    ran = _run(folder, PYTHON=str(given))
    assert ran.returncode == 3, ran.stderr
    assert f"{given} is not that (Python 3.10.14)" in ran.stderr


def test_a_venv_already_made_is_kept_whatever_made_it(tmp_path: Path) -> None:
    folder = _clone_of_dev(tmp_path)
    (folder / ".venv" / "bin").mkdir(parents=True)
    kept = _fake_python(folder / ".venv" / "bin", "python", "3.11.7")
    ran = _run(folder, PYTHON=str(tmp_path / "no-such-python"))
    # Neither refused nor made anew: the script went on to install into the kept one.
    assert "is not that" not in ran.stderr, ran.stderr
    assert "making .venv" not in ran.stderr, ran.stderr
    assert "dev: installing booking-sandbox" in ran.stderr
    assert kept.read_text().startswith("#!/bin/sh")
