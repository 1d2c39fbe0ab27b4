"""The stateful phase's suites: as many Hypothesis runs of the links' state machine as its
sequences take.

On a booking-sandbox each sequence has a fresh sandbox of its own, so one run of the state
machine (one suite) sends them all. On a target others share (a vendor's staging, a run given
tokens) a sequence draws on what the earlier ones changed: a slot booked is taken the next
time, a list is longer. Hypothesis builds each new sequence on the choices of those before it,
and where the same choices now draw from bundles of other contents it stops the run with
``FlakyStrategyDefinition``, though nothing failed. The phase was unchecked there. As
Schemathesis' own runner does, a new suite starts instead, with a seed and a first rule of its
own drawn from the run's seed, until the sequences asked for have begun. A check that fails
still fails the phase: Hypothesis stops generating at the first failure and replays it, and
raises it (``FlakyFailure`` holding it where the replay passed); where the replay drew
otherwise, the failure a step raised is raised as it came.
"""

from __future__ import annotations

from collections.abc import Callable
from random import Random
from typing import Any

import hypothesis
from hypothesis.errors import FlakyStrategyDefinition, HypothesisException


class Sequences:
    """How many of a state machine's sequences have begun (its ``setup`` calls ``begin``), and
    the first failure a step of one raised (its ``step`` calls ``failed``)."""

    def __init__(self) -> None:
        self.begun = 0
        self.failure: Exception | None = None

    def begin(self) -> None:
        self.begun += 1

    def failed(self, error: Exception) -> None:
        if self.failure is None and not isinstance(error, HypothesisException):  # a rejected draw is none
            self.failure = error


def run_suites(
    run_suite: Callable[[hypothesis.settings], None],
    machine: type[Any],
    settings: hypothesis.settings,
    sequences: Sequences,
    seed: int,
    *,
    shared: bool,
) -> int:
    """Runs ``run_suite`` (one Hypothesis run of ``machine``, under the settings given) until
    ``settings.max_examples`` sequences have begun; the suites it took. Where the target is not
    ``shared`` (each sequence had a sandbox of its own), a replay that differs is the target's
    doing, and ``FlakyStrategyDefinition`` is raised as it came."""
    wanted, suites = settings.max_examples, 0
    # Each suite begins at least one sequence (a new run's first draws meet no earlier ones).
    while sequences.begun < wanted and suites < wanted:
        seeded(machine, seed, suites)
        suites += 1
        try:
            run_suite(hypothesis.settings(settings, max_examples=wanted - sequences.begun))
        except FlakyStrategyDefinition:
            if not shared:
                raise
            if sequences.failure is not None:
                # Hypothesis replays a failing sequence before it reports it, and a replay on
                # the changed target can draw otherwise too: the failure is what was found.
                raise sequences.failure from None
            sequences.begun -= 1  # stopped as it drew: the sequences before it ran and passed
        else:
            break
    return suites


def seeded(machine: type[Any], seed: int, suite: int) -> None:
    """The run's seed draws the first suite's sequences, as it draws every other phase's cases
    (a state machine's test case takes none from Schemathesis' configuration: Hypothesis drew
    the sequences after the first from a seed of its own, so a failure found there could not be
    sent again). A later suite has a seed of its own drawn from the run's, and an order of the
    rules that begin a sequence (Schemathesis' ``rule_order_seed``): a new suite opens with
    Hypothesis' simplest sequence, the same for every seed but for the order of the rules."""
    if suite == 0:
        hypothesis.seed(seed)(machine)
        return
    drawn = Random(f"{seed}:{suite}").getrandbits(64)
    hypothesis.seed(drawn)(machine)
    machine.rule_order_seed = drawn


def links_followed(suites: int) -> str:
    """The stateful phase's line where its sequences took more than one suite."""
    if suites < 2:
        return ""
    return (
        f"its sequences took {suites} suites: the target's shared data changed between Hypothesis' "
        "replays of one (each later suite with a seed of its own, drawn from the run's)"
    )
