"""``booking-sandbox clock|reset|state|faults|journal|webhooks``: the control API from a shell.

Each command is one call of ``control_client.ControlClient`` (the client the pytest plugin
and integrators use) to ``--url`` with ``--key`` as the bearer token. It prints the answer for a
person (tables and ``name  value`` lines), or as JSON with ``--json``; ``journal count`` prints
the bare number, ``state export`` and ``journal har`` their documents.
Exit 0 on success, 1 when the sandbox refused (its problem details go to stderr), 4 for a usage
error, 5 when the server cannot be reached or a file cannot be read (``exits.py``).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from mockserver.integration.base_urls import NOT_A_BASE, ends_at_its_path, unreadable
from mockserver.server.settings import KNOWN_APIS

from .control_actions import run_clock, run_faults, run_reset, run_webhooks
from .exits import NO, UNUSABLE
from .journal import add_journal_command
from .state import run_state

if TYPE_CHECKING:
    from mockserver.integration.control_client import ControlRefused

DEFAULT_URL = "http://127.0.0.1:8000"


FAULT_NUMBERS = {
    "ms": "latency, fixed: the delay in milliseconds",
    "min-ms": "latency, uniform: the shortest delay",
    "max-ms": "latency, uniform: the longest delay",
    "median-ms": "latency, lognormal: the median delay",
    "sigma": "latency, lognormal: the spread",
    "window-seconds": "rate_limit: the window --limit counts over",
}


def add_url_argument(parser: argparse.ArgumentParser) -> None:
    """``--url``, the sandbox server every client command (and ``coverage``) talks to."""
    parser.add_argument(
        "--url",
        type=_server_url,
        default=os.environ.get("BOOKING_SANDBOX_URL", DEFAULT_URL),
        help=f"sandbox server (or set BOOKING_SANDBOX_URL; default {DEFAULT_URL})",
    )


def _server_url(raw: str) -> str:
    # Refused here, not by httpx's "unsupported protocol 'localhost://'" once asked.
    if not raw.startswith(("http://", "https://")):
        raise argparse.ArgumentTypeError(f"{raw!r} needs http:// or https:// (or BOOKING_SANDBOX_URL)")
    if not ends_at_its_path(raw):
        raise argparse.ArgumentTypeError(f"{raw!r} {NOT_A_BASE} (or BOOKING_SANDBOX_URL)")
    if (why := unreadable(raw)) is not None:
        raise argparse.ArgumentTypeError(f"{raw!r} {why} (or BOOKING_SANDBOX_URL)")
    return raw


def add_control_commands(commands: Any) -> None:
    common = argparse.ArgumentParser(add_help=False)
    add_url_argument(common)
    common.add_argument(
        "--key",
        default=os.environ.get("BOOKING_SANDBOX_KEY"),
        help="any token of your sandbox, or its sandbox key (or set BOOKING_SANDBOX_KEY)",
    )
    common.add_argument("--json", action="store_true", help="print the answer as JSON, for a program")

    clock = commands.add_parser(
        "clock", parents=[common], help="read, freeze, resume, advance or set the sandbox clock"
    )
    clock.add_argument(
        "action",
        nargs="?",
        default="show",
        choices=("show", "freeze", "resume", "advance", "set"),
        help="what to do (default show)",
    )
    clock.add_argument(
        "value", nargs="?", help="advance: a duration (15m, 2h, P1D); set: an RFC 3339 instant"
    )
    clock.set_defaults(run=run_clock, control=True, command=clock)

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
    reset.add_argument(
        "--forget", action="store_true", help="delete the sandbox whole instead (journal, faults, webhooks)"
    )
    reset.set_defaults(run=run_reset, control=True, command=reset)

    state = commands.add_parser(
        "state", parents=[common], help="export the sandbox's state as JSON, or import it"
    )
    state.add_argument("action", choices=("export", "import"), help="export the state, or import a file")
    state.add_argument(
        "file", nargs="?", help="export: write here (default stdout); import: read this file (- for stdin)"
    )
    state.set_defaults(run=run_state, control=True, command=state)

    faults = commands.add_parser("faults", parents=[common], help="list, add, remove or clear fault rules")
    faults.add_argument(
        "action", nargs="?", default="list", choices=("list", "add", "remove", "clear"), help="default list"
    )
    faults.add_argument("id", nargs="?", type=int, help="remove: the rule's id")
    faults.add_argument("--kind", choices=("latency", "error", "rate_limit", "drop"), help="add: the fault")
    faults.add_argument("--api", choices=KNOWN_APIS, help="add: only this API's requests (default every API)")
    faults.add_argument("--method", help="add: only requests of this method, e.g. POST")
    faults.add_argument("--path", help="glob below (or with) the API's mount, e.g. '/v1/bookings*'")
    faults.add_argument("--probability", type=float, help="add: the share of matching requests hit, 0 to 1")
    faults.add_argument("--count", type=int, help="fire at most this many times")
    faults.add_argument(
        "--distribution", choices=("fixed", "uniform", "lognormal"), help="latency: how delays are drawn"
    )
    for name, text in FAULT_NUMBERS.items():
        faults.add_argument(f"--{name}", type=float, help=text)
    faults.add_argument("--status", type=int, help="error: the status to answer with")
    faults.add_argument("--when", choices=("before", "after"), help="error, drop: after = made, answer lost")
    faults.add_argument("--limit", type=int, help="rate_limit: requests allowed per window")
    faults.set_defaults(run=run_faults, control=True, command=faults)

    add_journal_command(commands, common)

    webhooks = commands.add_parser("webhooks", parents=[common], help="manage ReserveKit webhook endpoints")
    webhooks.add_argument(
        "action",
        nargs="?",
        default="list",
        choices=("list", "add", "remove", "test", "deliveries"),
        help="default list",
    )
    webhooks.add_argument("target", nargs="?", help="add: the endpoint URL; remove/test/deliveries: its id")
    webhooks.add_argument(
        "--event", action="append", dest="events", help="add: an event to receive (repeatable)"
    )
    webhooks.set_defaults(run=run_webhooks, control=True, command=webhooks)


def run_control(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    command: argparse.ArgumentParser = args.command
    if not args.key:
        command.error("--key is required (or set BOOKING_SANDBOX_KEY)")
    # Here, not at the top: httpx is only for these commands, not for `serve` or `world`.
    import httpx  # noqa: PLC0415

    from mockserver.integration.control_client import ControlClient, ControlRefused, NotASandbox  # noqa: PLC0415
    from mockserver.integration.tls import tls_hint  # noqa: PLC0415

    try:
        with ControlClient(args.url, args.key, health_first=said_on_stderr) as client:
            return int(args.run(args, client, command))
    except ControlRefused as refused:
        _report(refused)
        return NO
    except NotASandbox as stranger:
        print(f"booking-sandbox: {stranger} (--url or BOOKING_SANDBOX_URL)", file=sys.stderr)
        return UNUSABLE
    except httpx.HTTPError as error:
        print(
            f"booking-sandbox: cannot reach {args.url}: {error}{tls_hint(error)} "
            "(--url or BOOKING_SANDBOX_URL)",
            file=sys.stderr,
        )
        return UNUSABLE
    except BrokenPipeError:
        raise  # the reader went away (``| head``): main() ends quietly
    except OSError as error:  # a file named on the command line
        print(f"booking-sandbox: {error.filename}: {error.strerror}", file=sys.stderr)
        return UNUSABLE


def said_on_stderr(line: str) -> None:
    """A line of the client's own while it waits (a server starting from cold)."""
    print(f"booking-sandbox: {line}", file=sys.stderr, flush=True)


def _report(refused: ControlRefused) -> None:
    if not refused.problem:
        print(f"booking-sandbox: the sandbox answered {refused.status}: {refused.text}", file=sys.stderr)
        return
    problem = refused.problem
    print(f"booking-sandbox: {refused.status} {problem.get('detail', problem)}", file=sys.stderr)
    for param in problem.get("invalid_params", []):
        print(f"  {param.get('name')}: {param.get('reason')}", file=sys.stderr)
