"""The checks' shared fixture: ``booking-sandbox check-har`` of a recording, as a CI step runs it."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.commands import Commands

Check = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def check(commands: Commands) -> Check:
    """``booking-sandbox check-har`` of a recording written to a file, run in the test's folder."""

    def checked(tmp_path: Path, har: dict[str, Any] | str, *args: str) -> subprocess.CompletedProcess[str]:
        path = tmp_path / "traffic.har"
        path.write_text(har if isinstance(har, str) else json.dumps(har), encoding="utf-8")
        return commands.run(["check-har", str(path), *args], cwd=tmp_path)

    return checked
