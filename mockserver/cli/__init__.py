"""The ``booking-sandbox`` command: one subcommand a module here, one exit-code table for all
(``exits.py``, printed in the README)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from mockserver.server.settings import SettingsError

from .check_har import add_check_har_command
from .contract import add_contract_command
from .control import add_control_commands, run_control
from .coverage import add_coverage_command
from .db import add_db_commands
from .exits import CANNOT_START, INTERRUPTED, OK, TABLE, Parser
from .output import writable_everywhere
from .proxy import add_proxy_command
from .serve import add_serve_command
from .world import add_world_command


def main(argv: Sequence[str] | None = None) -> int:
    writable_everywhere()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "control", False):
            return run_control(args, parser)
        return int(args.run(args))
    except SettingsError as error:
        # One line, naming the setting and its fix: no usage text, no traceback.
        print(f"booking-sandbox: {' '.join(str(error).split())}", file=sys.stderr)
        return CANNOT_START
    except KeyboardInterrupt:
        print("booking-sandbox: interrupted", file=sys.stderr)
        return INTERRUPTED
    except BrokenPipeError:
        # The reader went away (``| head``): nothing more is owed it, and no traceback either.
        # stdout is pointed at /dev/null so the interpreter's own flush at exit fails quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return OK


_EXITS = ", ".join(f"{code} {short}" for code, short, _ in TABLE)


def _parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="booking-sandbox",
        description="A stateful mock server and contract-test kit for booking APIs. "
        f"Exit codes, the same for every command: {_EXITS}. "
        "The client commands (clock, reset, state, "
        "faults, journal, webhooks, coverage) talk to BOOKING_SANDBOX_URL (default "
        "http://127.0.0.1:8000) with BOOKING_SANDBOX_KEY, unless --url and --key say otherwise.",
    )
    parser.add_argument("--version", action="version", version=f"booking-sandbox {_version()}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    add_serve_command(commands)
    add_contract_command(commands)
    add_coverage_command(commands)
    add_control_commands(commands)
    add_db_commands(commands)
    add_world_command(commands)
    add_check_har_command(commands)
    add_proxy_command(commands)
    return parser


def _version() -> str:
    try:
        return version("booking-sandbox")
    except PackageNotFoundError:  # run from a tree that was never installed
        return "unknown (not installed)"
