"""``booking-sandbox check-har``: a recorded HAR held to an API's spec and passive rules
(``cli/proxy.py`` is the same checks on live traffic).

Exit 0 clean, 1 findings, 4 a usage error, 5 a file that is not a readable HAR or holds
nothing to judge (``exits.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from mockserver.server.settings import KNOWN_APIS

from .accounts import add_other_account
from .exits import NO, OK, UNUSABLE
from .output import output_file, write_out


def add_check_har_command(commands: Any) -> None:
    check = commands.add_parser(
        "check-har",
        help="check a recorded HAR against an API's spec and the documents' rules",
        description="Holds every exchange of a HAR 1.2 file (the proxy's, the contract kit's, a "
        "browser's devtools export, Playwright's recordHar or a sandbox's journal) to the API's "
        "spec and, in order, to the documents' rules that observed traffic can prove. Exit 0 "
        "clean, 1 findings, 4 usage error, 5 unreadable file or nothing in it to judge.",
    )
    check.add_argument(
        "file",
        metavar="FILE",
        help="the HAR file, or Playwright's zip of one (its bodies in files beside a HAR are read "
        "too); - reads standard input (booking-sandbox journal har | booking-sandbox check-har -)",
    )
    check.add_argument(
        "--api",
        choices=KNOWN_APIS,
        help="judge this API's traffic only, wherever the target serves it: under each host and base "
        "path where the recording calls one of its documented paths (a browser's page files, other "
        "hosts' calls and exchanges under another API's sandbox mount are skipped and counted); "
        "without it, each exchange is judged by the API whose sandbox mount its path is under (a "
        "journal of several APIs)",
    )
    add_other_account(check, "recording's own")
    check.add_argument(
        "--junit",
        metavar="PATH",
        type=output_file,
        help="write a JUnit XML report here (one test case a check)",
    )
    check.add_argument("--json", metavar="PATH", type=output_file, help="write the findings as JSON here")
    check.set_defaults(run=run_check_har, parser=check)


def run_check_har(args: argparse.Namespace) -> int:
    from mockserver.live_checks.by_api import (  # noqa: PLC0415 (the specs load only for this command)
        RecordingCheck,
        api_places,
        several_origins,
        shown_bases,
        shows_credentials,
        with_bases,
    )
    from mockserver.live_checks.exchanges import UnreadableHar, read_har  # noqa: PLC0415

    try:
        exchanges = read_har(Path(args.file))
    except UnreadableHar as error:
        return _refused(args, str(error), UNUSABLE)
    shown = shown_bases(args.api, exchanges)
    exchanges = with_bases(args.api, exchanges, shown)
    places = api_places(args.api, exchanges, shown[args.api]) if args.api else None
    credentials = shows_credentials(exchanges)
    origins = several_origins(exchanges)
    check = RecordingCheck(
        args.api, places, origins=origins, credentials=credentials, others=args.other_account
    )
    for exchange in exchanges:
        for finding in check.observe(exchange):
            print(finding.line())
    verdict = check.verdict()
    for line in verdict.summary():
        print(line)
    if not any(report.exchanges for report in verdict.reports):
        return _nothing_judged(args, verdict.skipped)
    for option, render in (("junit", verdict.to_junit), ("json", lambda: verdict.to_json().encode())):
        target = getattr(args, option)
        if target:
            print(f"booking-sandbox check-har: wrote {write_out(target, render())}", file=sys.stderr)
    return NO if verdict.findings else OK


def _nothing_judged(args: argparse.Namespace, skipped: Counter[str]) -> int:
    """A recording of which no exchange was judged gives no verdict: "no finding" there would
    read as clean in CI when the recording missed its traffic or names another API."""
    from mockserver.live_checks.by_api import UNPLACED, WEBHOOK_DELIVERIES  # noqa: PLC0415
    from mockserver.rule_engine.no_calls import NO_CALLS  # noqa: PLC0415

    total = skipped.total()
    none_of = f"none of the {total} exchanges is" if total > 1 else "the one exchange is not"
    if not total:
        said, code = f"{args.file} holds no exchange of any API: nothing was checked", UNUSABLE
    elif set(skipped) <= NO_CALLS | {WEBHOOK_DELIVERIES}:
        said, code = (
            f"{none_of} an answered call of an API: nothing was checked",
            UNUSABLE,
        )
    elif args.api is None and set(skipped) <= NO_CALLS | {UNPLACED, WEBHOOK_DELIVERIES}:
        args.parser.error(f"{none_of} under a sandbox's API mount; name the API they belong to with --api")
    else:
        said, code = f"{none_of} {args.api}'s: nothing was checked", UNUSABLE
    return _refused(args, said, code)


def _refused(args: argparse.Namespace, said: str, code: int) -> int:
    """One line, and the ``--junit`` file CI reads saying the same (it found none at all)."""
    from mockserver.rule_engine.findings import refused_junit  # noqa: PLC0415

    print(f"booking-sandbox check-har: {said}", file=sys.stderr)
    if args.junit:
        write_out(args.junit, refused_junit("check-har", said, "check_har"))
    return code
