"""Shared by the Schemathesis tests: the run's configuration, one fresh sandbox per scenario."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from schemathesis.config import SchemathesisConfig

_CONFIG = """
seed = 20261121

[generation]
max-examples = 40
# The database is shared by every example of a run; determinism comes from the seed.
database = "none"

[phases.examples]
enabled = true
[phases.coverage]
enabled = true
[phases.fuzzing]
enabled = true
[phases.stateful]
enabled = true
max-steps = 30

[checks]
enabled = true

[checks.positive_data_acceptance]
expected-statuses = {expected}
{disabled}"""


def every_check(expected_statuses: list[str], disabled: tuple[str, ...] = ()) -> SchemathesisConfig:
    """All phases and checks, seeded; ``disabled`` names checks an API's document rules out."""
    off = "".join(f"\n[checks.{name}]\nenabled = false\n" for name in disabled)
    return SchemathesisConfig.from_str(_CONFIG.format(expected=json.dumps(expected_statuses), disabled=off))


class Scenarios:
    """Numbers stateful scenarios; each runs in a sandbox of its own.

    Hypothesis replays a failing scenario to shrink it. In a shared sandbox the
    replay would meet the first run's bookings, answer differently, and end in
    FlakyStrategyDefinition instead of the real failure; a fresh API key per
    scenario makes every replay exact.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.current = 0

    def sandbox_key(self) -> str:
        return f"{self.prefix}{self.current}"

    def next(self) -> None:
        self.current += 1


def bearer_auth(loaded: Any, token: Callable[[Any], str]) -> None:
    """Send ``Authorization: Bearer token(case)`` on every case, asked afresh each time.

    ``refresh_interval=None``: tokens name the scenario's sandbox, which changes
    between scenarios, so a cached token would leak one scenario into the next.
    """

    @loaded.auth(refresh_interval=None)
    class Bearer:
        def get(self, case: Any, context: Any) -> str:
            return token(case)

        def set(self, case: Any, data: str, context: Any) -> None:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
