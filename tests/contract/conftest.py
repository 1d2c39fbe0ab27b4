"""The kit's runs, and the detection table of the broken-sandbox runs printed after the session."""

from __future__ import annotations

import pytest

from tests.commands import Commands
from tests.contract.live import Kit

_TABLE = pytest.StashKey[list[tuple[str, ...]]]()


@pytest.fixture(scope="session")
def detections(pytestconfig: pytest.Config) -> list[tuple[str, ...]]:
    return pytestconfig.stash.setdefault(_TABLE, [])


@pytest.fixture(scope="session")
def kit(commands: Commands) -> Kit:
    """The kit's runs for this test process, forked as its other commands are."""
    return Kit(commands)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    rows = config.stash.get(_TABLE, [])
    if not rows:
        return
    terminalreporter.section("contract kit: detection of broken sandboxes")
    for family, name, api, caught in rows:
        terminalreporter.write_line(f"{family:24} {api:14} {name:42} -> {caught}")
