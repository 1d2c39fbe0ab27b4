"""``--other-account``: the credentials of accounts other than a recording's own, for the checks
of traffic (``check-har``, ``proxy``). Each credential's traffic is otherwise followed apart, as ids
are per account, so a leak between two accounts reads as two callers' clean traffic."""

from __future__ import annotations

import argparse
from typing import Any

HELP = (
    "a credential of another account than the {whose} (repeatable; a token, the header's value, or "
    "the fingerprint a recording shows, e.g. 1a2b3c4d): its requests must neither change nor show "
    "a booking another credential was shown, or be answered as another's create was"
)


def add_other_account(parser: Any, whose: str) -> None:
    parser.add_argument(
        "--other-account",
        metavar="CREDENTIAL",
        action="append",
        type=_credential,
        default=[],
        help=HELP.format(whose=whose),
    )


def _credential(value: str) -> str:
    from mockserver.rule_engine.callers import caller_named  # noqa: PLC0415

    if not value.strip():
        raise argparse.ArgumentTypeError("names no credential")
    return caller_named(value)
