"""The report, from hand-made counts: figures, what was never touched, and its three forms."""

from __future__ import annotations

import argparse
import json
from importlib.resources import files

import jsonschema
import pytest

from mockserver.coverage.rendering import html, text
from mockserver.coverage.report import build, documented, percent

ROWS = [
    {"api": "reservekit-v1", "kind": "operation", "item": "GET /v1/services", "status": 200, "count": 3},
    {"api": "reservekit-v1", "kind": "operation", "item": "POST /v1/bookings", "status": 201, "count": 2},
    {"api": "reservekit-v1", "kind": "operation", "item": "POST /v1/bookings", "status": 400, "count": 1},
    {"api": "reservekit-v1", "kind": "operation", "item": "POST /v1/bookings", "status": 418, "count": 1},
    {"api": "reservekit-v1", "kind": "error", "item": "time slot is full", "status": 0, "count": 1},
    {"api": "reservekit-v1", "kind": "rule", "item": "RK-CAPACITY-FULL", "status": 0, "count": 1},
    # Another sandbox's counts of the same item add up.
    {"api": "reservekit-v1", "kind": "operation", "item": "GET /v1/services", "status": 200, "count": 2},
]
RULES = {"reservekit-v1": ["RK-CAPACITY-FULL", "RK-DUPLICATE"]}


def test_the_figures_count_documented_responses_seen_and_not_the_sandboxs_503() -> None:
    report = build(ROWS, ["reservekit-v1"], RULES)
    [api] = report.apis
    total = sum(len([s for s in statuses if s != 503]) for _, statuses in documented("reservekit-v1"))
    assert api.responses == (3, total)
    assert api.exercised == (2, len(documented("reservekit-v1")))
    assert report.percent == 100 * 3 / total
    services = next(op for op in api.operations if op.name == "GET /v1/services")
    assert services.seen == {200: 5}
    bookings = next(op for op in api.operations if op.name == "POST /v1/bookings")
    assert bookings.undocumented == {418: 1}
    assert 201 not in bookings.never
    assert 429 in bookings.never


def test_the_text_lists_what_was_never_touched_last() -> None:
    shown = text(build(ROWS, ["reservekit-v1"], RULES))
    lines = shown.splitlines()
    assert lines[0].startswith("reservekit-v1: 2 of 12 operations exercised, 3 of ")
    assert any(line.split() == ["GET", "/v1/services", "200x5", "never:", "400", "401"] for line in lines)
    never = lines[lines.index("Never touched:") + 1 :]
    assert "  reservekit-v1 DELETE /v1/bookings/{bookingID}" in never
    assert "  reservekit-v1 rule RK-DUPLICATE" in never
    assert "  reservekit-v1 rule RK-CAPACITY-FULL" not in never


def test_the_json_meets_its_published_schema_and_the_html_is_one_file() -> None:
    report = build(ROWS, ["reservekit-v1", "merchant"], RULES)
    schema = json.loads((files("mockserver.coverage") / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report.as_json())
    page = html(report)
    assert "<link" not in page
    assert "<script" not in page
    assert "GET /v1/services" in page
    assert "RK-DUPLICATE" in page


def test_a_bar_is_a_percentage_the_figure_can_reach() -> None:
    """``--fail-under`` and the plugin's ``--booking-sandbox-cov-fail-under`` parse with this:
    a bar of 200 failed every run as "under the bar", and -5 passed every run."""
    assert [percent(raw) for raw in ("0", "85.5", "100")] == [0, 85.5, 100]
    for raw in ("200", "-5", "100.01"):
        with pytest.raises(argparse.ArgumentTypeError, match=f"{raw} is not a percentage from 0 to 100"):
            percent(raw)
    with pytest.raises(ValueError, match="could not convert"):
        percent("most")
