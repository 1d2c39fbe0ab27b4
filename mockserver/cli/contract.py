"""``booking-sandbox contract``: the contract kit as a command, and the target data it reads.

The kit itself is a pytest suite (``contract_tests``); this module turns the command's
options into that run's, and with ``--print-target-data`` writes the target data a running
booking-sandbox serves, as the example of the file a vendor's test data goes in.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from mockserver.server.settings import KNOWN_APIS

from .exits import CANNOT_START, USAGE, Stops, stops_as_interrupts
from .output import output_file


def add_contract_command(commands: Any) -> None:
    contract = commands.add_parser(
        "contract",
        help="check an implementation of an API against its spec and its document's rules",
        description="Runs the contract kit (Schemathesis and the business-rule scenarios) against BASE_URL. "
        "Exit code 0 only when every check ran and passed, 1 when one failed, 6 when none failed "
        "but some did not run (--strict: 1), 5 when the target is not usable, 4 for a usage error. "
        "Extra pytest options go after --.",
    )
    contract.add_argument("--api", required=True, choices=KNOWN_APIS, help="the API the target serves")
    contract.add_argument("--base-url", required=True, help="where the API's paths are served")
    contract.add_argument(
        "--token",
        action="append",
        default=[],
        help="bearer token, or ROLE=TOKEN (repeatable); none needed against a booking-sandbox",
    )
    contract.add_argument("--header", action="append", default=[], help="Name:value sent on every request")
    contract.add_argument(
        "--target-data",
        help="the vendor's test data, YAML or JSON (openapi/target-data.schema.json; also "
        "BOOKING_SANDBOX_TARGET_DATA): tokens, catalogue ids, bookable hours, arranged bookings",
    )
    contract.add_argument(
        "--print-target-data",
        action="store_true",
        help="print the target data a running booking-sandbox serves for the API (the sandbox of the "
        "key a --token names, else a new one) and exit: a filled-in example of the file",
    )
    contract.add_argument("--seed", type=int, help="Schemathesis seed (default 20261121)")
    contract.add_argument("--max-examples", type=int, help="examples per operation and phase (default 25)")
    contract.add_argument(
        "--phases", help="comma-separated: examples,coverage,fuzzing,stateful (default all)"
    )
    contract.add_argument(
        "--explore-steps",
        type=int,
        help="steps the explorer walks (default 480, under a minute an API); with --seed, a finding's replay",
    )
    contract.add_argument(
        "--explore-shrink-seconds",
        type=int,
        help="how long the explorer shrinks a finding to its shortest sequence (default 10, less once "
        "it is one exchange; 0 reports the walk as it was found)",
    )
    contract.add_argument(
        "--checks",
        type=_checks,
        default=("all",),
        help="rules: the documents' business rules (seconds); schema: Schemathesis; explore: the "
        "explorer's seeded walk; several with commas, e.g. rules,explore (default all)",
    )
    contract.add_argument(
        "--wait-for-sandbox",
        metavar="SECONDS",
        help="when another run holds the sandbox your tokens name, wait up to this long for it "
        "(default: refused at once, exit 5)",
    )
    contract.add_argument(
        "--strict", action="store_true", help="a check that did not run fails the run (exit 1, not 6)"
    )
    contract.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="pytest's own line a check and its failure sections (short tracebacks) as well",
    )
    contract.add_argument(
        "--debug", action="store_true", help="as --verbose, with whole tracebacks and every skip's reason"
    )
    contract.add_argument(
        "--junit", type=output_file, help="write a JUnit XML report here (every detail, always)"
    )
    contract.add_argument(
        "--har", type=output_file, help="write every exchange to this HAR 1.2 file (secrets masked)"
    )
    contract.handed_on = "pytest"  # args.pytest_args: what follows --, e.g. -- -k capacity
    contract.usage = f"{contract.format_usage().removeprefix('usage: ').rstrip()} [-- PYTEST_OPTIONS]"
    contract.set_defaults(run=run_contract)


CHECKS = ("all", "rules", "schema", "explore")


def _checks(value: str) -> tuple[str, ...]:
    """``rules,explore``: the kinds of check to run, each once, in the kit's order."""
    named = {part.strip() for part in value.split(",") if part.strip()}
    unknown = sorted(named - set(CHECKS))
    if unknown or not named:
        said = ", ".join(unknown) or repr(value)
        raise argparse.ArgumentTypeError(
            f"invalid choice: {said} (choose from {', '.join(CHECKS)}, or several with commas)"
        )
    return tuple(check for check in CHECKS if check in named)


def run_contract(args: argparse.Namespace) -> int:
    # Imported here: the kit's extras are optional, and serve must work without them.
    try:
        import pytest  # noqa: PLC0415

        import contract_tests  # noqa: PLC0415
    except ImportError as missing:
        print(
            f"booking-sandbox contract needs the kit's extras ({missing.name} is missing):", file=sys.stderr
        )
        print("    pip install 'booking-sandbox[contract]'", file=sys.stderr)
        return CANNOT_START
    if args.print_target_data:
        return _print_target_data(args)
    if not _options_usable(args):
        return USAGE
    # Only the plugin the kit uses: every auto-loaded plugin's package is assertion-rewritten at
    # each start (hundreds of modules, seconds of a run where bytecode is not cached).
    os.environ.setdefault("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    kit = Path(contract_tests.__file__).parent
    where = {
        "all": kit,
        "rules": kit / "rules",
        "schema": kit / "test_conformance.py",
        "explore": kit / "test_explore.py",
    }
    chosen = [kit] if "all" in args.checks else [where[check] for check in args.checks]
    argv = [*(str(path) for path in chosen), "-p", "schemathesis.pytest.plugin"]
    argv += ["--api", args.api, "--base-url", args.base_url]
    for token in args.token:
        argv.append(f"--token={token}")
    for header in args.header:
        argv.append(f"--header={header}")
    for option in (
        "seed",
        "max_examples",
        "explore_steps",
        "explore_shrink_seconds",
        "phases",
        "har",
        "target_data",
        "wait_for_sandbox",
    ):
        value = getattr(args, option)
        if value is not None:
            argv.append(f"--{option.replace('_', '-')}={value}")
    if args.strict:
        argv.append("--kit-strict")
    if args.debug:
        argv += ["-vv", "--tb=long", "-rs"]  # the ini says -q: two -v make it verbose
    elif args.verbose:
        argv += ["-vv", "--tb=short"]
    if args.junit:
        argv.append(f"--junitxml={args.junit}")
    extra = args.pytest_args
    # A CI job cancelled or timed out is sent SIGTERM: ended on the spot, the run left its
    # bookings on the target, its lease held and no report. It ends as Ctrl-C ends it instead:
    # the tidy-up, the lease given back, the summary and its files, exit 2.
    with stops_as_interrupts() as stops:
        return int(pytest.main([*argv, *extra], plugins=[_StopsBetweenChecks(stops)]))


class _StopsBetweenChecks:
    """A stop whose interrupt Python swallowed (``exits.Stops``) ends the run after the check it
    came in, as an interrupt there would: tidied, the sandbox given back, exit 2. Else the run
    went on to its end, and a second Ctrl-C ended it before its tidy-up."""

    def __init__(self, stops: Stops) -> None:
        self._stops = stops

    def pytest_runtest_logfinish(self) -> None:
        self._stops.check()


def _options_usable(args: argparse.Namespace) -> bool:
    """The kit's options read as the kit reads them, before pytest starts: a mistake said in one
    line as the command's own are (``booking-sandbox contract: …``, exit 4), not in pytest's words
    for a plugin's (``ERROR: contract kit: …`` and a blank line)."""
    from contract_tests.kit.holding import wait_seconds  # noqa: PLC0415
    from contract_tests.kit.target import TargetError, target_of  # noqa: PLC0415
    from contract_tests.kit.target_data import TargetDataError, given  # noqa: PLC0415

    try:
        wait_seconds("0" if args.wait_for_sandbox is None else args.wait_for_sandbox)
    except argparse.ArgumentTypeError as error:
        return _refused(f"argument --wait-for-sandbox: {error}")
    try:
        given(args.api, target_of(args).target_data)
    except (TargetError, TargetDataError) as error:
        return _refused(str(error))
    return True


def _refused(said: str) -> bool:
    # One line, as docs/contract-kit.md promises a usage error: the option's own words name it.
    print(f"booking-sandbox contract: {said}", file=sys.stderr)
    return False


def _print_target_data(args: argparse.Namespace) -> int:
    from contract_tests.kit.printing import print_target_data  # noqa: PLC0415

    return print_target_data(args.api, args.base_url, args.token)
