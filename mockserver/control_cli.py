"""``booking-sandbox clock|reset|state|faults|journal|webhooks``: the control API from a shell.

Each command is one call of ``control_client.ControlClient`` (the client the pytest plugin
and integrators use) to ``--url`` with ``--key`` as the bearer token, and prints the answer
as JSON (``journal count`` prints the bare number).
Exit 0 on success, 1 when the sandbox refused (its problem details go to
stderr), 3 when it cannot be reached; usage errors exit 2.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .control_client import ControlClient, ControlRefused

DEFAULT_URL = "http://127.0.0.1:8000"


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
    reset.add_argument(
        "--world",
        metavar="FILE",
        help="reseed from this world file (checked here first), or 'server' for the server's world again",
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

    _add_journal_command(commands, common)

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
    # Here, not at the top: httpx is only for these commands, not for `serve` or `world`.
    import httpx  # noqa: PLC0415

    from .control_client import ControlClient, ControlRefused  # noqa: PLC0415

    try:
        with ControlClient(args.url, args.key) as client:
            return int(args.run(args, client, parser))
    except ControlRefused as refused:
        _report(refused)
        return 1
    except httpx.HTTPError as error:
        print(f"booking-sandbox: cannot reach {args.url}: {error}", file=sys.stderr)
        return 3


def _clock(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    if args.action in ("advance", "set") and not args.value:
        parser.error(f"clock {args.action} needs a value")
    actions = {
        "show": client.clock,
        "advance": lambda: client.advance(args.value),
        "set": lambda: client.set_clock(args.value),
        "freeze": client.freeze,
        "resume": client.resume,
    }
    return _print(actions[args.action]())


def _reset(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    if args.list:
        return _print({"scenarios": client.scenarios()})
    world: dict[str, Any] | str | None = args.world
    if args.world not in (None, "server"):
        from mockserver.seeding.world_file import WorldFileError, read_world  # noqa: PLC0415

        try:
            world = read_world(Path(args.world))
        except WorldFileError as error:
            for line in error.problems:
                print(f"booking-sandbox: {line}", file=sys.stderr)
            return 2
    return _print(
        client.reset(
            seed=args.seed, scenario=args.scenario, start_at=args.start_at, frozen=args.frozen, world=world
        )
    )


def _add_journal_command(commands: Any, common: argparse.ArgumentParser) -> None:
    journal = commands.add_parser(
        "journal", parents=[common], help="list, count, export (HAR) or clear the request journal"
    )
    journal.add_argument("action", nargs="?", default="list", choices=("list", "count", "har", "clear"))
    journal.add_argument("--method")
    journal.add_argument("--path", help="glob over the full path, e.g. '/reservekit/v1/bookings*'")
    journal.add_argument("--status", type=int)
    journal.add_argument("--api")
    journal.add_argument("--kind", choices=("request", "webhook"))
    journal.add_argument("--rule", help="the business rule that refused the request (its domain code)")
    journal.add_argument("--since", help="RFC 3339 instant, sandbox clock")
    journal.add_argument("--until", help="RFC 3339 instant, sandbox clock")
    journal.add_argument("--limit", type=int, help="list: at most this many entries")
    journal.add_argument("--expect", type=int, help="count: exit 1 unless the count is exactly this")
    journal.add_argument("--output", "-o", help="har: write here (default stdout)")
    journal.set_defaults(run=_journal, control=True)


def _state(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    if args.action == "export":
        text = client.export_state()
        if args.file:
            _wrote(Path(args.file), text, "the sandbox's state")
            return 0
        print(text)
        return 0
    if not args.file:
        parser.error("state import needs a FILE")
    return _print(client.import_state(Path(args.file).read_bytes()))


def _wrote(path: Path, text: str, what: str) -> None:
    """Writes ``text`` to ``path`` and says where, on stderr (stdout stays the command's own)."""
    path.write_text(text, encoding="utf-8")
    print(f"booking-sandbox: wrote {what} to {path.resolve()}", file=sys.stderr)


def _faults(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    if args.action == "list":
        return _print({"faults": client.faults()})
    if args.action == "clear":
        client.clear_faults()
        return 0
    if args.action == "remove":
        if args.id is None:
            parser.error("faults remove needs the rule's id")
        client.remove_fault(args.id)
        return 0
    if not args.kind:
        parser.error("faults add needs --kind")
    names: tuple[str, ...] = ("api", "method", "path", "probability", "count", "distribution", "status")
    names += ("limit", "ms", "min_ms", "max_ms", "median_ms", "sigma", "window_seconds")
    return _print(client.add_fault(args.kind, **{name: getattr(args, name) for name in names}))


def _journal(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    from .control_client import JOURNAL_FILTERS  # noqa: PLC0415 (loaded by run_control already)

    query = {name: getattr(args, name) for name in JOURNAL_FILTERS}
    if args.action == "clear":
        client.clear_journal()
        return 0
    if args.action == "count":
        count = client.journal_count(**query)
        print(count)
        if args.expect is not None and args.expect != count:
            print(f"journal count: expected {args.expect}, found {count}", file=sys.stderr)
            return 1
        return 0
    if args.action == "har":
        har = client.journal_har(**query)
        text = json.dumps(har, indent=2)
        if args.output:
            _wrote(Path(args.output), text, f"{len(har['log']['entries'])} exchanges as HAR")
        else:
            print(text)
        return 0
    return _print(client.journal(limit=args.limit, **query))


def _webhooks(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    if args.action == "list":
        return _print({"webhooks": client.webhooks()})
    if not args.target:
        parser.error(f"webhooks {args.action} needs {'a URL' if args.action == 'add' else 'an id'}")
    if args.action == "add":
        return _print(client.add_webhook(args.target, args.events))
    if not args.target.isdigit():
        parser.error("the webhook id is a number")
    if args.action == "remove":
        client.remove_webhook(int(args.target))
        return 0
    if args.action == "test":
        return _print(client.test_webhook(int(args.target)))
    return _print({"deliveries": client.deliveries(int(args.target))})


def _print(answer: object) -> int:
    print(json.dumps(answer, indent=2))
    return 0


def _report(refused: ControlRefused) -> None:
    if not refused.problem:
        print(f"booking-sandbox: the sandbox answered {refused.status}: {refused.text}", file=sys.stderr)
        return
    problem = refused.problem
    print(f"booking-sandbox: {refused.status} {problem.get('detail', problem)}", file=sys.stderr)
    for param in problem.get("invalid_params", []):
        print(f"  {param.get('name')}: {param.get('reason')}", file=sys.stderr)
