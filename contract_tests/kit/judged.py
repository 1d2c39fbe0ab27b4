"""Every check's own traffic judged by the rule engine, beside the check's own assertions.

A scenario asserts the few fields and the one spelling its author thought of; Schemathesis
holds each answer to its schema. The rule engine (``mockserver.rule_engine``, the one the
validating proxy and ``check-har`` judge a team's traffic with) reads the whole trace: a
booking deleted earlier in the check and read again with a 200, a second cancel accepted in a
spelling the scenario did not send, a write that reads back otherwise. A finding fails the check
that sent the traffic, naming the rule and the exchange.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from contract_tests.kit.reasons import exchange_line
from mockserver.documents.har import Exchange
from mockserver.rule_engine.checking import TrafficCheck
from mockserver.rule_engine.findings import Finding
from mockserver.rule_engine.operations import Spec


@functools.cache
def _spec(api: str) -> Spec:
    return Spec(api)


def judged(api: str, exchanges: Sequence[Exchange]) -> list[Finding]:
    """What the rule engine finds in one check's exchanges, in order (the schemas are
    Schemathesis' to check, so only the documents' rules and a 2xx request's parameters are
    asked: ``TrafficCheck._parameters`` says why)."""
    check = TrafficCheck(api, spec=_spec(api), rules_only=True)
    found: list[Finding] = []
    for exchange in exchanges:
        found += check.observe(exchange)
    return found


def reason(findings: Sequence[Finding], exchanges: Sequence[Exchange]) -> str:
    """The failure's text: the first finding's line, numbered within the check's own traffic,
    and the exchange it was found in (what was sent, what came back)."""
    first = findings[0]
    more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
    said = f"the rule engine, reading this check's own traffic: {first.line()}{more}"
    if 1 <= first.index <= len(exchanges):
        said += f"\nlast exchange: {exchange_line(exchanges[first.index - 1])}"
    return said
