"""One exit-code table for every command: a usage error is 4 with the command's own usage,
``--version`` answers, every option says what it is for, a closed pipe ends quietly, and the
README's table is the one the code keeps."""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import httpx
import pytest

from mockserver.cli import _parser, main
from mockserver.cli.exits import TABLE, USAGE, stops_as_interrupts
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.live import serving

README = Path(__file__).resolve().parents[2] / "README.md"

# Every command, as a user would type its name (db's actions are commands of their own).
COMMANDS = [
    ["serve"],
    ["contract"],
    ["coverage"],
    ["clock"],
    ["reset"],
    ["state"],
    ["faults"],
    ["journal"],
    ["webhooks"],
    ["db", "upgrade"],
    ["db", "version"],
    ["world"],
    ["check-har"],
    ["proxy"],
]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found[sub.prog] = sub
                found.update(_subcommands(sub))
    return found


def test_the_table_names_every_command() -> None:
    named = {" ".join(["booking-sandbox", *command]) for command in COMMANDS}
    leaves = {prog for prog, sub in _subcommands(_parser()).items() if not _subcommands(sub)}
    assert leaves == named


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_a_usage_error_is_4_with_the_commands_own_usage(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*command, "--no-such-option"])
    assert exited.value.code == USAGE
    lines = capsys.readouterr().err.splitlines()
    prog = " ".join(["booking-sandbox", *command])
    assert lines[0].startswith(f"{prog}: "), lines
    assert lines[1].startswith(f"usage: {prog} "), lines
    assert lines[-1] == f"(see {prog} --help)"


# Usage errors found once the arguments are parsed: the table's shape all the same.
CHECKED_AFTER_PARSING = [
    (["coverage"], "name a sandbox with --key KEY (repeatable), or --all"),
    (
        ["proxy", "--api", "reservekit-v1", "--upstream", "ftp://vendor"],
        "--upstream 'ftp://vendor' needs http://",
    ),
    (
        ["proxy", "--api", "reservekit-v1", "--upstream", "https://func.example/api?code=abc"],
        "--upstream 'https://func.example/api?code=abc' must end at its path, with no query",
    ),
    (
        ["proxy", "--api", "reservekit-v1", "--upstream", "http://vendor", "--key", "k"],
        "--key needs 8 to 130",
    ),
    (["db", "version"], "give --db (or BOOKING_SANDBOX_DB)"),
    # Checked before the server is asked anything (its URL here answers nothing).
    (
        ["clock", "advance", "--key", "sk_rsv_usage01", "--url", "http://127.0.0.1:9"],
        "clock advance needs a value",
    ),
    # Frozen now, silently, where an instant was asked for.
    (
        ["clock", "freeze", "2027-01-06T09:00:00Z", "--key", "sk_rsv_usage01", "--url", "http://127.0.0.1:9"],
        "clock freeze takes no value ('2027-01-06T09:00:00Z')",
    ),
    (["reset", "--list", "--seed", "7", "--key", "sk_rsv_usage01"], "reset --list lists the scenarios"),
    # Each cleared or listed every rule and exited 0: 'faults clear 3' meant to remove one.
    (["faults", "clear", "3", "--key", "sk_rsv_usage01"], "faults clear takes no id (3): it is for remove"),
    (
        ["faults", "clear", "--path", "/v1/*", "--key", "sk_rsv_usage01"],
        "faults clear takes no --path ('/v1/*'): it is for add",
    ),
    (
        ["webhooks", "list", "http://127.0.0.1:9/x", "--key", "sk_rsv_usage01"],
        "webhooks list takes no target ('http://127.0.0.1:9/x'): it is for add, remove, test and deliveries",
    ),
    (
        ["webhooks", "remove", "1", "--event", "bookings.create", "--key", "sk_rsv_usage01"],
        "webhooks remove takes no --event (['bookings.create']): it is for add",
    ),
    (["db", "upgrade", "--db", "mysql://u@h/d"], "mysql is not supported"),
    # Each was ignored: a CI step's check of no server error passed whatever the journal held,
    # and a clear of one API's traffic emptied the whole journal.
    (
        [
            "journal",
            "list",
            "--status",
            "5xx",
            "--expect",
            "0",
            "--key",
            "sk_rsv_usage01",
            "--url",
            "http://127.0.0.1:9",
        ],
        "journal list takes no --expect (0): it is for count",
    ),
    (
        ["journal", "clear", "--api", "merchant", "--key", "sk_rsv_usage01", "--url", "http://127.0.0.1:9"],
        "journal clear takes no --api ('merchant'): it is for list, count and har",
    ),
    (
        ["journal", "count", "--expect", "-1", "--key", "sk_rsv_usage01"],
        "argument --expect: '-1' is not a whole",
    ),
]


@pytest.mark.parametrize(
    ("argv", "said"), CHECKED_AFTER_PARSING, ids=[" ".join(a[:2]) for a, _ in CHECKED_AFTER_PARSING]
)
def test_a_usage_error_found_after_parsing_has_the_commands_own_usage_too(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOOKING_SANDBOX_KEY", raising=False)
    monkeypatch.delenv("BOOKING_SANDBOX_DB", raising=False)
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == USAGE
    lines = capsys.readouterr().err.splitlines()
    prog = " ".join(["booking-sandbox", *(argv[:2] if argv[0] == "db" else argv[:1])])
    assert lines[0].startswith(f"{prog}: {said}"), lines
    assert lines[1].startswith(f"usage: {prog} "), lines
    assert lines[-1] == f"(see {prog} --help)"


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["clock", "advance", "-1h"],
            "-1h reads as an option; a clock only moves forward: to go back, reset --start-at",
        ),
        (
            ["journal", "count", "--path", "/x", "-2x"],
            "-2x starts with '-', so it reads as an option: give it last, after --",
        ),
    ],
    ids=["clock", "journal"],
)
def test_a_value_starting_with_a_minus_and_a_digit_says_why_it_was_not_read(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """argparse reads "-1h" as an option it does not know: "unrecognized arguments: -1h" left a
    person to guess that a clock cannot go back, or how to pass such a value at all."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == USAGE
    assert capsys.readouterr().err.splitlines()[0].endswith(f"unrecognized arguments: {argv[-1]} ({said})")


@pytest.mark.parametrize("argv", [[], ["serv"], ["--no-such-option"]], ids=["nothing", "typo", "option"])
def test_a_usage_error_at_the_top_is_4_too(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == USAGE
    assert capsys.readouterr().err.splitlines()[1].startswith("usage: booking-sandbox ")


@pytest.mark.parametrize(("argv", "code"), [([], USAGE), (["srve"], USAGE), (["--help"], 0)])
def test_the_dev_script_keeps_the_same_codes(argv: list[str], code: int) -> None:
    """``./dev``, the quick start's two commands: a mistyped one is a usage error, 4, as the
    README's table says for every command (it was 2, the table's "interrupted")."""
    dev = Path(__file__).resolve().parents[2] / "dev"
    ran = subprocess.run(["sh", str(dev), *argv], check=False, capture_output=True, text=True)
    assert ran.returncode == code
    said = ran.stdout if code == 0 else ran.stderr
    assert said == "usage: ./dev serve [options] | ./dev test [pytest options]\n"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert re.fullmatch(r"booking-sandbox \d+\.\d+\.\d+\S*\n", capsys.readouterr().out)


def test_every_option_and_argument_says_what_it_is_for() -> None:
    silent = [
        f"{prog} {action.option_strings or action.dest}"
        for prog, sub in _subcommands(_parser()).items()
        for action in sub._actions
        if not isinstance(action, argparse._SubParsersAction | argparse._HelpAction)
        and not (action.help or "").strip()
    ]
    assert silent == []


def test_output_to_a_closed_pipe_ends_quietly() -> None:
    """``booking-sandbox world | head -1``: the reader leaves early, and no traceback follows."""
    read_a_little_and_leave([sys.executable, "-m", "mockserver.cli", "world", "--seed", "42"])


def test_a_control_commands_output_to_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """``booking-sandbox journal har | head``: the control commands took the broken pipe for a
    file named on the command line, "booking-sandbox: None: Broken pipe" and exit 5."""
    key = "sk_rsv_closed_pipe_reader"
    settings = Settings.load({"db": str(tmp_path / "sandbox.db")}, environ={})
    with serving(create_app(settings)) as origin:
        for _ in range(40):  # a journal past what a pipe holds unread (64 KiB)
            httpx.get(f"{origin}/reservekit/v1/services", headers={"Authorization": f"Bearer {key}"})
        cli = [sys.executable, "-m", "mockserver.cli", "journal", "har", "--url", origin, "--key", key]
        read_a_little_and_leave(cli)


def read_a_little_and_leave(command: list[str]) -> None:
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        process.stdout.read(10)
        process.stdout.close()  # the reader is gone before the output (~200 KB) is written
        error = process.stderr.read().decode()
        assert process.wait(timeout=60) == 0, error
    assert error == ""


def test_the_readme_prints_the_table_the_code_keeps() -> None:
    text = README.read_text(encoding="utf-8")
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (\d) \| (.+?) \|$", section, flags=re.MULTILINE)
    assert [(int(code), meaning) for code, meaning in rows] == [(code, meaning) for code, _, meaning in TABLE]


@pytest.mark.parametrize("given", ["rules,bogus", ",", "rule"])
def test_checks_are_named_one_or_several_and_a_misspelt_one_is_a_usage_error(
    given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["contract", "--api", "lifecycle", "--base-url", "http://127.0.0.1:9"]
    with pytest.raises(SystemExit) as exited:
        main([*base, "--checks", given])
    assert exited.value.code == USAGE
    assert "choose from all, rules, schema, explore, or several with commas" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (["--max-examples", "0"], "--max-examples must be at least 1, not 0"),
        (["--phases", "examples,bogus"], "--phases takes a comma-separated list of examples, coverage, "
         "fuzzing, stateful; got 'examples,bogus'"),
        (["--token", "other="], "--token for the role 'other' is empty (an unset variable?)"),
        (["--wait-for-sandbox", "-1"], "argument --wait-for-sandbox: '-1' is no number of seconds from 0 to 86400"),
    ],
    ids=["examples", "phases", "empty-token", "wait"],
)  # fmt: skip
def test_a_kit_option_it_cannot_use_is_said_as_the_commands_own_usage_errors(
    given: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The kit read these inside pytest, which said them in its words for a plugin's
    (``ERROR: contract kit: …`` and a blank line), unlike every other usage error of the command."""
    assert main(["contract", "--api", "merchant", "--base-url", "http://127.0.0.1:9", *given]) == USAGE
    assert capsys.readouterr().err.splitlines() == [f"booking-sandbox contract: {said}"]


def test_several_checks_run_each_once_in_the_kits_order() -> None:
    from mockserver.cli.contract import _checks  # noqa: PLC0415 (the kit's option, tested alone)

    assert _checks("explore, rules,explore") == ("rules", "explore")
    assert _checks("all") == ("all",)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["contract", "reservekit-v1", "--base-url", "http://127.0.0.1:9"],
            "the following arguments are required: --api (reservekit-v1 is a value of --api: write "
            "--api reservekit-v1)",
        ),
        (
            ["check-har", "merchant", "journal.har"],
            "unrecognized arguments: journal.har (merchant is a value of --api: write --api merchant)",
        ),
        (
            ["contract", "--api", "merchant", "--base-url", "http://127.0.0.1:9", "-k", "capacity"],
            "unrecognized arguments: -k capacity (pytest's own options go last, after --)",
        ),
        (
            ["contract", "--api", "merchant", "--base-url", "http://127.0.0.1:9", "tests/x.py"],
            "unrecognized arguments: tests/x.py (pytest's own options go last, after --)",
        ),
    ],
    ids=["contract-api-as-a-word", "check-har-api-as-a-word", "pytest-option", "stray-word"],
)
def test_a_word_in_the_wrong_place_is_told_where_it_goes(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``contract reservekit-v1 --base-url …`` (as other tools name a target) was told "required:
    --api, --base-url", though --base-url was there: the pass-through to pytest had taken the rest.
    A stray word ran the whole kit before pytest called it a missing file."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == USAGE
    assert capsys.readouterr().err.splitlines()[0] == f"booking-sandbox {argv[0]}: {said}"


def test_what_follows_the_double_dash_is_pytests_and_only_that() -> None:
    base = ["contract", "--api", "merchant", "--base-url", "http://127.0.0.1:9"]
    assert _parser().parse_args(base).pytest_args == []
    args = _parser().parse_args([*base, "--", "-k", "capacity", "--", "--seed", "1"])
    assert args.pytest_args == ["-k", "capacity", "--", "--seed", "1"]
    assert args.seed is None
    assert "[-- PYTEST_OPTIONS]" in _subcommands(_parser())["booking-sandbox contract"].format_usage()


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["--verison"], "(--verison is no option of booking-sandbox: did you mean --version?)"),
        (["contarct"], "(did you mean contract?)"),
        (["help"], "(for help: booking-sandbox --help, or booking-sandbox COMMAND --help)"),
        (["serve", "--prot", "8000"], "(--prot is no option of booking-sandbox serve: did you mean --port?)"),
        (
            ["contract", "--api", "merchant", "--base_url", "http://127.0.0.1:9"],
            "(--base_url is no option of booking-sandbox contract: did you mean --base-url?)",
        ),
        (
            ["contract", "--api", "merchant", "--base-url", "http://127.0.0.1:9", "--max_examples=3"],
            "(--max_examples is no option of booking-sandbox contract: did you mean --max-examples?)",
        ),
        (
            ["contract", "--api", "reservekit", "--base-url", "http://127.0.0.1:9"],
            "(did you mean reservekit-v1?)",
        ),
        (["clock", "advnce", "1h"], "(did you mean advance?)"),
        (["journal", "count", "--api", "bardge"], "(did you mean bardge-v3?)"),
        (["faults", "add", "--kind", "error", "--api", "reservekit"], "(did you mean reservekit-v1?)"),
    ],
    ids=[
        "top-option",
        "command",
        "help",
        "swapped",
        "underscore",
        "underscore-unrecognized",
        "value",
        "action",
        "journal-api",
        "faults-api",
    ],
)
def test_a_misspelt_option_command_or_value_is_told_what_was_meant(
    argv: list[str], hint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--verison`` was told "the following arguments are required: COMMAND", ``--base_url``
    "required: --base-url": argparse names a required option before an unknown one, and never
    the one meant."""
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == USAGE
    assert capsys.readouterr().err.splitlines()[0].endswith(hint)


def test_a_word_near_nothing_gets_no_guess(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["serve", "--zzzzzz"])
    assert (
        capsys.readouterr().err.splitlines()[0] == "booking-sandbox serve: unrecognized arguments: --zzzzzz"
    )


def test_a_command_that_takes_stops_as_interrupts_gives_both_handlers_back() -> None:
    """``serve``'s workers and ``proxy`` set their own SIGINT and SIGTERM handlers inside the
    block; a caller in process (a test, a script) gets its own back, Ctrl-C's included."""
    before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
    with stops_as_interrupts():
        with pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGTERM)
        for stop in (signal.SIGINT, signal.SIGTERM):
            signal.signal(stop, lambda number, frame: None)  # as proxy sets them for uvicorn
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_a_server_takes_ctrl_c_while_it_starts_even_where_it_was_started_ignoring_it() -> None:
    """Started with SIGINT ignored (a script's ``&``), a server still handles it once uvicorn
    serves: a Ctrl-C while it started was lost. A command that is no server (``contract``)
    keeps the ignoring it was given; each gets it back after."""
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with stops_as_interrupts(server=True), pytest.raises(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        with stops_as_interrupts():
            signal.raise_signal(signal.SIGINT)  # ignored, as it came
    finally:
        signal.signal(signal.SIGINT, before)


def test_a_second_stop_while_the_first_winds_down_ends_at_once_with_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A kit run stopped twice (a CI job's cancel sends SIGINT, then SIGTERM) had the second raise
    inside pytest's report of the first: a SystemError from Python's parser, and exit 1, "a check
    failed". The second now ends the process, exit 2, saying so."""

    def ended(code: int) -> NoReturn:
        raise SystemExit(code)

    monkeypatch.setattr(os, "_exit", ended)
    # A command as a shell starts one, its Ctrl-C Python's own: once in CI this test's worker
    # held another handler, which the block rightly leaves alone, and the first SIGINT raised nothing.
    held = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        before = (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM))
        with stops_as_interrupts():
            with pytest.raises(KeyboardInterrupt):
                signal.raise_signal(signal.SIGINT)
            try:
                signal.raise_signal(signal.SIGTERM)
            except SystemExit as again:
                code: object = again.code
            except KeyboardInterrupt:
                code = "interrupted again"
        assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
    finally:
        signal.signal(signal.SIGINT, held)
    assert code == 2
    assert "booking-sandbox: stopped again: ended before its tidy-up" in capsys.readouterr().err


INTERRUPTED_IN_A_STRING_EXEC = """
from mockserver.cli import world

def interrupted(args):
    exec("raise KeyboardInterrupt")  # as a SIGTERM landing while a dataclass's methods are made

world._print_world = interrupted
"""


def test_an_interrupt_main_caught_is_exit_2_under_python_m_too(tmp_path: Path) -> None:
    """A SIGTERM that landed in a string ``exec`` as ``serve`` or ``proxy`` started (a
    dataclass's methods are made so) was caught and said (``interrupted``), yet CPython ended
    ``python -m mockserver.cli`` by SIGINT after it: -2 where the table says 2."""
    (tmp_path / "sitecustomize.py").write_text(INTERRUPTED_IN_A_STRING_EXEC)
    run = subprocess.run(
        [sys.executable, "-m", "mockserver.cli", "world", "--seed", "1"],
        env={**os.environ, "PYTHONPATH": str(tmp_path)}, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert run.stderr == "booking-sandbox: interrupted\n"
    assert run.returncode == 2
