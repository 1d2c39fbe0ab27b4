"""Schemathesis' configuration for one run: seed, target, phases, and the checks each API needs."""

from __future__ import annotations

import json

from schemathesis.config import SchemathesisConfig

from .client import tls_verify
from .profiles import Profile
from .target import Target

_CONFIG = """
seed = {seed}
base-url = {base_url}
tls-verify = {tls_verify}

[generation]
max-examples = {max_examples}
# Determinism comes from the seed alone, never from a database of past runs.
database = "none"

[phases.examples]
enabled = {examples}
[phases.coverage]
enabled = {coverage}
unexpected-methods = {unexpected}
[phases.fuzzing]
enabled = {fuzzing}
[phases.stateful]
enabled = {stateful}
max-steps = 30

[checks]
enabled = true

[checks.positive_data_acceptance]
expected-statuses = {acceptable}

[checks.negative_data_rejection]
expected-statuses = {rejecting}
{disabled}"""

# What refuses a request Schemathesis made invalid: its own list, and the refusals of a request
# too large to read (a body, a URI, a head), which a random body of a hundred customers or more
# can be. A correct vendor with a body limit answered 413 and got "Schema-violating request
# accepted" (found against serve --vendor-only --vary 3, whose bound is 64 KiB).
_DEFAULTS = SchemathesisConfig.from_str("").projects.default.checks
_PHASES = SchemathesisConfig.from_str("").projects.default.phases
REJECTING = [*_DEFAULTS.negative_data_rejection.expected_statuses, "413", "414", "431"]

# The methods no operation declares, sent to see a 405 with its Allow: Schemathesis' own, but
# TRACE, which an ingress commonly answers itself (nginx's own 405, an HTML page with no Allow;
# Apache's TraceEnable off; WAFs refusing cross-site tracing), so the answer says nothing of the
# API behind it. A correct vendor behind nginx failed every GET-only operation on it.
UNEXPECTED_METHODS = sorted(m for m in _PHASES.coverage.unexpected_methods if m != "trace")


def configuration(target: Target, profile: Profile) -> SchemathesisConfig:
    off = "".join(f"\n[checks.{name}]\nenabled = false\n" for name in profile.disabled_checks)
    enabled = {
        phase: json.dumps(phase in target.phases) for phase in ("examples", "coverage", "fuzzing", "stateful")
    }
    return SchemathesisConfig.from_str(
        _CONFIG.format(
            seed=target.seed,
            base_url=json.dumps(target.base_url),
            tls_verify=json.dumps(tls_verify()),
            max_examples=target.max_examples,
            acceptable=json.dumps(list(profile.acceptable)),
            rejecting=json.dumps(REJECTING),
            unexpected=json.dumps(UNEXPECTED_METHODS),
            disabled=off,
            **enabled,
        )
    )
