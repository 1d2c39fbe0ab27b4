"""A coverage report: the counts a sandbox recorded, held against what each API's spec documents.

Per API: each documented operation with the documented statuses its traffic answered and those
it never did, the error codes and messages seen, and the contract kit's inventory rules that
refused a request. The figure is documented responses seen over documented responses, as
coverage.py's is lines run over lines: an operation's 503 (the sandbox's own limit) is not
counted, as no integrator's suite is expected to meet it.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from mockserver.documents.resources import load_yaml, spec_path

# The APIs a report covers, in the README's order.
APIS = ("reservekit-v1", "merchant", "lifecycle", "bardge-v3")

FORMAT, VERSION = "booking-sandbox-coverage", 1
NOT_COUNTED = frozenset({503})
METHODS = ("get", "put", "post", "patch", "delete")


def percent(raw: str) -> float:
    """A bar for ``--fail-under``: a percentage the figure can reach. 200 failed every run as
    "under the bar", and -5 passed every run, each without a word of the mistake."""
    value = float(raw)
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"{raw} is not a percentage from 0 to 100")
    return value


@dataclass
class Operation:
    name: str
    documented: tuple[int, ...]
    seen: dict[int, int] = field(default_factory=dict)

    @property
    def counted(self) -> tuple[int, ...]:
        return tuple(s for s in self.documented if s not in NOT_COUNTED)

    @property
    def never(self) -> tuple[int, ...]:
        return tuple(s for s in self.counted if s not in self.seen)

    @property
    def undocumented(self) -> dict[int, int]:
        return {s: n for s, n in self.seen.items() if s not in self.documented}


@dataclass
class ApiCoverage:
    api: str
    operations: list[Operation]
    errors: dict[str, int]
    rules: dict[str, int]
    known_rules: tuple[str, ...]

    @property
    def responses(self) -> tuple[int, int]:
        """(documented responses seen, documented responses)."""
        return (
            sum(len(op.counted) - len(op.never) for op in self.operations),
            sum(len(op.counted) for op in self.operations),
        )

    @property
    def exercised(self) -> tuple[int, int]:
        return sum(bool(op.seen) for op in self.operations), len(self.operations)


@dataclass
class Coverage:
    apis: list[ApiCoverage]

    @property
    def percent(self) -> float:
        seen = sum(a.responses[0] for a in self.apis)
        total = sum(a.responses[1] for a in self.apis)
        return 100.0 * seen / total if total else 100.0

    def as_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "percent": round(self.percent, 2),
            "apis": {
                a.api: {
                    "percent": _percent(*a.responses),
                    "operations_exercised": list(a.exercised),
                    "responses_seen": list(a.responses),
                    "operations": [
                        {
                            "operation": op.name,
                            "documented": list(op.documented),
                            "seen": {str(s): n for s, n in sorted(op.seen.items())},
                            "never": list(op.never),
                            "undocumented": {str(s): n for s, n in sorted(op.undocumented.items())},
                        }
                        for op in a.operations
                    ],
                    "errors": dict(sorted(a.errors.items())),
                    "rules": dict(sorted(a.rules.items())),
                    "rules_never": [r for r in a.known_rules if r not in a.rules],
                }
                for a in self.apis
            },
        }


def build(
    rows: Iterable[Mapping[str, Any]], apis: Iterable[str], known_rules: Mapping[str, Iterable[str]]
) -> Coverage:
    """The report of ``rows`` (what ``GET /_sandbox/coverage`` answers) for ``apis``."""
    by_api: dict[str, list[Mapping[str, Any]]] = {}
    for row in rows:
        by_api.setdefault(str(row["api"]), []).append(row)
    report = []
    for api in apis:
        operations = {name: Operation(name, statuses) for name, statuses in documented(api)}
        errors: dict[str, int] = {}
        rules: dict[str, int] = {}
        for row in by_api.get(api, []):
            kind, item, count = row["kind"], str(row["item"]), int(row["count"])
            if kind == "operation" and item in operations:
                seen = operations[item].seen
                seen[int(row["status"])] = seen.get(int(row["status"]), 0) + count
            elif kind == "error":
                errors[item] = errors.get(item, 0) + count
            elif kind == "rule":
                rules[item] = rules.get(item, 0) + count
        known = tuple(sorted(set(known_rules.get(api, ()))))
        report.append(ApiCoverage(api, list(operations.values()), errors, rules, known))
    return Coverage(report)


@cache
def documented(api: str) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """Each operation of the API's spec (``METHOD /template``) with its documented statuses."""
    spec = load_yaml(spec_path(api))
    found = []
    for template, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                codes = sorted(int(code) for code in item[method].get("responses", {}) if str(code).isdigit())
                found.append((f"{method.upper()} {template}", tuple(codes)))
    return tuple(found)


def _percent(seen: int, total: int) -> float:
    return round(100.0 * seen / total, 2) if total else 100.0
