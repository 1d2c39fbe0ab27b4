"""An installed wheel carries its specs and fixtures (it must work outside the checkout)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest


@pytest.mark.slow
def test_wheel_contains_specs_and_fixtures(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(root)],
        check=True,
        timeout=300,
    )
    wheel = next(tmp_path.glob("booking_sandbox-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mockserver/_data/openapi/reservekit-v1.yaml" in names
    assert "mockserver/_data/fixtures/default-world.yaml" in names
    assert any(name.endswith("entry_points.txt") for name in names)
    # The contract kit runs from an installed wheel too: its settings and every API's rules.
    assert "contract_tests/pytest.ini" in names
    assert {
        f"contract_tests/rules/test_{api}.py" for api in ("reservekit", "merchant", "lifecycle", "bardge")
    } <= names
