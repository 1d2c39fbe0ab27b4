"""Schema conformance: Schemathesis with every check, over each operation and the spec's links."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import seed
from hypothesis.errors import FlakyStrategyDefinition

from contract_tests.kit.conformance import load_schema, stateful_settings
from contract_tests.kit.run import current
from contract_tests.rules.real_ids import FINDERS

run = current()
schema = load_schema(run, FINDERS[run.target.api])


@schema.parametrize()
def test_operation(case: Any) -> None:
    run.callers.require(run.profile.role_for(case.operation.path))
    case.call_and_validate(session=run.session)


class LinksWorkflow(schema.as_state_machine()):  # type: ignore[misc]
    """Sequences of calls following the spec's links, each from a fresh sandbox when minting.

    Hypothesis replays a failing sequence to shrink it; in a shared sandbox the
    replay would meet the first run's bookings and end in a flaky-test error
    instead of the real failure, so facing a sandbox each sequence gets its own key
    (even when given tokens pin the rest of the run to the caller's sandbox).
    """

    def setup(self) -> None:
        run.callers.fresh(isolated=True)

    def get_call_kwargs(self, case: Any) -> dict[str, Any]:
        return {"session": run.session}


# The run's seed draws the sequences too, as it draws every other phase's cases: a state
# machine's test case takes no seed from Schemathesis' configuration, and Hypothesis drew its
# sequences after the first from a seed of its own, so a failure found there could not be sent
# again with the seed the report printed.
seed(run.target.seed)(LinksWorkflow)


@pytest.mark.skipif("stateful" not in run.target.phases, reason="the stateful phase is not in --phases")
class TestStatefulLinks(LinksWorkflow.TestCase):  # type: ignore[misc,name-defined]
    settings = stateful_settings(schema)

    def runTest(self) -> None:
        run.callers.require(run.profile.main_role)
        try:
            super().runTest()
        except FlakyStrategyDefinition:
            if run.callers.minted:
                raise  # each sequence had a sandbox of its own: a replay that differs is the target's doing
            # On a shared target, a sequence Hypothesis replays meets what the earlier sequences left.
            pytest.skip(
                "the links could not be followed reproducibly: the target's shared data changed between "
                "Hypothesis' replays of a sequence (a booking-sandbox gives each sequence its own)"
            )
