"""The kit's summary as a person's terminal receives it: a target's own words, escaped."""

from __future__ import annotations

from contract_tests.kit.report import Verdicts
from contract_tests.kit.tidy import Leftover
from contract_tests.kit.verdict_text import Verdict, indented


class Terminal:
    """What pytest's terminal reporter is to the kit's summary: lines written under a title."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def section(self, title: str) -> None:
        self.lines.append(f"== {title} ==")

    def write_line(self, line: str) -> None:
        self.lines.extend(line.splitlines())


def test_a_targets_words_in_a_reason_cannot_steer_the_terminal() -> None:
    """A vendor's error text quoted in a reason (``got 409: <its message>``) reached the terminal
    raw: ESC recoloured or retitled it, U+202E reversed the rest of the line."""
    verdicts = Verdicts("contract kit", "reservekit-v1")
    said = "got `409 Conflict`: \x1b]0;owned\x07slot \u202etaken\nsecond line \x1b[2J"
    verdicts.verdicts["reservekit: capacity"] = Verdict("reservekit: capacity", "failed", said)
    verdicts.leftovers = [Leftover("booking 7", "answered \x1b[31m500", "DELETE /v1/bookings/7")]
    terminal = Terminal()
    verdicts.pytest_terminal_summary(terminal)
    assert all(line.isprintable() for line in terminal.lines), terminal.lines
    assert "          got `409 Conflict`: \\x1b]0;owned\\x07slot \\u202etaken" in terminal.lines
    assert "          second line \\x1b[2J" in terminal.lines
    assert "  booking 7: answered \\x1b[31m500; to remove it: DELETE /v1/bookings/7" in terminal.lines


def test_a_detail_keeps_its_lines_under_the_verdict() -> None:
    assert indented("first\nZoë's second") == "first\n          Zoë's second"


def schema_failure(operation: str, *failures: str) -> Verdict:
    lines = [*failures, f"reproduce: curl -X {operation}"]
    return Verdict(f"conformance: operation[{operation}]", "failed", "\n".join(lines), "conformance")


def test_operations_fold_into_one_line_only_where_every_failure_is_alike() -> None:
    """Folded by their first failure alone, twelve operations whose first was a missing
    credential's read as one: the others' missing Content-Type and broken schemas went unsaid."""
    anyone = "ST401 API accepts requests without authentication: got `200 OK` for `{}`"
    verdicts = Verdicts("contract kit", "reservekit-v1")
    for verdict in (
        schema_failure(
            "GET /v1/services", anyone.format("GET /v1/services"), "ST104 Missing Content-Type header"
        ),
        schema_failure(
            "GET /v1/time-slots", anyone.format("GET /v1/time-slots"), "ST104 Missing Content-Type header"
        ),
        schema_failure(
            "POST /v1/bookings", anyone.format("POST /v1/bookings"), "ST103 Undocumented status code"
        ),
    ):
        verdicts.verdicts[verdict.check] = verdict
    terminal = Terminal()
    verdicts.pytest_terminal_summary(terminal)
    failed = [line for line in terminal.lines if line.startswith("FAILED")]
    assert failed == [
        "FAILED    conformance: operation[GET /v1/services], and the same on 1 more: GET /v1/time-slots",
        "FAILED    conformance: operation[POST /v1/bookings]",
    ]
    assert "          ST103 Undocumented status code" in terminal.lines
