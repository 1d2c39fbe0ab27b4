"""The explorer: a seeded walk over every operation, role and spelling, judged by the rule engine."""

from __future__ import annotations

from contract_tests.explorer import explore
from contract_tests.explorer.findings import replay_command
from contract_tests.kit.run import current
from contract_tests.rules.real_ids import FINDERS

run = current()


def test_explore() -> None:
    target = run.target
    run.callers.require(run.profile.main_role)
    found = explore(run, FINDERS.get(target.api), target.explore_steps, run.progress)
    if found is not None:
        given = bool(target.tokens or target.target_data)
        replay = replay_command(target.api, target.base_url, target.seed, target.explore_steps, given=given)
        error = AssertionError(found.text(replay, shrunk=target.shrink_seconds > 0))
        error.kit_rule = found.rule  # type: ignore[attr-defined]
        error.kit_text = True  # type: ignore[attr-defined]
        raise error
