"""``booking-sandbox journal``: list, count, write as HAR (``har``) or clear a sandbox's request journal."""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mockserver.server.settings import KNOWN_APIS

from .answers import journal_text
from .control_actions import unused_options
from .exits import NO, OK
from .output import output_file, show, wrote

if TYPE_CHECKING:
    from mockserver.integration.control_client import ControlClient


def _status(value: str) -> str:
    """``404`` or ``4xx``, as the control API takes it; anything else a usage error here."""
    if re.fullmatch(r"[1-5]([0-9]{2}|[xX]{2})", value) is None:
        raise argparse.ArgumentTypeError(
            f"invalid status: {value!r} (an answer's status, 404, or a class, 4xx)"
        )
    return value


def _at_least(least: int) -> Callable[[str], int]:
    """An argument's type: a whole number, ``least`` or more."""

    def number(value: str) -> int:
        try:
            read = int(value)
        except ValueError:
            read = least - 1
        if read < least:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of {least} or more")
        return read

    return number


def add_journal_command(commands: Any, common: argparse.ArgumentParser) -> None:
    journal = commands.add_parser(
        "journal",
        parents=[common],
        help="list, count or clear the request journal, or write it as HAR (journal har)",
    )
    journal.add_argument(
        "action", nargs="?", default="list", choices=("list", "count", "har", "clear"), help="default list"
    )
    journal.add_argument("--method", help="only requests of this method, e.g. POST")
    journal.add_argument(
        "--path",
        help="glob over the path, with or below its API's mount: '/v1/bookings*', '/reservekit/v1/bookings*'",
    )
    journal.add_argument(
        "--status",
        type=_status,
        help="only answers of this status (404), or class (4xx: --status 5xx --expect 0)",
    )
    journal.add_argument("--api", choices=KNOWN_APIS, help="only this API's traffic")
    journal.add_argument("--kind", choices=("request", "webhook"), help="requests served, or webhooks sent")
    journal.add_argument("--rule", help="the business rule that refused the request (its domain code)")
    journal.add_argument("--since", help="RFC 3339 instant, sandbox clock")
    journal.add_argument("--until", help="RFC 3339 instant, sandbox clock")
    journal.add_argument("--limit", type=_at_least(1), help="list: at most this many entries")
    journal.add_argument("--expect", type=_at_least(0), help="count: exit 1 unless the count is exactly this")
    journal.add_argument("--output", "-o", type=output_file, help="har: write here (default stdout)")
    journal.set_defaults(run=_journal, control=True, command=journal)


def _journal(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    from mockserver.integration.control_client import JOURNAL_FILTERS  # noqa: PLC0415 (loaded by run_control already)

    # Each was ignored where its action takes none: a CI step's ``journal list --status 5xx
    # --expect 0`` passed whatever the journal held, and ``journal clear --api merchant``
    # emptied the whole journal (the control API clears a sandbox's journal whole).
    unused_options(
        parser,
        args,
        {
            "limit": ("list",),
            "expect": ("count",),
            "output": ("har",),
            **dict.fromkeys(JOURNAL_FILTERS, ("list", "count", "har")),
        },
    )
    query = {name: getattr(args, name) for name in JOURNAL_FILTERS}
    if args.action == "clear":
        client.clear_journal()
        return OK
    if args.action == "count":
        count = client.journal_count(**query)
        print(count)
        if args.expect is not None and args.expect != count:
            print(f"journal count: expected {args.expect}, found {count}", file=sys.stderr)
            return NO
        return OK
    if args.action == "har":
        har = client.journal_har(**query)
        text = json.dumps(har, indent=2)
        if args.output:
            wrote(Path(args.output), text, f"{len(har['log']['entries'])} exchanges as HAR")
        else:
            print(text)
        return OK
    return show(args, client.journal(limit=args.limit, **query), journal_text)
