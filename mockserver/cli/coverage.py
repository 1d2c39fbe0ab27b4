"""``booking-sandbox coverage``: what a suite's sandboxes exercised, as coverage.py reports
lines: a terminal table, JSON or one HTML file, and ``--fail-under`` for CI."""

from __future__ import annotations

import argparse
import json
import os
import sys
from importlib.resources import files
from typing import Any

from mockserver.coverage.report import APIS, percent

from .control import add_url_argument, said_on_stderr
from .exits import FAIL_UNDER, NO, OK, UNUSABLE
from .output import output_file, write_out


def add_coverage_command(commands: Any) -> None:
    command = commands.add_parser(
        "coverage", help="what your tests exercised: operations, statuses, errors and rules per API"
    )
    add_url_argument(command)
    command.add_argument(
        "--key", action="append", default=[], help="a sandbox key whose traffic counts (repeatable)"
    )
    command.add_argument("--all", action="store_true", help="every sandbox of the server")
    command.add_argument("--api", action="append", choices=APIS, help="report these APIs only")
    command.add_argument(
        "--format", choices=("text", "json", "html"), default="text", help="the report's form (default text)"
    )
    command.add_argument("--output", "-o", type=output_file, help="write the report here (default stdout)")
    command.add_argument("--fail-under", type=percent, metavar="PERCENT", help="exit 2 under this total")
    command.add_argument("--schema", action="store_true", help="print the JSON report's JSON Schema")
    command.set_defaults(run=run, parser=command)


def run(args: argparse.Namespace) -> int:
    if args.schema:
        sys.stdout.write(schema_text())
        return 0
    keys = args.key or ([os.environ["BOOKING_SANDBOX_KEY"]] if os.environ.get("BOOKING_SANDBOX_KEY") else [])
    if not keys and not args.all:
        args.parser.error("name a sandbox with --key KEY (repeatable), or --all")
    # Here, not at the top: httpx, the specs and Jinja2 only for this command.
    import httpx  # noqa: PLC0415

    from mockserver.integration.control_client import ControlClient, ControlRefused, NotASandbox  # noqa: PLC0415
    from mockserver.integration.tls import tls_hint  # noqa: PLC0415

    rows: list[dict[str, Any]] = []
    try:
        for asked, key in enumerate(keys or ["coverage-reader"]):
            # The server is known for a sandbox once, before the first key's call.
            known = said_on_stderr if asked == 0 else None
            with ControlClient(args.url, key, health_first=known) as client:
                counted = client.coverage(server=args.all)
            rows += counted
            if not counted:
                # A mistyped key is a sandbox of its own, with nothing counted: a page of 0 %
                # read as a suite that exercised nothing.
                whose = "on the server" if args.all else f"under key {key} (is it the key your tests send?)"
                print(f"booking-sandbox coverage: no API call counted {whose}", file=sys.stderr)
            if args.all:
                break
    except ControlRefused as refused:
        print(f"booking-sandbox coverage: {refused}", file=sys.stderr)
        return NO
    except httpx.HTTPError as error:
        print(
            f"booking-sandbox coverage: cannot reach {args.url}: {error}{tls_hint(error)}",
            file=sys.stderr,
        )
        return UNUSABLE
    except NotASandbox as stranger:
        print(f"booking-sandbox coverage: {stranger}", file=sys.stderr)
        return UNUSABLE
    return report(rows, args.api or APIS, args.format, args.output, args.fail_under)


def report(
    rows: list[dict[str, Any]],
    apis: tuple[str, ...] | list[str],
    form: str,
    output: str | None,
    fail_under: float | None,
) -> int:
    """Writes the report of ``rows`` and says whether it reaches ``fail_under``."""
    from mockserver.apis.adapters import COVERAGE  # noqa: PLC0415
    from mockserver.coverage.rendering import html, text  # noqa: PLC0415
    from mockserver.coverage.report import build  # noqa: PLC0415

    built = build(rows, apis, {api: words.rules.values() for api, words in COVERAGE.items()})
    if form == "json":
        rendered = json.dumps(built.as_json(), indent=2) + "\n"
    else:
        rendered = html(built) if form == "html" else text(built)
    if output:
        print(
            f"booking-sandbox: wrote the coverage report to {write_out(output, rendered.encode())}",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(rendered)
    if fail_under is not None and built.percent < fail_under:
        print(
            f"booking-sandbox coverage: {built.percent:.1f} % of documented responses seen, under "
            f"--fail-under {fail_under:g}",
            file=sys.stderr,
        )
        return FAIL_UNDER
    return OK


def schema_text() -> str:
    return (files("mockserver.coverage") / "schema.json").read_text(encoding="utf-8")
