"""``booking-sandbox clock|reset|state|faults|journal|webhooks``: the control API from a shell.

Each command is one or two HTTP calls to ``--url`` with ``--key`` as the bearer
token, and prints the answer as JSON (``journal count`` prints the bare number).
Exit 0 on success, 1 when the sandbox refused (its problem details go to
stderr), 3 when it cannot be reached; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

import httpx

DEFAULT_URL = "http://127.0.0.1:8000"
JOURNAL_FILTERS = ("method", "path", "status", "api", "kind", "since", "until")


class Refused(Exception):
    def __init__(self, response: httpx.Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def add_control_commands(commands: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--url",
        default=os.environ.get("BOOKING_SANDBOX_URL", DEFAULT_URL),
        help=f"sandbox server (default {DEFAULT_URL})",
    )
    common.add_argument(
        "--key",
        default=os.environ.get("BOOKING_SANDBOX_KEY"),
        help="any token of your sandbox, or its sandbox key (or set BOOKING_SANDBOX_KEY)",
    )

    clock = commands.add_parser(
        "clock", parents=[common], help="read, freeze, resume, advance or set the sandbox clock"
    )
    clock.add_argument(
        "action", nargs="?", default="show", choices=("show", "freeze", "resume", "advance", "set")
    )
    clock.add_argument(
        "value", nargs="?", help="advance: a duration (15m, 2h, P1D); set: an RFC 3339 instant"
    )
    clock.set_defaults(run=_clock, control=True)

    reset = commands.add_parser(
        "reset", parents=[common], help="reset the sandbox to its seed, reseed it, or load a scenario"
    )
    reset.add_argument("--seed", type=int, help="reseed with this seed")
    reset.add_argument("--scenario", help="load this named scenario (see --list)")
    reset.add_argument("--start-at", metavar="INSTANT", help="start the clock at this ISO 8601 instant")
    reset.add_argument(
        "--frozen", action="store_true", default=None, help="the clock stands still at its start"
    )
    reset.add_argument("--list", action="store_true", help="list the scenarios instead")
    reset.set_defaults(run=_reset, control=True)

    state = commands.add_parser(
        "state", parents=[common], help="export the sandbox's state as JSON, or import it"
    )
    state.add_argument("action", choices=("export", "import"))
    state.add_argument("file", nargs="?", help="export: write here (default stdout); import: read this file")
    state.set_defaults(run=_state, control=True)

    faults = commands.add_parser("faults", parents=[common], help="list, add, remove or clear fault rules")
    faults.add_argument("action", nargs="?", default="list", choices=("list", "add", "remove", "clear"))
    faults.add_argument("id", nargs="?", type=int, help="remove: the rule's id")
    faults.add_argument("--kind", choices=("latency", "error", "rate_limit", "drop"))
    faults.add_argument("--api")
    faults.add_argument("--method")
    faults.add_argument("--path", help="glob below the API's mount, e.g. '/v1/bookings*'")
    faults.add_argument("--probability", type=float)
    faults.add_argument("--count", type=int, help="fire at most this many times")
    faults.add_argument("--distribution", choices=("fixed", "uniform", "lognormal"))
    for name in ("ms", "min-ms", "max-ms", "median-ms", "sigma", "window-seconds"):
        faults.add_argument(f"--{name}", type=float)
    faults.add_argument("--status", type=int, help="error: the status to answer with")
    faults.add_argument("--limit", type=int, help="rate_limit: requests allowed per window")
    faults.set_defaults(run=_faults, control=True)

    journal = commands.add_parser(
        "journal", parents=[common], help="list, count, export (HAR) or clear the request journal"
    )
    journal.add_argument("action", nargs="?", default="list", choices=("list", "count", "har", "clear"))
    journal.add_argument("--method")
    journal.add_argument("--path", help="glob over the full path, e.g. '/reservekit/v1/bookings*'")
    journal.add_argument("--status", type=int)
    journal.add_argument("--api")
    journal.add_argument("--kind", choices=("request", "webhook"))
    journal.add_argument("--since", help="RFC 3339 instant, sandbox clock")
    journal.add_argument("--until", help="RFC 3339 instant, sandbox clock")
    journal.add_argument("--limit", type=int, help="list: at most this many entries")
    journal.add_argument("--expect", type=int, help="count: exit 1 unless the count is exactly this")
    journal.add_argument("--output", "-o", help="har: write here (default stdout)")
    journal.set_defaults(run=_journal, control=True)

    webhooks = commands.add_parser("webhooks", parents=[common], help="manage ReserveKit webhook endpoints")
    webhooks.add_argument(
        "action", nargs="?", default="list", choices=("list", "add", "remove", "test", "deliveries")
    )
    webhooks.add_argument("target", nargs="?", help="add: the endpoint URL; remove/test/deliveries: its id")
    webhooks.add_argument(
        "--event", action="append", dest="events", help="add: an event to receive (repeatable)"
    )
    webhooks.set_defaults(run=_webhooks, control=True)


def run_control(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if not args.key:
        parser.error("--key is required (or set BOOKING_SANDBOX_KEY)")
    try:
        with httpx.Client(base_url=args.url.rstrip("/") + "/_sandbox", timeout=60) as client:
            client.headers["Authorization"] = f"Bearer {args.key}"
            return int(args.run(args, client, parser))
    except Refused as refused:
        _report(refused.response)
        return 1
    except httpx.HTTPError as error:
        print(f"booking-sandbox: cannot reach {args.url}: {error}", file=sys.stderr)
        return 3


def _clock(args: argparse.Namespace, client: httpx.Client, parser: argparse.ArgumentParser) -> int:
    if args.action in ("advance", "set") and not args.value:
        parser.error(f"clock {args.action} needs a value")
    if args.action == "show":
        return _print(_call(client, "GET", "/clock"))
    if args.action == "advance":
        return _print(_call(client, "POST", "/clock/advance", json={"duration": args.value}))
    if args.action == "set":
        return _print(_call(client, "POST", "/clock/set", json={"at": args.value}))
    return _print(_call(client, "POST", f"/clock/{args.action}"))


def _reset(args: argparse.Namespace, client: httpx.Client, parser: argparse.ArgumentParser) -> int:
    if args.list:
        return _print(_call(client, "GET", "/scenarios"))
    given = (
        ("seed", args.seed),
        ("scenario", args.scenario),
        ("start_at", args.start_at),
        ("frozen", args.frozen),
    )
    body = {k: v for k, v in given if v is not None}
    return _print(_call(client, "POST", "/reset", json=body or None))


def _state(args: argparse.Namespace, client: httpx.Client, parser: argparse.ArgumentParser) -> int:
    if args.action == "export":
        text = _call(client, "GET", "/state").text
        if args.file:
            Path(args.file).write_text(text, encoding="utf-8")
            return 0
        print(text)
        return 0
    if not args.file:
        parser.error("state import needs a FILE")
    content = Path(args.file).read_bytes()
    return _print(
        _call(client, "PUT", "/state", content=content, headers={"Content-Type": "application/json"})
    )


def _faults(args: argparse.Namespace, client: httpx.Client, parser: argparse.ArgumentParser) -> int:
    if args.action == "list":
        return _print(_call(client, "GET", "/faults"))
    if args.action == "clear":
        _call(client, "DELETE", "/faults")
        return 0
    if args.action == "remove":
        if args.id is None:
            parser.error("faults remove needs the rule's id")
        _call(client, "DELETE", f"/faults/{args.id}")
        return 0
    if not args.kind:
        parser.error("faults add needs --kind")
    names = ("kind", "api", "method", "path", "probability", "count", "distribution", "status", "limit")
    body: dict[str, Any] = {name: getattr(args, name) for name in names if getattr(args, name) is not None}
    for name in ("ms", "min_ms", "max_ms", "median_ms", "sigma", "window_seconds"):
        if getattr(args, name) is not None:
            body[name] = getattr(args, name)
    if "method" in body:
        body["method"] = body["method"].upper()
    return _print(_call(client, "POST", "/faults", json=body))


def _journal(args: argparse.Namespace, client: httpx.Client, parser: argparse.ArgumentParser) -> int:
    query = {name: getattr(args, name) for name in JOURNAL_FILTERS if getattr(args, name) is not None}
    if "method" in query:
        query["method"] = query["method"].upper()
    if args.action == "clear":
        _call(client, "DELETE", "/journal")
        return 0
    if args.action == "count":
        count = int(_call(client, "GET", "/journal/count", params=query).json()["count"])
        print(count)
        if args.expect is not None and args.expect != count:
            print(f"journal count: expected {args.expect}, found {count}", file=sys.stderr)
            return 1
        return 0
    if args.action == "har":
        text = _call(client, "GET", "/journal/har", params=query).text
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
        else:
            print(text)
        return 0
    if args.limit is not None:
        query["limit"] = args.limit
    return _print(_call(client, "GET", "/journal", params=query))


def _webhooks(args: argparse.Namespace, client: httpx.Client, parser: argparse.ArgumentParser) -> int:
    if args.action == "list":
        return _print(_call(client, "GET", "/webhooks"))
    if not args.target:
        parser.error(f"webhooks {args.action} needs {'a URL' if args.action == 'add' else 'an id'}")
    if args.action == "add":
        events = args.events or ["bookings.create", "bookings.update", "bookings.delete"]
        return _print(_call(client, "POST", "/webhooks", json={"url": args.target, "events": events}))
    if not args.target.isdigit():
        parser.error("the webhook id is a number")
    if args.action == "remove":
        _call(client, "DELETE", f"/webhooks/{args.target}")
        return 0
    if args.action == "test":
        return _print(_call(client, "POST", f"/webhooks/{args.target}/test"))
    return _print(_call(client, "GET", f"/webhooks/{args.target}/deliveries"))


def _call(client: httpx.Client, method: str, path: str, **kwargs: Any) -> httpx.Response:
    response = client.request(method, path, **kwargs)
    if response.status_code >= 400:
        raise Refused(response)
    return response


def _print(response: httpx.Response) -> int:
    print(json.dumps(response.json(), indent=2))
    return 0


def _report(response: httpx.Response) -> None:
    try:
        problem = response.json()
    except ValueError:
        print(
            f"booking-sandbox: the sandbox answered {response.status_code}: {response.text}", file=sys.stderr
        )
        return
    print(f"booking-sandbox: {response.status_code} {problem.get('detail', problem)}", file=sys.stderr)
    for param in problem.get("invalid_params", []):
        print(f"  {param.get('name')}: {param.get('reason')}", file=sys.stderr)
