"""One exploration of the run's API: the walk's settings, its budget, and what it found."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, Verbosity, seed, settings
from hypothesis.stateful import run_state_machine_as_test

from contract_tests.kit.real_ids import Finder, RealIds, find
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy
from mockserver.rule_engine.operations import Spec
from mockserver.rule_engine.places import FAMILY as PLACES

from .findings import Finding, FoundUnshrunk, found_in
from .plan import OTHER_ACCOUNT, apart, plan, spec_words
from .tally import Tally
from .walk import machine

# Steps a walk takes before it starts again from a fresh sandbox: long enough to chain a create,
# a few changes and their neighbours; short enough that Hypothesis shrinks a finding quickly.
STEPS_PER_WALK = 16


def explore(run: Run, finder: Finder | None, steps: int, progress: Callable[[str], None]) -> Finding | None:
    """Walks the run's API for about ``steps`` steps; the shrunk finding, if any."""
    spec = Spec(run.target.api)
    words = spec_words(run)
    tally = Tally(
        progress=lambda line: progress(f"explorer: {line}"), shrink_seconds=run.target.shrink_seconds
    )
    # The real ids are found once. Facing a booking-sandbox, in a sandbox of the explorer's own,
    # whose state every walk then starts from (a copy in a fresh sandbox: a shrinking replay meets
    # what the first run met); on a shared target, where what they made is tidied at the run's end.
    if run.callers.minted:
        run.callers.fresh(isolated=True)
    ids = RealIds()
    if finder is not None:
        ids, unfound = find(finder, run, run.tidy_at_end if not run.callers.minted else Tidy([]))
        if unfound is not None:
            # A walk from no real resource meets only 404s: it would judge nothing.
            pytest.skip(unfound)
    # Only the walked API's rows: the sandbox seeds no other API to export them, and the import
    # before each walk seeds none the walk does not use.
    world = run.controls.state(run.control_token(), run.target.api) if run.callers.minted else None
    if world is None and words.places is not None:
        # Others may take and free the target's places: the rule is not met here, not passed.
        run.unmet.add(words.rule(PLACES))
    ids = apart(ids, *_people(run))
    planned = plan(spec.document, words, run.profile, ids)
    walk = machine(run, spec, planned, world, tally)
    walk.TestCase.settings = settings(
        max_examples=max(1, math.ceil(steps / STEPS_PER_WALK)),
        stateful_step_count=STEPS_PER_WALK,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        # No budget to shrink: the walk that broke the rule is the finding, as it was found.
        phases=[Phase.generate, Phase.shrink] if run.target.shrink_seconds else [Phase.generate],
        report_multiple_bugs=False,
    )
    seed(run.target.seed)(walk)
    try:
        run_state_machine_as_test(walk)
    except FoundUnshrunk as stop:
        found = found_in(stop.error, tally.shortest)
    except AssertionError as error:
        found = found_in(error, tally.shortest)
        if found is None:
            raise
    else:
        found = None
    progress(_tally_line(run, tally, 0 if found is None else 1, tally.unanswered(planned.operations)))
    return found


def _people(run: Run) -> tuple[frozenset[str], str | None]:
    """Another account's people as the target's data names them, and the walk's own person."""
    by_role: Mapping[str, Any] = {}
    if run.profile.people:
        by_role = run.data.of(run.target.api).get(run.profile.people) or {}
    strangers = frozenset(str(person) for role, person in by_role.items() if role in OTHER_ACCOUNT)
    own = next((str(person) for role, person in by_role.items() if role not in OTHER_ACCOUNT), None)
    return strangers, own


def _tally_line(run: Run, tally: Any, findings: int, unanswered: list[str]) -> str:
    walked = f"{tally.steps} steps in {tally.examples} walks, {tally.requests} requests"
    line = f"explored {run.target.api}: {walked}, {findings} finding{'s' if findings != 1 else ''}"
    # What the walk judged nothing of: a pass says nothing of an operation the target always refused.
    return f"{line}; never answered 2xx: {', '.join(unanswered)}" if unanswered else line
