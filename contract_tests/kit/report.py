"""What a person reads: a line per check as it finishes, then each verdict and why, unchecked first.

The exit code tells the verdicts apart: 0 only when every check ran and passed;
``UNCHECKED`` when none failed but some did not run (a skipped check is no
evidence either way); 1 when one failed, or with ``--kit-strict`` when one did not run; 5
when none failed but the target stopped answering as checks ran (``outage.py``), or another
kit run booked on the same account beside them (``contention.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from mockserver.documents.printable import visible

from .inventory import coverage, load
from .patience import Waited
from .preflight import TARGET_NOT_USABLE, USAGE_ERROR
from .tidy import Leftover
from .verdict_text import Verdict, alike_grouped, detail_of, indented, operation, rules_beside

_WIDTH = 72
UNCHECKED = 6
"""The exit code of a run where nothing failed but some checks did not run."""


OUTAGE = ("the target stopped answering during the run", "run the kit again once it answers")
BESIDE = (
    "another contract kit run was booking on this account during the run",
    "run the kit's jobs one at a time on one account, or give each its own",
)


class Verdicts:
    """A pytest plugin that keeps one verdict per check and prints them as a table."""

    def __init__(
        self,
        title: str,
        api: str,
        *,
        strict: bool = False,
        leftovers: Sequence[Leftover] = (),
        waited: Waited | None = None,
        own_faults: int = 0,
    ) -> None:
        self.title = title
        self.api = api
        self.strict = strict
        self.leftovers = leftovers
        self.waited = waited or Waited()
        self.own_faults = own_faults
        self.verdicts: dict[str, Verdict] = {}
        self.interrupted = False
        """Stopped by Ctrl-C or SIGTERM (a CI job cancelled): the summary says so."""
        self.selected_none = False
        """The options given selected no check: a usage error, said beside NOTHING CHECKED."""
        self._terminal: Any = None
        self._verbose = False

    @pytest.hookimpl
    def pytest_sessionstart(self, session: pytest.Session) -> None:
        self._terminal = session.config.pluginmanager.get_plugin("terminalreporter")
        self._verbose = session.config.get_verbosity() > 0

    @pytest.hookimpl
    def pytest_report_teststatus(self, report: pytest.TestReport) -> tuple[str, str, str] | None:
        """With -v, pytest's own line a check, ending with how long it took; without, none: the
        kit prints its own (``_progress``), once a check, when it ends; a check's setup that
        failed or skipped prints no letter of pytest's before it either (``sUNCHECKED …``)."""
        if report.when != "call":
            if self._verbose or report.passed:
                return None
            return ("error" if report.failed else report.outcome), "", ""
        if not self._verbose:
            return report.outcome, "", ""
        word = report.outcome.upper()
        return report.outcome, word[0] if report.failed else ".", f"{word} ({report.duration:.1f} s)"

    def _progress(self, verdict: Verdict, seconds: float) -> None:
        """``PASSED    reservekit: capacity … [RK-CAPACITY-FULL] (0.5 s)``: one line a check as it
        ends; why one failed or did not run is said once, in the summary after the last."""
        if self._verbose or self._terminal is None:
            return
        word = "UNCHECKED" if verdict.outcome == "skipped" else verdict.outcome.upper()
        self._terminal.ensure_newline()
        self._terminal.write_line(f"{word:9} {verdict.check} ({seconds:.1f} s)")

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        self.interrupted = exitstatus == pytest.ExitCode.INTERRUPTED
        if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED:
            # Every check deselected (-k, -m, a node id after --): pytest's 5 is the kit's "target
            # not usable", which a CI would read as the vendor's server being down.
            self.selected_none = True
            session.exitstatus = USAGE_ERROR
        unchecked = any(v.outcome == "skipped" for v in self.verdicts.values())
        if exitstatus == 0 and unchecked:
            session.exitstatus = 1 if self.strict else UNCHECKED
        failed = any(v.outcome == "failed" for v in self.verdicts.values())
        if self.stopped and not failed and not self.interrupted:
            session.exitstatus = TARGET_NOT_USABLE  # the target's outage, not its contract

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        failed_setup = report.when == "setup" and report.outcome != "passed"
        if report.when != "call" and not failed_setup and not (report.when == "teardown" and report.failed):
            return
        check, key = _check_name(report), check_key(report)
        rules = load().rules_checked_by(key, self.api)
        if rules:
            check = f"{check} [{', '.join(rule.id for rule in rules)}]"
        if check in self.verdicts and self.verdicts[check].outcome == "failed":
            return  # a teardown after a failed call does not hide the failure
        detail = detail_of(report)
        unchecked = getattr(report, "kit_unchecked", False)  # failed only because of --strict
        broken: str | None = getattr(report, "kit_broken", None)
        held: tuple[str, ...] = getattr(report, "kit_held", ())
        if report.failed and broken is not None and not unchecked and broken not in {r.id for r in rules}:
            # The rule engine found, in this check's traffic, a rule the check does not assert.
            detail += f"\nbroke {broken}" + "".join(
                f"\n{rule.id} says: {rule.says}" for rule in load().rules if rule.id == broken
            )
        elif report.failed and rules and not unchecked:
            hit = [rule for rule in rules if broken in (None, rule.id)]
            if broken is not None and len(rules) > len(hit):
                # Beside the reason: which of the check's rules it is about.
                first, _, rest = detail.partition("\n")
                detail = f"{first} (broke {broken}{rules_beside(rules, broken, held)})" + (
                    f"\n{rest}" if rest else ""
                )
            detail += "".join(f"\n{rule.id} says: {rule.says}" for rule in hit)
        outcome = "skipped" if unchecked else report.outcome
        unmet = tuple(rule for rule in getattr(report, "kit_unmet", ()) if rule in {r.id for r in rules})
        if outcome == "passed":
            detail = getattr(report, "kit_traffic", "")  # a schema check's requests and 2xx answers
            if unmet:
                detail = f"not met here, so not checked: {', '.join(unmet)} (a target others share)"
        stopped, contended = getattr(report, "kit_stopped", False), getattr(report, "kit_contended", False)
        self.verdicts[check] = Verdict(check, outcome, detail, key, broken, held, unmet, stopped, contended)
        self._progress(self.verdicts[check], report.duration)

    @pytest.hookimpl
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        """A module of checks that could not be loaded: the kit's own fault (or its install's),
        never the target's, said as a failure with its error where it would have read NOTHING
        CHECKED; the other modules' checks still run (``--continue-on-collection-errors``)."""
        if not report.failed:
            return
        text = report.longreprtext.strip().splitlines()
        errors = [line[2:].strip() for line in text if line.startswith("E ")]
        where = next((line for line in reversed(text) if re.match(r"^\S+\.py:\d+", line)), "")
        said = (errors[-1] if errors else text[-1] if text else "an error")[:300]
        at = f" ({where.split(': ')[0]})" if where else ""
        # A module outside the kit's directory (given after --) has no node id: its error's file.
        module = report.nodeid.split("::")[0] or where.split(":")[0] or "a module of checks"
        check = f"{Path(module).name}: could not be loaded"
        detail = f"{said}{at}\nthe kit's own fault, not the target's: its checks there did not run"
        self.verdicts[check] = Verdict(check, "failed", detail)

    @pytest.hookimpl
    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        write = terminalreporter.write_line
        terminalreporter.section(self.title)
        order = {"skipped": 0, "failed": 1, "passed": 2}
        counts = {"passed": 0, "failed": 0, "skipped": 0}
        for verdict in self.verdicts.values():
            counts[verdict.outcome] = counts.get(verdict.outcome, 0) + 1
        shown = sorted(self.verdicts.values(), key=lambda v: order.get(v.outcome, 3))
        for verdict, alike in alike_grouped(shown):
            word = "UNCHECKED" if verdict.outcome == "skipped" else verdict.outcome.upper()
            line = f"{word:9} {verdict.check}"
            if alike:
                line += f", and the same on {len(alike)} more: " + ", ".join(
                    operation(v.check) for v in alike
                )
            write(line if not verdict.detail else f"{line}\n          {indented(verdict.detail)}")
        write("-" * _WIDTH)
        write(self.summary(counts))
        write(self.rules_line())
        outage = [verdict for verdict in self.stopped if not verdict.contended]
        for count, said in ((len(outage), OUTAGE), (len(self.stopped) - len(outage), BESIDE)):
            if count:
                checks = "1 check has" if count == 1 else f"{count} checks have"
                write(f"{self.api}: {said[0]}: {checks} no verdict; {said[1]}")
        if self.selected_none:
            write(f"{self.api}: the pytest options given (-k, -m, a node id) selected no check: usage error")
        if waited := self.waited.line(self.api):
            write(waited)
        if self.own_faults:
            rules = "1 fault rule" if self.own_faults == 1 else f"{self.own_faults} fault rules"
            write(
                f"{self.api}: the sandbox your tokens name had {rules} of its own when the run began "
                "(booking-sandbox faults list): a failure above may be one firing, not the API"
            )
        # Once each: two checks' tidy-ups may both have tried the same thing (a target gone).
        if leftovers := list(dict.fromkeys(self.leftovers)):
            write(f"{self.api}: left on the target, which the kit could not remove ({len(leftovers)}):")
            for left in leftovers:
                write(visible(f"  {left.what}: {left.why}; to remove it: {left.how}"))

    @property
    def stopped(self) -> list[Verdict]:
        """The checks the target's outage, or another run beside them, left without a verdict."""
        return [verdict for verdict in self.verdicts.values() if verdict.stopped]

    def rules_line(self) -> str:
        """How many of the API's documented rules this run checked (docs/rules.md lists them)."""
        rules = load().of(self.api)
        verdicts = ((v.key, v.outcome, v.broken, v.held, v.unmet) for v in self.verdicts.values())
        checked, broken, unchecked = coverage(rules, verdicts)
        return (
            f"{self.api}: documented rules: {checked + broken} of {len(rules)} checked ({broken} broken), "
            f"{unchecked} not checked by this run (docs/rules.md says why)"
        )

    def summary(self, counts: dict[str, int]) -> str:
        """One line for a ticket: what was checked, what failed, what was not checked."""
        checked = counts["passed"] + counts["failed"]
        if self.interrupted:  # what ran passed or failed; what did not is no verdict either way
            verdict = "INTERRUPTED, the checks after these never ran"
        elif self.stopped and not counts["failed"]:
            outage = any(not verdict.contended for verdict in self.stopped)
            verdict = "THE TARGET STOPPED ANSWERING" if outage else "ANOTHER KIT RUN BOOKED ON THE ACCOUNT"
        elif counts["failed"]:
            verdict = "FAILED"
        elif counts["skipped"]:
            verdict = "FAILED (--kit-strict: unchecked)" if self.strict else "PASSED WITH UNCHECKED RULES"
        elif checked:
            verdict = "ALL CHECKED AND PASSED"
        else:
            verdict = "NOTHING CHECKED"
        passed, failed, unchecked = counts["passed"], counts["failed"], counts["skipped"]
        tally = f"{checked} checked ({passed} passed, {failed} failed), {unchecked} unchecked"
        return f"{self.api}: {verdict}: {tally}"


def check_key(report: pytest.TestReport) -> str:
    """The check as the inventory names it: ``test_reservekit::test_x``, or ``conformance``."""
    module = report.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
    if module == "test_conformance":
        return "conformance"
    if module == "test_explore":
        return "explore"
    return f"{module}::{report.location[2].split('[')[0]}"


def _check_name(report: pytest.TestReport) -> str:
    """``rules/test_merchant.py::test_group_full`` reads as ``merchant: group full``.

    The test's own name comes from ``location``: Schemathesis gives its
    per-operation items one node id but names the operation there.
    """
    module = report.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py").removeprefix("test_")
    names = report.location[2].split(".")
    words = [name.removeprefix("Test").removeprefix("test_").replace("_", " ") for name in names]
    return f"{module}: {' / '.join(word for word in words if word != 'runTest')}"
