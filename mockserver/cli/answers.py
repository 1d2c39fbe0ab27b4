"""How the control commands' answers read for a person: each answer as a table or as
``name  value`` lines (``--json`` prints the answer itself)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from textwrap import shorten
from typing import Any

from .text import fields, table

_FAULT_DETAILS = (
    "status",
    "when",
    "ms",
    "min_ms",
    "max_ms",
    "median_ms",
    "sigma",
    "distribution",
    "limit",
    "window_seconds",
)


def clock_text(clock: dict[str, Any]) -> str:
    return fields(
        [
            ("now", clock.get("now")),
            ("frozen", clock.get("frozen")),
            # A frozen clock has none (the control API answers 0): "+0 s from the wall clock"
            # beside a frozen instant months away misled.
            (
                "offset",
                None
                if clock.get("frozen")
                else f"{_offset(clock.get('offset_seconds', 0))} from the wall clock",
            ),
        ]
    )


def _offset(seconds: float) -> str:
    """``+7,200 s (+2:00:00)``: whole seconds, and past a minute as days, hours and minutes (a
    sandbox set weeks ahead was ``+3.04637e+06 s``)."""
    whole = round(seconds)
    text = f"{whole:+,d} s"
    if abs(whole) >= 60:
        text += f" ({'-' if whole < 0 else '+'}{timedelta(seconds=abs(whole))})"
    return text


def sandbox_text(sandbox: dict[str, Any]) -> str:
    clock = sandbox.get("clock") or {}
    return fields(
        [
            ("seed", sandbox.get("seed")),
            ("scenario", sandbox.get("scenario") or "none"),
            ("world", sandbox.get("world") or "the server's"),
            ("clock", f"{clock.get('now')}{' (frozen)' if clock.get('frozen') else ''}"),
            ("apis used", sandbox.get("apis") or "none yet"),
        ]
    )


def scenarios_text(answer: dict[str, Any]) -> str:
    return table(
        answer["scenarios"],
        [
            ("name", lambda s: s["name"]),
            ("apis", lambda s: s.get("apis")),
            ("description", lambda s: shorten(" ".join(s.get("description", "").split()), 90)),
        ],
        empty="no scenarios",
    )


def faults_text(rules: list[dict[str, Any]]) -> str:
    return table(
        rules,
        [
            ("id", lambda r: r["id"]),
            ("kind", lambda r: r["kind"]),
            ("api", lambda r: r.get("api") or "every"),
            ("method", lambda r: r.get("method") or "any"),
            ("path", lambda r: r.get("path") or "*"),
            ("probability", lambda r: r.get("probability")),
            (
                "fired",
                lambda r: f"{r.get('fired', 0)} of {r['count']}" if r.get("count") else r.get("fired", 0),
            ),
            ("details", lambda r: " ".join(f"{k}={r[k]}" for k in _FAULT_DETAILS if r.get(k) is not None)),
        ],
        empty="no fault rules",
    )


def journal_text(page: dict[str, Any]) -> str:
    entries = page.get("entries", [])
    listed = table(
        entries,
        [
            ("id", lambda e: e["id"]),
            ("at", lambda e: e.get("at")),
            ("kind", lambda e: e.get("kind")),
            ("method", lambda e: e.get("method")),
            ("path", lambda e: e.get("path")),
            ("status", lambda e: e.get("status") or None),  # 0: no answer came (a cut, a timeout)
            ("ms", lambda e: None if e.get("duration_ms") is None else f"{e['duration_ms']:.1f}"),
            ("rule/fault", _refused_or_faulted),
        ],
        empty="no journal entries",
    )
    total = page.get("count", len(entries))
    more = f" (the newest {len(entries)} shown; --limit for more)" if total > len(entries) else ""
    return f"{listed}\n{total} {'entry' if total == 1 else 'entries'} in all{more}" if entries else listed


def _refused_or_faulted(entry: Mapping[str, Any]) -> str | None:
    """The business rule that refused the request, or the fault rule that shaped its answer (a
    latency's too): the control API names a fault as ``{"id", "kind"}``."""
    fault = entry.get("fault")
    return entry.get("rule") or (f"fault {fault['id']} {fault['kind']}" if fault else None)


def webhooks_text(hooks: list[dict[str, Any]]) -> str:
    return table(
        hooks,
        [("id", lambda h: h["id"]), ("url", lambda h: h["url"]), ("events", lambda h: h.get("events"))],
        empty="no webhook endpoints",
    )


def deliveries_text(deliveries: list[dict[str, Any]]) -> str:
    return table(
        deliveries,
        [
            ("id", lambda d: d["id"]),
            ("event", lambda d: d.get("event")),
            ("state", lambda d: d.get("state")),
            ("attempts", lambda d: d.get("attempts")),
            ("last status", lambda d: d.get("last_status")),
            ("next attempt", lambda d: d.get("next_attempt_at")),
            ("last error", lambda d: d.get("last_error")),
        ],
        empty="no deliveries yet",
    )
