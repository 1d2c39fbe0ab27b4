"""``booking-sandbox world``: the seeded world a seed and a world file give, or the schema of
world and scenario files; and the check ``serve`` runs on both before its banner."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from mockserver.server.settings import Settings

from .exits import UNUSABLE
from .flags import settings_from_flags


def add_world_command(commands: Any) -> None:
    world = commands.add_parser("world", help="print the seeded world as JSON, or the world file's schema")
    world.add_argument("--seed", type=int, help="seed (default 42)")
    world.add_argument(
        "--world", metavar="FILE", help="a world file of your own (default: the default world)"
    )
    world.add_argument(
        "--schema", action="store_true", help="print the JSON Schema of world and scenario files instead"
    )
    world.set_defaults(run=_print_world)


def _print_world(args: argparse.Namespace) -> int:
    # Here, not at the top: Faker and the world files would weigh on every other command.
    from mockserver.documents.resources import world_path, world_schema_path  # noqa: PLC0415
    from mockserver.seeding.blueprint import load_blueprint  # noqa: PLC0415
    from mockserver.seeding.world import generate_world  # noqa: PLC0415
    from mockserver.seeding.world_file import WorldFileError  # noqa: PLC0415

    if args.schema:
        sys.stdout.write(world_schema_path().read_text(encoding="utf-8"))
        return 0
    settings = settings_from_flags({"seed": args.seed, "world": args.world})
    try:
        blueprint = load_blueprint(world_path(settings.world))
    except WorldFileError as error:
        _say_each(error.problems)
        return UNUSABLE
    sys.stdout.write(generate_world(blueprint, settings.seed).to_json() + "\n")
    return 0


def refused_world(settings: Settings) -> bool:
    """Every problem of the world and scenario files, a line each, before any banner. The world
    is read through the factory every app uses, so the workers forked after this find its
    blueprint read and checked already."""
    from mockserver.seeding.worlds import world_problems  # noqa: PLC0415

    problems = world_problems(settings.world, settings.scenarios)
    _say_each(problems)
    return bool(problems)


def _say_each(problems: Sequence[str]) -> None:
    for line in problems:
        print(f"booking-sandbox: {line}", file=sys.stderr)
