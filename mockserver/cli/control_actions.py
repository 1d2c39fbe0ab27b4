"""What each control command does with its parsed arguments: one call of the control client,
its answer shown, and a usage error for anything the action would ignore."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .answers import clock_text, deliveries_text, faults_text, sandbox_text, scenarios_text, webhooks_text
from .exits import NO, OK, UNUSABLE
from .output import show as _show
from .text import fields

if TYPE_CHECKING:
    from mockserver.integration.control_client import ControlClient


def run_clock(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    if args.action in ("advance", "set") and not args.value:
        parser.error(f"clock {args.action} needs a value")
    unused_options(parser, args, {"value": ("advance", "set")})
    actions = {
        "show": client.clock,
        "advance": lambda: client.advance(args.value),
        "set": lambda: client.set_clock(args.value),
        "freeze": client.freeze,
        "resume": client.resume,
    }
    return _show(args, actions[args.action](), clock_text)


def run_reset(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    # Each of these does one thing and would ignore a reset's options (--list --seed 7 listed).
    given = (args.seed, args.scenario, args.start_at, args.frozen, args.world) != (None,) * 5
    if args.list:
        if given or args.forget:
            parser.error("reset --list lists the scenarios: it takes no other option")
        return _show(args, {"scenarios": client.scenarios()}, scenarios_text)
    if args.forget:
        if given:
            parser.error("reset --forget deletes the whole sandbox: it takes no other option")
        client.forget()
        return OK
    world: dict[str, Any] | str | None = args.world
    if args.world not in (None, "server"):
        from mockserver.seeding.world_file import WorldFileError, read_world  # noqa: PLC0415

        try:
            world = read_world(Path(args.world))
        except WorldFileError as error:
            for line in error.problems:
                print(f"booking-sandbox: {line}", file=sys.stderr)
            return UNUSABLE
    answer = client.reset(
        seed=args.seed, scenario=args.scenario, start_at=args.start_at, frozen=args.frozen, world=world
    )
    return _show(args, answer, sandbox_text)


_FAULT_OPTIONS = (
    "api",
    "method",
    "path",
    "probability",
    "count",
    "distribution",
    "status",
    "when",
    "limit",
    "ms",
    "min_ms",
    "max_ms",
    "median_ms",
    "sigma",
    "window_seconds",
)


def unused_options(
    parser: argparse.ArgumentParser, args: argparse.Namespace, used_by: dict[str, tuple[str, ...]]
) -> None:
    """A usage error for what ``args.action`` would ignore: ``faults clear 3`` or ``faults clear
    --path '/v1/*'`` cleared every rule, and ``webhooks list URL`` listed them, each exiting 0."""
    flags = {action.dest: action.option_strings[-1:] for action in parser._actions}
    for name, actions in used_by.items():
        given = getattr(args, name)
        if given is not None and args.action not in actions:
            shown = (flags.get(name) or [name])[0]
            taking = ", ".join(actions[:-1]) + " and " + actions[-1] if len(actions) > 1 else actions[0]
            parser.error(
                f"{parser.prog.split()[-1]} {args.action} takes no {shown} ({given!r}): it is for {taking}"
            )


def run_faults(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    unused_options(
        parser, args, {"id": ("remove",), "kind": ("add",), **dict.fromkeys(_FAULT_OPTIONS, ("add",))}
    )
    if args.action == "list":
        return _show(args, {"faults": client.faults()}, lambda answer: faults_text(answer["faults"]))
    if args.action == "clear":
        client.clear_faults()
        return OK
    if args.action == "remove":
        if args.id is None:
            parser.error("faults remove needs the rule's id")
        client.remove_fault(args.id)
        return OK
    if not args.kind:
        parser.error("faults add needs --kind")
    added = client.add_fault(args.kind, **{name: getattr(args, name) for name in _FAULT_OPTIONS})
    return _show(args, added, lambda rule: faults_text([rule]))


def run_webhooks(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    unused_options(parser, args, {"target": ("add", "remove", "test", "deliveries"), "events": ("add",)})
    if args.action == "list":
        return _show(args, {"webhooks": client.webhooks()}, lambda answer: webhooks_text(answer["webhooks"]))
    if not args.target:
        parser.error(f"webhooks {args.action} needs {'a URL' if args.action == 'add' else 'an id'}")
    if args.action == "add":
        added = client.add_webhook(args.target, args.events)
        return _show(
            args, added, lambda hook: f"{webhooks_text([hook])}\nsigning secret  {hook.get('secret')}"
        )
    from mockserver.http.validation.formats import id_number  # noqa: PLC0415 (jsonschema: here only)

    if (hook := id_number(args.target)) is None:
        parser.error("the webhook id is a number")
    if args.action == "remove":
        client.remove_webhook(hook)
        return OK
    if args.action == "test":
        sent = client.test_webhook(hook)
        _show(args, sent, lambda sent: fields(sent.items()))
        # The endpoint's refusal is the command's: `webhooks test 1 && deploy` stops on a 405.
        return OK if sent.get("state") == "delivered" else NO
    deliveries = {"deliveries": client.deliveries(int(args.target))}
    return _show(args, deliveries, lambda answer: deliveries_text(answer["deliveries"]))
