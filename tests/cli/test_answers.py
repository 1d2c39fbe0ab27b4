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


def test_a_frozen_clock_claims_no_offset_from_the_wall_clock() -> None:
    """The control API answers ``offset_seconds: 0`` for a frozen clock: the text said "+0 s from
    the wall clock" under an instant half a year ahead."""
    text = clock_text({"now": "2027-06-01T10:00:00+00:00", "frozen": True, "offset_seconds": 0.0})
    assert text.splitlines() == ["now     2027-06-01T10:00:00+00:00", "frozen  yes"]


def test_what_a_client_chose_reaches_the_terminal_as_escapes() -> None:
    """A path is the client's to choose and is printed as sent (percent-decoded): ESC recoloured
    the QA engineer's terminal, U+202E reversed the rest of the line. A status of 0 (no answer)
    reads as none."""
    entry = {"at": "2027-01-04T10:00:00Z", "kind": "request", "method": "GET", "duration_ms": 1.0}
    entries = [
        {**entry, "id": 2, "path": "/v1/bookings/\x1b[31mRED\x1b]0;owned\x07", "status": 400},
        {**entry, "id": 1, "path": "/v1/\u202egnp.exe", "status": 0, "kind": "webhook"},
    ]
    text = journal_text({"entries": entries, "count": 2})
    assert all(ch.isprintable() for line in text.splitlines() for ch in line), text
    assert "/v1/bookings/\\x1b[31mRED\\x1b]0;owned\\x07" in text
    assert "/v1/\\u202egnp.exe" in text
    assert text.splitlines()[2].split()[5] == "-", "status 0 read as an answer"
    assert "Zoë café 日本" in journal_text({"entries": [{**entry, "id": 3, "path": "Zoë café 日本"}]})
