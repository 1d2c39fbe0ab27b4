"""A verdict and how it reads: its reason from pytest's report, failures alike folded into one line, and
what a target answered shown with its control characters escaped, as a person's terminal would
otherwise obey them (a vendor's error text quoted in a reason can hold ESC or U+202E)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from mockserver.documents.printable import visible

_INDENT = "\n          "


@dataclass(frozen=True)
class Verdict:
    check: str
    outcome: str  # passed / failed / skipped
    detail: str
    key: str = ""
    """The check as the inventory names it: ``test_merchant::test_x``, or ``conformance``."""
    broken: str | None = None
    """The one rule a failure broke, where the check names it (else every rule of the check)."""
    held: tuple[str, ...] = ()
    """The check's rules whose assertions held before it failed."""
    unmet: tuple[str, ...] = ()
    """The check's rules it passed without deciding (not met here)."""
    stopped: bool = False
    """Unchecked because of the target's state, not its contract: it stopped answering as it ran
    (``outage.py``), or another run booked beside it (``contended``)."""
    contended: bool = False
    """Unchecked because another kit run booked on the same account beside it (``contention.py``)."""


def indented(detail: str) -> str:
    """A verdict's detail under its line, each of its lines made visible."""
    return _INDENT.join(visible(line) for line in detail.splitlines())


def alike_grouped(verdicts: Sequence[Verdict]) -> list[tuple[Verdict, list[Verdict]]]:
    """Each verdict, with the failures of the same check (each operation of the schema checks,
    each case of a scenario) that failed for the same reason folded into the first of them: a
    target that ignores bad credentials fails every operation with one sentence, which a person
    reads once (each keeps its own line in JUnit)."""
    grouped: list[tuple[Verdict, list[Verdict]]] = []
    first: dict[tuple[str, tuple[str, ...]], list[Verdict]] = {}
    for verdict in verdicts:
        cause = _cause(verdict.detail)
        same = (verdict.key, cause) if verdict.outcome == "failed" and cause else None
        if same is not None and same in first:
            first[same].append(verdict)
            continue
        alike: list[Verdict] = []
        if same is not None:
            first[same] = alike
        grouped.append((verdict, alike))
    return grouped


def _cause(detail: str) -> tuple[str, ...]:
    """What a failure's reason says broke: the kind of each of Schemathesis' distinct failures
    (``ST104 Missing Content-Type header``, its message aside: a schema's name differs from one
    operation to the next), else its first line without what it quotes. Folded by the first
    line alone, twelve operations whose first failure was a missing credential's showed as one,
    and the eleven others' missing Content-Type and broken schemas were never said."""
    lines = detail.splitlines()
    kinds = tuple(line.split(": ", 1)[0] for line in lines if re.match(r"ST\d{3} ", line))
    return kinds or ((sentence(lines[0]),) if lines and lines[0] else ())


def sentence(reason: str) -> str:
    """A failure's reason without what it quotes (``for `GET /v1/x```, ``got `201 Created```)."""
    return re.sub(r"`[^`]*`", "…", reason)


def operation(check: str) -> str:
    """What tells a check apart from the others of its kind: ``conformance: operation[GET /v1/x]``
    names ``GET /v1/x``, a scenario of several cases its case (``[phone without +]``)."""
    if check.startswith("conformance: "):
        return check.removeprefix("conformance: ").removeprefix("operation[").rstrip("]")
    case = re.search(r"(\[[^\]]*\]) \[[A-Z]", check)
    return case.group(1) if case else check


def rules_beside(rules: Sequence[Any], broken: str, held: tuple[str, ...]) -> str:
    """What became of the check's other rules: held before the failure, or never reached."""
    others = [rule.id for rule in rules if rule.id != broken]
    fine = [rule for rule in others if rule in held]
    unreached = [rule for rule in others if rule not in held]
    return (f"; held: {', '.join(fine)}" if fine else "") + (
        f"; not reached, so not checked: {', '.join(unreached)}" if unreached else ""
    )


def detail_of(report: pytest.TestReport) -> str:
    if report.outcome == "skipped":
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        if "told to run no test cases" in reason:
            return "nothing to generate in the chosen --phases (no examples in the spec for this operation)"
        return reason
    if report.outcome == "failed":
        # Set by the kit's makereport hook from the exception itself (``reasons.py``); a failure
        # outside a check (a fixture of pytest's own) has only pytest's text.
        known: str | None = getattr(report, "kit_reason", None)
        if known:
            return known
        text = report.longreprtext.strip().splitlines()
        errors = [line[2:].strip() for line in text if line.startswith("E ")]
        return (errors[0] if errors else "the check could not run to its end")[:300]
    return ""
