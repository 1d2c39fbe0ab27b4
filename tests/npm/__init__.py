"""npm packages some tests run (the vendor's SDK, Spectral), each pinned by a lock file here.

``installed(name)`` runs ``npm ci`` for ``tests/npm/<name>/`` into the virtual environment
(``.venv/npm/<name>``), once, and again only when its lock file changes. Tests that need one
are skipped, saying so, where Node.js or npm is missing or npm cannot install it.
"""

from __future__ import annotations

import fcntl
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent

needs_node = pytest.mark.skipif(
    shutil.which("node") is None or shutil.which("npm") is None,
    reason="needs Node.js and npm (Debian: apt install nodejs npm)",
)


def installed(name: str) -> Path:
    """Where ``tests/npm/<name>``'s files and packages are (``node_modules`` inside)."""
    source, target = HERE / name, Path(sys.prefix) / "npm" / name
    target.mkdir(parents=True, exist_ok=True)
    # Both test workers may ask at once; npm ci starts by deleting node_modules.
    with (target.parent / f".{name}.lock").open("w") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        lock = target / "package-lock.json"
        current = (target / "node_modules").is_dir() and lock.exists()
        if not current or lock.read_bytes() != (source / lock.name).read_bytes():
            for manifest in ("package.json", "package-lock.json"):
                shutil.copyfile(source / manifest, target / manifest)
            command = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
            try:
                subprocess.run(command, cwd=target, check=True, capture_output=True, text=True, timeout=600)
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as failed:
                # No registry (a machine offline, a proxy npm is not told of): it cannot be
                # installed, which is a reason to skip, said, not a test's error.
                lock.unlink(missing_ok=True)  # tried again next time, not taken as installed
                said = [line for line in (failed.stderr or "").splitlines() if line.strip()]
                why = next(
                    (line for line in said if " code " in line or "ERR" in line), said[0] if said else ""
                )
                pytest.skip(f"npm could not install tests/npm/{name} ({why.strip() or failed})")
        # Scripts and configuration beside the packages (an ES module resolves them from there).
        for item in source.iterdir():
            if item.is_file() and not item.name.startswith("package"):
                shutil.copyfile(item, target / item.name)
    return target
