"""Schema conformance: Schemathesis with every check, over each operation and the spec's links."""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest

from contract_tests.kit.conformance import load_schema, stateful_settings
from contract_tests.kit.run import current
from contract_tests.kit.suites import Sequences, links_followed, run_suites
from contract_tests.rules.real_ids import FINDERS

run = current()
schema, real_ids = load_schema(run, FINDERS[run.target.api])


@pytest.fixture(scope="module", autouse=True)
def _real_ids_found_after_the_rules() -> None:
    real_ids.forget()


@schema.parametrize()
def test_operation(case: Any) -> None:
    run.callers.require(run.profile.role_for(case.operation.path))
    case.call_and_validate(session=run.session)


sequences = Sequences()


class LinksWorkflow(schema.as_state_machine()):  # type: ignore[misc]
    """Sequences of calls following the spec's links, each from a fresh sandbox when minting.

    Hypothesis replays a failing sequence to shrink it; in a shared sandbox the
    replay would meet the first run's bookings and end in a flaky-test error
    instead of the real failure, so facing a sandbox each sequence gets its own key
    (even when given tokens pin the rest of the run to the caller's sandbox).
    """

    def setup(self) -> None:
        sequences.begin()
        run.callers.fresh(isolated=True)

    def step(self, input: Any) -> Any:
        try:
            return super().step(input)
        except Exception as error:
            sequences.failed(error)
            raise

    def get_call_kwargs(self, case: Any) -> dict[str, Any]:
        return {"session": run.session}


@pytest.mark.skipif("stateful" not in run.target.phases, reason="the stateful phase is not in --phases")
class TestStatefulLinks(LinksWorkflow.TestCase):  # type: ignore[misc,name-defined]
    settings = stateful_settings(schema)

    def runTest(self) -> None:
        run.callers.require(run.profile.main_role)

        def suite(settings: hypothesis.settings) -> None:
            self.settings = settings
            super(TestStatefulLinks, self).runTest()

        shared = not run.callers.minted
        suites = run_suites(
            suite, LinksWorkflow, type(self).settings, sequences, run.target.seed, shared=shared
        )
        run.traffic.links = links_followed(suites)
