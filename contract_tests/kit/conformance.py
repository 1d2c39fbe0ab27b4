"""The Schemathesis side of a run: the API's spec, pointed at the target, with every check on."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from schemathesis.config import SchemathesisConfig

from .aiming import aim
from .profiles import Profile
from .target import Target

if TYPE_CHECKING:
    from .run import Run

_CONFIG = """
seed = {seed}
base-url = {base_url}

[generation]
max-examples = {max_examples}
# Determinism comes from the seed alone, never from a database of past runs.
database = "none"

[phases.examples]
enabled = {examples}
[phases.coverage]
enabled = {coverage}
[phases.fuzzing]
enabled = {fuzzing}
[phases.stateful]
enabled = {stateful}
max-steps = 30

[checks]
enabled = true

[checks.positive_data_acceptance]
expected-statuses = {acceptable}
{disabled}"""


def configuration(target: Target, profile: Profile) -> SchemathesisConfig:
    off = "".join(f"\n[checks.{name}]\nenabled = false\n" for name in profile.disabled_checks)
    enabled = {
        phase: json.dumps(phase in target.phases) for phase in ("examples", "coverage", "fuzzing", "stateful")
    }
    return SchemathesisConfig.from_str(
        _CONFIG.format(
            seed=target.seed,
            base_url=json.dumps(target.base_url),
            max_examples=target.max_examples,
            acceptable=json.dumps(list(profile.acceptable)),
            disabled=off,
            **enabled,
        )
    )


def load_schema(run: Run) -> Any:
    """The run's spec, ready to generate: bearer tokens by role, and aimed bodies facing a sandbox."""
    loaded = run.spec

    @loaded.auth(refresh_interval=None)
    class Bearer:
        """The token of the role the operation belongs to, asked afresh: minted keys change per scenario."""

        def get(self, case: Any, context: Any) -> str:
            return run.callers.token(run.profile.role_for(case.operation.path)) or ""

        def set(self, case: Any, data: str, context: Any) -> None:
            if data:
                case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}

    if run.facts is not None and run.callers.minted:
        aim(loaded, run.target.api, run.facts.world, run.now())
    return loaded
