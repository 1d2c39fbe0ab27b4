"""The summary a person reads at the end of a run: each check, its verdict and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

_WIDTH = 72


@dataclass(frozen=True)
class Verdict:
    check: str
    outcome: str  # passed / failed / skipped
    detail: str


class Verdicts:
    """A pytest plugin that keeps one verdict per check and prints them as a table."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.verdicts: dict[str, Verdict] = {}

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        failed_setup = report.when == "setup" and report.outcome != "passed"
        if report.when != "call" and not failed_setup and not (report.when == "teardown" and report.failed):
            return
        check = _check_name(report)
        if check in self.verdicts and self.verdicts[check].outcome == "failed":
            return  # a teardown after a failed call does not hide the failure
        self.verdicts[check] = Verdict(check, report.outcome, _detail(report))

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        write = terminalreporter.write_line
        terminalreporter.section(self.title)
        counts = {"passed": 0, "failed": 0, "skipped": 0}
        for verdict in self.verdicts.values():
            counts[verdict.outcome] = counts.get(verdict.outcome, 0) + 1
            line = f"{verdict.outcome.upper():8} {verdict.check}"
            write(line if not verdict.detail else f"{line}\n         {verdict.detail}")
        write("-" * _WIDTH)
        write(", ".join(f"{count} {outcome}" for outcome, count in counts.items()))


def _check_name(report: pytest.TestReport) -> str:
    """``rules/test_merchant.py::test_group_full`` reads as ``merchant: group full``.

    The test's own name comes from ``location``: Schemathesis gives its
    per-operation items one node id but names the operation there.
    """
    module = report.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py").removeprefix("test_")
    names = report.location[2].split(".")
    words = [name.removeprefix("Test").removeprefix("test_").replace("_", " ") for name in names]
    return f"{module}: {' / '.join(word for word in words if word != 'runTest')}"


def _detail(report: pytest.TestReport) -> str:
    if report.outcome == "skipped":
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        if "told to run no test cases" in reason:
            return "nothing to generate in the chosen --phases (no examples in the spec for this operation)"
        return reason
    if report.outcome == "failed":
        text = report.longreprtext.strip().splitlines()
        errors = [line[2:].strip() for line in text if line.startswith("E ")]
        first = errors[0] if errors else (text[-1] if text else "")
        return first[:300]
    return ""
