"""Which rule an assertion tests, when one check tests more than one.

A scenario such as "status moves forward only" checks two rules in turn (a new booking is
pending; nothing goes back). Wrapping each rule's assertions in ``rule(ID)`` lets a failure
name the rule that broke: the report marks only that one broken, the rules whose assertions
held before it as checked, and those never reached as not checked, rather than every rule
of the check as broken.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

# The rules whose assertions held in the check running now (the kit runs one at a time).
held: list[str] = []


@contextmanager
def rule(rule_id: str) -> Iterator[None]:
    try:
        yield
    except AssertionError as error:
        if not hasattr(error, "kit_rule"):  # the innermost rule a failure happened in wins
            error.kit_rule = rule_id  # type: ignore[attr-defined]
        raise
    held.append(rule_id)


def broken_rule(error: BaseException) -> str | None:
    """The rule a failed assertion was attributed to, if its check names one."""
    named = getattr(error, "kit_rule", None)
    return named if isinstance(named, str) else None
