"""How often the explorer catches each family's bug, tree beside tree: the walk a user runs, seed by seed.

    git worktree add /tmp/before <commit>
    python benchmarks/explore_catches.py /tmp/before . [--seeds 8] [--first 1] [--steps 480]
                                         [--rule RULE ...] [--jobs 2]

A user runs one walk: ``booking-sandbox contract`` at its seed and 480 steps. CI proves each
invariant family at one seed found for it (``tests/contract/test_explore_families.py``), which
says the explorer can reach the bug, not how often a user's walk does. Here each family's bug
(each tree's own ``tests/contract/broken_families.py``: ``FAMILY_BREAKAGES`` and
``SECOND_BREAKAGES``) is served by a sandbox of its own for each of ``--seeds`` seeds from
``--first``, and the explorer walks it unshrunk. A catch is a walk that broke the family's
rule; a walk that broke another rule caught the bug under another name and is counted apart.
The first tree is the baseline, in the same run. The walks are seeded, so a tree's counts repeat from run to run on
any machine (the time each took is printed, not compared). Nothing is asserted.

A tree's code is put first on ``PYTHONPATH`` and its walks start from a scratch directory, as
``trees.py`` does: ``python -m`` puts the current directory first on ``sys.path``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("trees", nargs="*", type=Path)
    parser.add_argument("--seeds", type=int, default=8, help="walks a bug (default 8)")
    parser.add_argument("--first", type=int, default=1, help="the first walk's seed (default 1)")
    parser.add_argument("--steps", type=int, default=480, help="steps a walk (default 480, the kit's)")
    parser.add_argument("--rule", action="append", help="only these families' bugs (repeatable)")
    parser.add_argument("--jobs", type=int, default=2, help="walks at once (default 2: this machine's cores)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(_walks(args.worker, range(args.first, args.first + args.seeds), args.steps)))
        return
    trees = [tree.resolve() for tree in args.trees or [Path(".")]]
    with tempfile.TemporaryDirectory(prefix="explore-catches-") as scratch:
        rules = {tree: _rules(tree, Path(scratch)) for tree in trees}
        every = sorted({rule for tree in trees for rule in rules[tree] if not args.rule or rule in args.rule})
        jobs = [(rule, tree) for rule in every for tree in trees if rule in rules[tree]]
        print(
            f"{len(every)} bugs, seeds {args.first}-{args.first + args.seeds - 1}, {args.steps} steps a walk, {len(trees)} trees",
            flush=True,
        )
        with ThreadPoolExecutor(args.jobs) as pool:
            done = list(pool.map(lambda job: (*job, _worker(*job, args, Path(scratch))), jobs))
    _print(every, trees, {(rule, tree): walks for rule, tree, walks in done}, args.seeds)


def _rules(tree: Path, scratch: Path) -> list[str]:
    listed = "from tests.contract.broken_families import FAMILY_BREAKAGES as F, SECOND_BREAKAGES as S\n"
    listed += "print('\\n'.join([*F, *S]))"
    done = subprocess.run(
        [sys.executable, "-c", listed],
        env=_env(tree),
        cwd=scratch,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def _worker(rule: str, tree: Path, args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--worker",
        rule,
        "--seeds",
        str(args.seeds),
        "--first",
        str(args.first),
        "--steps",
        str(args.steps),
    ]
    done = subprocess.run(command, env=_env(tree), cwd=scratch, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    walks: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    took = sum(walks["seconds"])
    print(f"  {rule:32} {tree}: {len(walks['named'])}/{args.seeds} ({took:.0f} s)", flush=True)
    return walks


def _env(tree: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(tree)}


def _walks(rule: str, seeds: range, steps: int) -> dict[str, Any]:
    """In a tree's process: each seed's walk of a fresh sandbox with the family's bug."""
    import pytest  # noqa: PLC0415 - the tree's own, as the rest

    from mockserver.apis.registry import mount_of  # noqa: PLC0415
    from mockserver.server.app import create_app  # noqa: PLC0415
    from mockserver.server.settings import Settings  # noqa: PLC0415
    from tests.conftest import START  # noqa: PLC0415
    from tests.contract.broken_families import FAMILY_BREAKAGES, SECOND_BREAKAGES  # noqa: PLC0415
    from tests.contract.live import serving  # noqa: PLC0415
    from tests.contract.test_explore_families import api_of  # noqa: PLC0415

    breakage = {**FAMILY_BREAKAGES, **SECOND_BREAKAGES}[rule][1]
    api = api_of(rule)
    walks: dict[str, Any] = {"named": [], "other": [], "seconds": []}
    for seed in seeds:
        with tempfile.TemporaryDirectory() as scratch, pytest.MonkeyPatch.context() as patch:
            app = breakage(
                patch, create_app(Settings.load({"db": f"{scratch}/b.db", "start_at": START}, environ={}))
            )
            started = time.monotonic()
            with serving(app) as origin:
                explore = ["--checks", "explore", "--explore-steps", str(steps), "--seed", str(seed)]
                command = [sys.executable, "-m", "mockserver.cli", "contract", "--api", api]
                command += [
                    "--base-url",
                    f"{origin}{mount_of(api)}",
                    *explore,
                    "--explore-shrink-seconds",
                    "0",
                ]
                output = subprocess.run(
                    command, cwd=scratch, capture_output=True, text=True, check=False
                ).stdout
            walks["seconds"].append(round(time.monotonic() - started, 1))
        if f"the explorer broke {rule.split('/', maxsplit=1)[0]}" in output:
            walks["named"].append(seed)
        elif "the explorer broke" in output:
            walks["other"].append(seed)
    return walks


def _print(
    rules: list[str], trees: list[Path], walks: dict[tuple[str, Path], dict[str, Any]], seeds: int
) -> None:
    width = max(len(str(tree)) for tree in trees)
    print(f"\n{'bug':34}" + "".join(f"{tree!s:>{width + 2}}" for tree in trees))
    named = dict.fromkeys(trees, 0)
    caught = dict.fromkeys(trees, 0)
    for rule in rules:
        cells = []
        for tree in trees:
            one = walks.get((rule, tree))
            if one is None or "error" in one:
                cells.append("-" if one is None else "error")
                continue
            named[tree] += len(one["named"])
            caught[tree] += len(one["named"]) + len(one["other"])
            other = f"+{len(one['other'])}" if one["other"] else ""
            cells.append(f"{len(one['named'])}/{seeds}{other}")
        print(f"{rule:34}" + "".join(f"{cell:>{width + 2}}" for cell in cells))
    base = trees[0]
    for tree in trees:
        ratio = f" ({named[tree] / named[base]:.2f}x the first tree)" if named[base] else ""
        print(
            f"{tree}: {named[tree]} walks of {len(rules) * seeds} broke the bug's rule{ratio}, {caught[tree]} any"
        )
    for error in ((rule, tree, one) for (rule, tree), one in walks.items() if "error" in one):
        print(f"error: {error}")


if __name__ == "__main__":
    main()
