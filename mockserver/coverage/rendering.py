"""A coverage report as people read it: a terminal table (coverage.py's habit: what was never
touched listed last) and one HTML file that opens offline. Its JSON is ``Coverage.as_json``,
described by ``schema.json``."""

from __future__ import annotations

from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from .report import ApiCoverage, Coverage


def text(report: Coverage) -> str:
    lines: list[str] = []
    never: list[str] = []
    for api in report.apis:
        seen, total = api.responses
        exercised, operations = api.exercised
        lines.append(
            f"{api.api}: {exercised} of {operations} operations exercised, "
            f"{seen} of {total} documented responses seen ({_percent(seen, total)})"
        )
        width = max((len(op.name) for op in api.operations), default=10)
        for op in api.operations:
            if not op.seen:
                never.append(f"{api.api} {op.name}")
                continue
            answered = " ".join(f"{s}x{n}" for s, n in sorted(op.seen.items()))
            missing = f"   never: {' '.join(map(str, op.never))}" if op.never else ""
            lines.append(f"  {op.name:<{width}}  {answered}{missing}")
        lines.extend(_named(api))
        never += [f"{api.api} rule {rule}" for rule in api.known_rules if rule not in api.rules]
    lines.append(f"TOTAL {report.percent:.1f} % of documented responses seen")
    if never:
        lines.append("Never touched:")
        lines.extend(f"  {item}" for item in never)
    return "\n".join(lines) + "\n"


def html(report: Coverage) -> str:
    templates = Environment(
        loader=PackageLoader("mockserver.coverage", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
    )
    style = (files("mockserver.coverage") / "templates" / "report.css").read_text(encoding="utf-8")
    context: dict[str, Any] = {"report": report, "json": report.as_json(), "style": style}
    return templates.get_template("report.html").render(**context)


def _named(api: ApiCoverage) -> list[str]:
    lines = []
    if api.errors:
        lines.append("  errors: " + ", ".join(f"{code!r} x{n}" for code, n in sorted(api.errors.items())))
    if api.rules:
        lines.append("  rules: " + ", ".join(f"{rule} x{n}" for rule, n in sorted(api.rules.items())))
    return lines


def _percent(seen: int, total: int) -> str:
    return f"{100.0 * seen / total:.1f} %" if total else "100.0 %"
