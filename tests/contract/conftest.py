"""Collects the detection table of the kit's broken-sandbox runs and prints it after the session."""

from __future__ import annotations

import pytest

_TABLE = pytest.StashKey[list[tuple[str, ...]]]()


@pytest.fixture(scope="session")
def detections(pytestconfig: pytest.Config) -> list[tuple[str, ...]]:
    return pytestconfig.stash.setdefault(_TABLE, [])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    rows = config.stash.get(_TABLE, [])
    if not rows:
        return
    terminalreporter.section("contract kit: detection of broken sandboxes")
    for family, name, api, caught in rows:
        terminalreporter.write_line(f"{family:24} {api:14} {name:42} -> {caught}")
