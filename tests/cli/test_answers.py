"""How the control commands' answers read for a person (``cli/answers.py``)."""

from __future__ import annotations

import pytest

from mockserver.cli.answers import clock_text, journal_text


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0.0, "+0 s"),
        (0.4, "+0 s"),
        (-59.6, "-60 s (-0:01:00)"),
        (7200.0, "+7,200 s (+2:00:00)"),
        (3_046_370.4, "+3,046,370 s (+35 days, 6:12:50)"),
        (-90_061.0, "-90,061 s (-1 day, 1:01:01)"),
    ],
)
def test_a_clocks_offset_reads_in_whole_seconds_and_as_days_and_hours(seconds: float, said: str) -> None:
    text = clock_text({"now": "2027-01-04T09:00:00+00:00", "frozen": False, "offset_seconds": seconds})
    assert text.splitlines()[-1].split(None, 1) == ["offset", f"{said} from the wall clock"]


def test_the_journal_names_the_rule_that_refused_or_the_fault_that_fired() -> None:
    """The control API names a fault as ``{"id", "kind"}``: the table read a field no entry has,
    and a faulted request (a 503, a 2 s latency) showed nothing."""
    base = {
        "at": "2027-01-04T10:00:00Z",
        "kind": "request",
        "method": "POST",
        "path": "/p",
        "duration_ms": 1.0,
    }
    entries = [
        {**base, "id": 3, "status": 201, "rule": None, "fault": {"id": 1, "kind": "latency"}},
        {**base, "id": 2, "status": 400, "rule": "slot_full", "fault": None},
        {**base, "id": 1, "status": 201, "rule": None, "fault": None},
    ]
    lines = journal_text({"count": 3, "entries": entries}).splitlines()
    assert lines[0].split()[-1] == "RULE/FAULT"
    assert lines[1].endswith("fault 1 latency")
    assert lines[2].endswith("slot_full")
    assert lines[3].endswith("1.0  -")
