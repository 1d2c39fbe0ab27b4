"""The stateful phase runs as the run asks: ``--max-examples`` sequences of at most the
configured steps, generated only (a state machine's own defaults are 100 sequences of 6)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import hypothesis
import pytest
import schemathesis
from hypothesis import strategies as st
from hypothesis.errors import FlakyFailure, FlakyStrategyDefinition
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test

from contract_tests.kit.conformance import stateful_settings
from contract_tests.kit.profiles import PROFILES
from contract_tests.kit.schemathesis_config import configuration
from contract_tests.kit.suites import Sequences, links_followed, run_suites, seeded
from mockserver.documents.resources import spec_path
from tests.contract.test_target import target
from tests.test_any_date import run_faked


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


class Target:
    """A target others share, hand-made: every sequence that reads it leaves it one row longer,
    so a sequence Hypothesis builds on an earlier one's choices draws from other contents."""

    def __init__(self, *, broken_after: int | None = None) -> None:
        self.rows: list[int] = []
        self.broken_after = broken_after


def machine_on(target: Target, sequences: Sequences) -> type[RuleBasedStateMachine]:
    class Links(RuleBasedStateMachine):
        rule_order_seed: int | None = None

        def __init__(self) -> None:
            super().__init__()
            sequences.begin()

        @rule(data=st.data())
        def read(self, data: st.DataObject) -> None:
            data.draw(st.integers(0, len(target.rows)))  # a bundle as long as the target's list
            target.rows.append(1)
            if target.broken_after is not None and len(target.rows) > target.broken_after:
                sequences.failed(error := AssertionError("the target broke"))
                raise error

    return Links


def _suites(target: Target, sequences: Sequences, *, shared: bool, examples: int = 12) -> int:
    machine = machine_on(target, sequences)
    settings = hypothesis.settings(max_examples=examples, database=None, phases=[hypothesis.Phase.generate])
    return run_suites(
        lambda given: run_state_machine_as_test(machine, settings=given),
        machine,
        settings,
        sequences,
        seed=7,
        shared=shared,
    )


def test_a_target_others_share_takes_more_suites_not_an_unchecked_phase() -> None:
    """On a shared target Hypothesis stopped the phase at the first sequence whose draws met
    other contents (the kit said unchecked, as on a varied vendor's merchant at 25 sequences);
    new suites, each seeded from the run's, now run the sequences asked for."""
    alone = machine_on(Target(), Sequences())
    seeded(alone, 7, 0)
    once = hypothesis.settings(max_examples=12, database=None, phases=[hypothesis.Phase.generate])
    with pytest.raises(FlakyStrategyDefinition):  # one Hypothesis run, as the phase had
        run_state_machine_as_test(alone, settings=once)
    sequences = Sequences()
    suites = _suites(Target(), sequences, shared=True)
    assert suites > 1
    assert sequences.begun >= 12
    assert "took" in links_followed(suites)
    assert links_followed(1) == ""


def test_a_sandbox_a_sequence_keeps_a_differing_replay_an_error() -> None:
    with pytest.raises(FlakyStrategyDefinition):
        _suites(Target(), Sequences(), shared=False)


def test_a_failure_in_a_later_suite_fails_the_phase() -> None:
    """The restart never buries what a check found: the target breaks after its sixth row,
    which only a later suite reaches."""
    with pytest.raises((AssertionError, FlakyFailure)):
        _suites(Target(broken_after=6), Sequences(), shared=True, examples=40)


def test_one_seed_seeds_the_same_suites() -> None:
    class Machine:
        rule_order_seed: int | None = None

    seeded(Machine, 7, 0)
    assert Machine._hypothesis_internal_use_seed == 7  # type: ignore[attr-defined]
    assert Machine.rule_order_seed is None
    seeded(Machine, 7, 3)
    third = (Machine._hypothesis_internal_use_seed, Machine.rule_order_seed)  # type: ignore[attr-defined]
    seeded(Machine, 7, 3)
    assert (Machine._hypothesis_internal_use_seed, Machine.rule_order_seed) == third  # type: ignore[attr-defined]
    seeded(Machine, 8, 3)
    assert Machine.rule_order_seed != third[1]


FROZEN_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
"""The vendor's clock, stopped: a booking made is a time taken."""
KIT_AT = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
"""The kit's wall clock, ten days on: it books from its own now (a vendor's has no clock to read)."""


@pytest.mark.slow
def test_the_kit_follows_links_on_a_vendor_others_use_in_suites_not_unchecked() -> None:
    """A vendor whose data each sequence changes for the next (``--vendor-only --vary 5``,
    frozen): at 20 sequences Hypothesis stopped the phase where one's draws met what another
    had changed, and the kit said unchecked (at 10, it never did). Whether a run meets that rests
    on the world and both clocks, so the kit's wall clock is fixed (libfaketime): at the real
    one the test passed in early December 2026 and failed at a wall clock in March 2027. A
    change to the kit's draws or the world may need other instants (any that still meet it)."""
    arguments = ("--checks", "schema", "--phases", "stateful", "--max-examples", "20")
    child = run_faked(
        KIT_AT,
        "tests.contract.vendor_child",
        *("merchant", "5", "intact", FROZEN_AT.isoformat(), *arguments),
    )
    report = child.stdout[-5000:] + child.stderr[-2000:]
    assert child.returncode in (0, 6), report
    assert "FAILED " not in child.stdout, report
    verdict = child.stdout[child.stdout.index("PASSED    conformance: StatefulLinks\n") :]
    assert re.match(r"PASSED    conformance: StatefulLinks\n +its sequences took \d+ suites", verdict), (
        verdict
    )
