"""The plugin's coverage report: what every sandbox of the session exercised, summed.

Each test's sandbox is read when the test ends (its server may be gone at the session's end);
under pytest-xdist each worker hands its counts to the controller (``workeroutput``), which
reports once. ``--booking-sandbox-coverage=term|html:DIR|json:FILE`` chooses the report (a
one-line total is printed whenever a sandbox was used); ``--booking-sandbox-cov-fail-under=N``
fails the session under N % of documented responses seen.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from mockserver.coverage.report import APIS, percent

ROWS = pytest.StashKey[list[dict[str, Any]]]()
OUTPUT = "booking_sandbox_coverage"


def add_options(group: Any) -> None:
    group.addoption(
        "--booking-sandbox-coverage",
        action="append",
        default=[],
        metavar="term|html:DIR|json:FILE",
        help="report what the session's sandboxes exercised (repeatable)",
    )
    group.addoption(
        "--booking-sandbox-cov-fail-under",
        type=percent,
        metavar="PERCENT",
        help="fail the session under this percentage of documented responses seen",
    )


def collect(config: pytest.Config, rows: Iterable[dict[str, Any]]) -> None:
    """Adds a sandbox's counts (a sandbox used, even one that counted nothing, is reported)."""
    config.stash.setdefault(ROWS, []).extend(rows)


def hand_over(config: pytest.Config) -> None:
    """On an xdist worker: its counts, for the controller."""
    output = getattr(config, "workeroutput", None)
    if output is not None and ROWS in config.stash:
        output[OUTPUT] = json.dumps(config.stash[ROWS])


def take_over(config: pytest.Config, node: Any) -> None:
    """On the controller: a finished worker's counts."""
    handed = getattr(node, "workeroutput", {}).get(OUTPUT)
    if handed is not None:
        collect(config, json.loads(handed))


def summarize(config: pytest.Config, terminal: Any) -> bool:
    """Writes the reports asked for; False where the total is under the threshold."""
    if hasattr(config, "workeroutput") or ROWS not in config.stash:
        return True
    from mockserver.apis.adapters import COVERAGE  # noqa: PLC0415
    from mockserver.coverage.rendering import html, text  # noqa: PLC0415
    from mockserver.coverage.report import build  # noqa: PLC0415

    rows: list[dict[str, Any]] = config.stash[ROWS]
    report = build(rows, APIS, {api: w.rules.values() for api, w in COVERAGE.items()})
    terminal.section("booking-sandbox coverage")
    for wanted in config.getoption("--booking-sandbox-coverage"):
        kind, _, where = wanted.partition(":")
        if kind == "term":
            terminal.write(text(report))
        elif kind == "html":
            folder = Path(where or "booking-sandbox-coverage")
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.html").write_text(html(report), encoding="utf-8")
            terminal.write_line(f"HTML report written to {(folder / 'index.html').resolve()}")
        elif kind == "json":
            target = Path(where or "booking-sandbox-coverage.json")
            target.write_text(json.dumps(report.as_json(), indent=2), encoding="utf-8")
            terminal.write_line(f"JSON report written to {target.resolve()}")
    terminal.write_line(f"TOTAL {report.percent:.1f} % of documented responses seen")
    threshold = config.getoption("--booking-sandbox-cov-fail-under")
    if threshold is not None and report.percent < threshold:
        terminal.write_line(
            f"FAIL: booking-sandbox coverage {report.percent:.1f} % is under "
            f"--booking-sandbox-cov-fail-under {threshold:g}",
            red=True,
        )
        return False
    return True
