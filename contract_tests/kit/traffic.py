"""What Schemathesis sent to each operation, and how often the target answered it with a 2xx.

A schema check that met only 404s and 400s proves the target refuses what it should, not that
it serves what it should: its answers to a real resource were never read. So each operation's
check reports its tally, and one whose requests never got a 2xx is unchecked, not passed
(the target data names the resources that let it reach one).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Tally:
    sent: int = 0
    succeeded: int = 0

    def __str__(self) -> str:
        return f"{self.sent} requests, {self.succeeded} answered 2xx"


@dataclass
class Traffic:
    """The tally of each operation, keyed ``METHOD /path`` as the spec names it."""

    operations: dict[str, Tally] = field(default_factory=dict)
    unfound: str = ""
    """Why the kit found no real resources to aim at, where finding them failed."""
    unbegun: dict[str, str] = field(default_factory=dict)
    """``METHOD /path`` -> why the target can give that operation no real resource at all."""
    links: str = ""
    """The stateful phase's line where its sequences took more than one suite (``kit/suites.py``)."""

    def seen(self, method: str, path: str, status: int) -> None:
        tally = self.operations.setdefault(operation_key(method, path), Tally())
        tally.sent += 1
        tally.succeeded += 200 <= status < 300

    def of(self, operation: str) -> Tally:
        return self.operations.get(operation, Tally())


def operation_key(method: str, path: str) -> str:
    return f"{method.upper()} {path}"


def operation_of(test_name: str) -> str | None:
    """The operation a Schemathesis check is of: ``test_operation[GET /v1/services]`` names it."""
    if not test_name.startswith("test_operation[") or not test_name.endswith("]"):
        return None
    return test_name.removeprefix("test_operation[").removesuffix("]")


NO_2XX = (
    "{tally}: no request got a 2xx, so the target's answers about a real resource were not checked ({needs})"
)
FOUND_NONE = "the kit found no real resource this operation takes"
