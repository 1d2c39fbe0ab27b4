"""``booking-sandbox serve``: the sandbox server, its settings from the flags, and the banner it
prints once everything that can refuse the start has been checked."""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import os
import sys
from collections.abc import Sequence
from typing import Any

from mockserver.server.setting_values import seconds
from mockserver.server.settings import KEPT_ANSWERS, KNOWN_APIS, Settings, SettingsError
from mockserver.storage.database.scratch import server_database

from .banner import print_banner
from .exits import CANNOT_START, Stops, stops_as_interrupts
from .flags import settings_from_flags
from .stray_variables import stray_variables
from .world import refused_world


def add_serve_command(commands: Any) -> None:
    serve = commands.add_parser("serve", help="run the sandbox server")
    serve.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=int, help="port to listen on (default 8000; 0: a free one, which the banner names)"
    )
    serve.add_argument("--seed", type=int, help="seed of every new sandbox's world (default 42)")
    serve.add_argument("--db", help="SQLite file or postgresql+psycopg:// URL; state survives restarts")
    serve.add_argument("--workers", type=int, help="worker processes (default 2)")
    serve.add_argument(
        "--api", action="append", choices=KNOWN_APIS, dest="apis", help="serve only this API (repeatable)"
    )
    serve.add_argument("--root", action="store_true", default=None, help="serve the one --api at /")
    serve.add_argument(
        "--no-validate-responses",
        dest="validate_responses",
        action="store_false",
        default=None,
        help="skip checking the sandbox's own responses against the spec",
    )
    serve.add_argument("--journal-limit", type=int, help="journal entries kept per sandbox (default 1000)")
    serve.add_argument(
        "--journal-max-bytes",
        metavar="SIZE",
        help="the most a sandbox's journal holds, oldest entries out first (default 4MiB; 64MiB, 1GiB)",
    )
    serve.add_argument(
        "--log-level",
        choices=("debug", "info", "warning", "error"),
        help="what the server logs (default info)",
    )
    serve.add_argument(
        "--start-at",
        metavar="INSTANT",
        help="every new sandbox's clock starts at this ISO 8601 instant (default: the wall clock)",
    )
    serve.add_argument(
        "--webhook-allow",
        action="append",
        metavar="CIDR_OR_HOST",
        help="a private or loopback webhook destination to allow when not listening on loopback (repeatable)",
    )
    serve.add_argument(
        "--tls-cert",
        metavar="FILE",
        help="serve HTTPS with this certificate (PEM, its chain after it); needs --tls-key",
    )
    serve.add_argument("--tls-key", metavar="FILE", help="the certificate's private key (PEM, unencrypted)")
    serve.add_argument(
        "--cors-origin",
        action="append",
        dest="cors_origins",
        metavar="ORIGIN",
        help="a web page's origin (http://localhost:3000, or * for any) whose scripts may call the "
        "sandbox from a browser (repeatable; none by default: no vendor document offers it)",
    )
    serve.add_argument(
        "--webhook-timeout",
        type=float,
        metavar="SECONDS",
        help="the most one webhook send may take (default 10)",
    )
    serve.add_argument(
        "--max-sandboxes",
        type=int,
        metavar="N",
        help="the most sandboxes (keys) kept; a new key past it answers 503 (default 10000)",
    )
    serve.add_argument(
        "--evict-idle-after",
        type=_seconds,
        metavar="DURATION",
        help="evict a sandbox after this long without a request, e.g. 2h (default: never)",
    )
    serve.add_argument(
        "--frozen",
        action="store_true",
        default=None,
        help="new sandboxes' clocks stand still at their start (with --start-at: replayable byte for byte)",
    )
    serve.add_argument(
        "--vendor-only",
        action="store_true",
        default=None,
        help="answer only what the vendors document: no sandbox-only field, no control API but health "
        "and target data (docs/fidelity.md); the contract kit sees a vendor's server",
    )
    serve.add_argument(
        "--vary",
        type=int,
        metavar="SEED",
        help="with --vendor-only: choose otherwise where the documents leave it open (ids per "
        "account, list order, offsets, the booking window, each account's catalogue), as SEED says",
    )
    serve.add_argument(
        "--no-coverage",
        dest="coverage",
        action="store_false",
        default=None,
        help="count no coverage (booking-sandbox coverage); only to measure what counting costs",
    )
    serve.add_argument(
        "--kept-answers",
        choices=KEPT_ANSWERS,
        help="answer a read asked again from what its worker kept while nothing it read changed "
        "(default on); verify makes each anew and logs an error where the two differ; off keeps none",
    )
    serve.add_argument(
        "--world",
        metavar="FILE",
        help="every new sandbox starts from this world file (booking-sandbox world --schema) "
        "instead of the default world",
    )
    serve.add_argument(
        "--scenarios",
        action="append",
        metavar="DIR",
        help="a folder of your own scenario files, offered beside the built-in ones (repeatable)",
    )
    serve.add_argument(
        "--exit-with-parent",
        type=int,
        metavar="PID",
        help="stop when process PID, the one that started this server, ends (the pytest plugin "
        "passes its own: a pytest killed or crashed leaves no server behind)",
    )
    serve.set_defaults(run=_serve)


def _overrides(args: argparse.Namespace, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(args, name, None) for name in names}


def _serve(args: argparse.Namespace) -> int:
    # Until the workers' own handlers are set (``workers.serve``), SIGTERM interrupts as Ctrl-C
    # does, so ``leaving`` removes the temporary folder: by default it ended the process where it
    # stood, and a stop sent while it started (a process manager's, a test's) left the folder.
    # From the first step: a Ctrl-C ignored while the settings are read was lost (exits.py).
    with stops_as_interrupts(server=True) as stops:
        return _started(args, stops)


def _started(args: argparse.Namespace, stops: Stops) -> int:
    # Every setting a flag of the same name gives (a flag left out is None: not given).
    settings = settings_from_flags(_overrides(args, [field.name for field in dataclasses.fields(Settings)]))
    for stray in stray_variables(os.environ):
        print(f"booking-sandbox: {stray}", file=sys.stderr)
    if refused_world(settings):
        return CANNOT_START
    with contextlib.ExitStack() as leaving:
        temporary = not settings.db
        if temporary:
            # Workers are separate processes: they must share one file, not each make their own.
            settings = dataclasses.replace(settings, db=server_database(leaving))
        # Not SQLAlchemy, which the database's preparation needs only for a URL (storage/prepare.py).
        from mockserver.storage.database.prepare import prepare_database, shown  # noqa: PLC0415

        # Everything that can refuse the start is checked before the banner: a banner of URLs
        # followed by a failure looked like a server that had started.
        try:
            prepare_database(settings.db)
        except ValueError as error:  # each refusal of prepare_database's, its URL masked
            raise SettingsError(f"--db: {error}; check --db (or BOOKING_SANDBOX_DB)") from None
        # Here, after the checks: every layer, imported once by the process that forks the workers.
        from mockserver.server.lean import leave_out_unused  # noqa: PLC0415

        leave_out_unused()
        from mockserver.server.listener import CannotListen, listener_for  # noqa: PLC0415
        from mockserver.server.workers import serve  # noqa: PLC0415

        try:
            listener = listener_for(settings)
        except CannotListen as error:
            raise SettingsError(str(error.strerror)) from None
        # --port 0 asks the system for a free port: the banner names the one it gave.
        settings = dataclasses.replace(settings, port=listener.getsockname()[1])
        print_banner(settings, shown(settings.db), temporary=temporary)
        serve(settings, listener, parent=args.exit_with_parent, taking_over=stops.check)
    return 0


def _seconds(raw: str) -> float:
    try:
        return seconds(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{raw!r} is not a duration, e.g. 90m, 2h or 3600") from None
