"""The kit's runs, and the detection table of the broken-sandbox runs printed after the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.contract.live import Kit

_TABLE = pytest.StashKey[list[tuple[str, ...]]]()


@pytest.fixture(scope="session")
def detections(pytestconfig: pytest.Config) -> list[tuple[str, ...]]:
    return pytestconfig.stash.setdefault(_TABLE, [])


@pytest.fixture(scope="session")
def kit() -> Iterator[Kit]:
    """The kit's runs for this test process (each xdist worker has its own forking process)."""
    runs = Kit()
    yield runs
    runs.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    rows = config.stash.get(_TABLE, [])
    if not rows:
        return
    terminalreporter.section("contract kit: detection of broken sandboxes")
    for family, name, api, caught in rows:
        terminalreporter.write_line(f"{family:24} {api:14} {name:42} -> {caught}")
