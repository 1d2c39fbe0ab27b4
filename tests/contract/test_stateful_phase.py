"""The stateful phase runs as the run asks: ``--max-examples`` sequences of at most the
configured steps, generated only (a state machine's own defaults are 100 sequences of 6)."""

from __future__ import annotations

import hypothesis
import pytest
import schemathesis

from contract_tests.kit.conformance import stateful_settings
from contract_tests.kit.profiles import PROFILES
from contract_tests.kit.schemathesis_config import configuration
from mockserver.documents.resources import spec_path
from tests.contract.test_target import target


@pytest.mark.parametrize("examples", [3, 40])
def test_the_stateful_phase_takes_the_runs_examples_and_steps(examples: int) -> None:
    given = target(max_examples=examples)
    schema = schemathesis.openapi.from_path(
        spec_path("merchant"), config=configuration(given, PROFILES["merchant"])
    )
    settings = stateful_settings(schema)
    assert settings.max_examples == examples
    assert settings.stateful_step_count == 30
    assert settings.phases == (hypothesis.Phase.generate,)  # a passing run replays nothing
    assert settings.database is None
    assert settings.deadline is None
