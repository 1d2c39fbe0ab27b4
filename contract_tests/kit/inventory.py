"""The rule inventory (``contract_tests/inventory.yaml``): every rule the documents state, and
which of the kit's checks test it.

The report names each scenario's rules, and ends with how many of the API's documented
rules the run checked. ``python -m contract_tests.kit.inventory`` prints ``docs/rules.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mockserver.documents.resources import load_yaml
from mockserver.rule_engine.places import FAMILY as PLACES
from mockserver.rule_engine.rules import RULES

INVENTORY = Path(__file__).resolve().parent.parent / "inventory.yaml"
PREFIXES = {"reservekit-v1": "RK", "merchant": "MR", "lifecycle": "LC", "bardge-v3": "BG"}


@dataclass(frozen=True)
class Rule:
    id: str
    api: str
    says: str
    kind: str = "stated"
    checks: tuple[str, ...] = ()
    unchecked: str = ""
    elsewhere: str = ""
    """Why the checks run against a booking-sandbox only (and are skipped elsewhere, saying so)."""
    data: str = ""
    """What target data the checks need (``--target-data``; a booking-sandbox serves its own)."""

    @property
    def scenarios(self) -> tuple[str, ...]:
        """The scenario functions among the rule's checks (``test_merchant::test_x`` -> ``test_x``)."""
        return tuple(check.partition("::")[2] for check in self.checks if "::" in check)


@dataclass(frozen=True)
class Inventory:
    documents: Mapping[str, Mapping[str, str]]
    rules: tuple[Rule, ...]

    def of(self, api: str) -> tuple[Rule, ...]:
        return tuple(rule for rule in self.rules if rule.api == api)

    def rules_of_check(self, check: str, api: str | None = None) -> tuple[str, ...]:
        """The ids of the rules a check (``test_reservekit::test_x``) tests."""
        return tuple(rule.id for rule in self.rules_checked_by(check, api))

    def rules_checked_by(self, check: str, api: str | None = None) -> tuple[Rule, ...]:
        """``api``: of that API only, for a check every API has (``explore``)."""
        return tuple(rule for rule in self.rules if check in rule.checks and api in (None, rule.api))


@cache
def load(path: Path = INVENTORY) -> Inventory:
    document: Any = load_yaml(path)
    rules = tuple(
        Rule(
            id=entry["id"],
            api=entry["api"],
            says=entry["says"],
            kind=entry.get("kind", "stated"),
            checks=tuple(entry.get("checks", ())),
            unchecked=entry.get("unchecked", ""),
            elsewhere=entry.get("elsewhere", ""),
            data=entry.get("data", ""),
        )
        for entry in document["rules"]
    )
    return Inventory(document["documents"], rules)


# A check's verdict as coverage reads it: its key, its outcome, the rule it broke (where the
# failure names one), the rules whose assertions held before, and those it passed without
# deciding (not met on that target).
CheckVerdict = tuple[str, str, "str | None", tuple[str, ...], tuple[str, ...]]


def coverage(rules: Iterable[Rule], verdicts: Iterable[CheckVerdict]) -> tuple[int, int, int]:
    """(checked, broken, unchecked) rules, given each check's verdict.

    A rule is broken when a check of it failed, or when the rule engine named it in any check's
    traffic: where the failure names the rule it broke (``attribution.rule``), only that rule;
    the check's rules that held before it count as checked, the others were not reached. A rule
    is checked when a check of it passed, unless that check said the rule was not met there.
    Schemathesis checks (``conformance:…``) are the conformance tests' verdicts.
    """
    counts = [0, 0, 0]
    seen = list(verdicts)
    for rule in rules:
        names = {check if "::" in check or check == "explore" else "conformance" for check in rule.checks}
        mine = [(outcome, named, held, unmet) for key, outcome, named, held, unmet in seen if key in names]
        # Broken by a check of its own, or named by the rule engine in any check's traffic.
        named_anywhere = any(outcome == "failed" and named == rule.id for _, outcome, named, _, _ in seen)
        if named_anywhere or any(
            outcome == "failed" and named in (None, rule.id) for outcome, named, _, _ in mine
        ):
            counts[1] += 1
        elif any(
            (outcome == "passed" and rule.id not in unmet) or rule.id in held
            for outcome, _, held, unmet in mine
        ):
            counts[0] += 1
        else:
            counts[2] += 1
    return counts[0], counts[1], counts[2]


# Places are judged only on a trace that uses them alone (``rule_engine/places.py``).
ALONE = "a trace alone on its places (the explorer's own sandbox)"


def render(inventory: Inventory) -> str:
    """``docs/rules.md``: per API, every rule with its words and how the kit checks it."""
    lines = [
        "# The rules the contract kit checks",
        "",
        "Rendered from `contract_tests/inventory.yaml` by `python -m contract_tests.kit.inventory`;",
        "a test fails when this page and the inventory disagree. Each checked rule is proven by a",
        "deliberately broken sandbox its check catches (`tests/contract/test_detection.py`).",
        "",
        "A rule *judged by the engine* is also a predicate over a trace (`mockserver/rule_engine/`):",
        "every exchange of every check the kit runs, every exchange the validating proxy forwards and",
        "every exchange of a HAR given to `check-har` is held to it, whatever sent it.",
        "",
        "A rule *checked by* `explore` is an invariant every booking API keeps (`kind: implied`),",
        "judged over the explorer's seeded walks (`contract --checks explore`, docs/contract-kit.md,",
        '"Exploring") and over every other trace. Its proofs are in `tests/contract/broken_families.py`.',
        "",
        "A rule that needs **target data** runs against any target given it: a vendor's file",
        "(`--target-data`, format `openapi/target-data.schema.json`), or what a booking-sandbox",
        "serves about itself. A rule *on a booking-sandbox only* needs its control API.",
        "",
        "| API | rules | checked | of which needing target data | on a booking-sandbox only | not checked |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for api in PREFIXES:
        rules = inventory.of(api)
        checked = sum(1 for rule in rules if rule.checks)
        data = sum(1 for rule in rules if rule.data)
        only = sum(1 for rule in rules if rule.elsewhere)
        lines.append(f"| `{api}` | {len(rules)} | {checked} | {data} | {only} | {len(rules) - checked} |")
    for api, document in inventory.documents.items():
        lines += ["", f"## `{api}`: {document['title']}", "", f"Source: `{document['file']}`.", ""]
        words = RULES[api].words
        judged = set(RULES[api].ids) | set(words.ids if words else ())
        lines += [
            "| rule | the document says | checked by | judged by the engine |",
            "| --- | --- | --- | --- |",
        ]
        for rule in inventory.of(api):
            says = rule.says.replace("|", "\\|") + (" *(implied)*" if rule.kind == "implied" else "")
            how = "<br>".join(f"`{check}`" for check in rule.checks) or f"**not checked**: {rule.unchecked}"
            if rule.data:
                how += f"<br>*needs target data*: {rule.data}"
            if rule.elsewhere:
                how += f"<br>*on a booking-sandbox only*: {rule.elsewhere}"
            engine = "" if rule.id not in judged else "every trace" if not rule.id.endswith(PLACES) else ALONE
            lines.append(f"| `{rule.id}` | {says} | {how.replace('|', chr(92) + '|')} | {engine} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(load()), end="")
