"""The rule inventory, the kit's scenarios and the detection proofs agree.

A scenario no rule names, a rule naming a check that does not exist, a checked rule
with no broken sandbox proving its check catches the break, or a stale docs/rules.md
fails the build.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import schemathesis.specs.openapi.checks  # noqa: F401  (registers the OpenAPI checks)
from schemathesis.checks import CHECKS

from contract_tests.kit.inventory import INVENTORY, PREFIXES, load, render
from tests.contract.broken_families import FAMILY_BREAKAGES
from tests.contract.test_detection import VARIANTS

# The explorer's invariants whose proof by a broken sandbox (``broken_families.py``) is still to
# be written: judged on every trace already, each waiting for a sequence the walk seldom makes or
# a bug the directed scenarios' own traffic does not already show. A name here is debt the test
# shows, not a pass (its bug goes in ``broken_families.PENDING_BREAKAGES`` meanwhile).
PROOFS_PENDING: frozenset[str] = frozenset()

ROOT = Path(__file__).resolve().parents[2]
RULE_MODULES = sorted((ROOT / "contract_tests" / "rules").glob("test_*.py"))


def scenarios() -> set[str]:
    """Every scenario of the kit, as the inventory names it (``test_merchant::test_x``)."""
    found = set()
    for module in RULE_MODULES:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                found.add(f"{module.stem}::{node.name}")
    return found


def sandbox_only_scenarios() -> set[str]:
    """The scenarios that ask for a booking-sandbox's control API whatever happens
    (``run.controls.require`` as a statement of their own body, with no way out before it, such
    as a check done another way that returns): off a sandbox they are skipped, saying so."""
    found = set()
    for module in RULE_MODULES:
        for node in ast.parse(module.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_") and _needs_controls(node):
                found.add(f"{module.stem}::{node.name}")
    return found


def _needs_controls(scenario: ast.FunctionDef) -> bool:
    for statement in scenario.body:
        if _requires_controls(statement):
            return True
        if any(isinstance(inner, ast.Return) for inner in ast.walk(statement)):
            return False
    return False


def _requires_controls(statement: ast.stmt) -> bool:
    call = statement.value if isinstance(statement, ast.Expr) else None
    return (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr == "require"
        and isinstance(call.func.value, ast.Attribute)
        and call.func.value.attr == "controls"
    )


def test_a_rule_says_it_needs_a_sandbox_exactly_where_every_check_of_it_does() -> None:
    """The UNCHECKED reason off a sandbox is true: a rule is "on a booking-sandbox only" (its
    ``elsewhere``) when, and only when, each of its checks asks for the control API before it
    sends anything; one that can run anywhere (booking inside a deadline from now, a fee tier a
    slot from now) makes the rule checkable on a vendor's server, which test_vendor_only holds."""
    only = sandbox_only_scenarios()
    assert only, "the scenarios that need a sandbox were not found: has run.controls.require moved?"
    for rule in load().rules:
        if not rule.checks:
            continue
        needs_one = all(check in only for check in rule.checks)
        assert bool(rule.elsewhere) == needs_one, f"{rule.id}: " + (
            "every check needs a sandbox, and 'elsewhere' does not say why"
            if needs_one
            else f"'elsewhere' says it needs a sandbox, but {sorted(set(rule.checks) - only)} run anywhere"
        )


def test_rules_are_well_formed() -> None:
    rules = load().rules
    ids = [rule.id for rule in rules]
    assert len(ids) == len(set(ids)), "rule ids are unique"
    for rule in rules:
        assert rule.id.startswith(PREFIXES[rule.api] + "-"), rule.id
        assert rule.kind in ("stated", "implied"), rule.id
        assert rule.says.strip(), rule.id
        assert bool(rule.checks) != bool(rule.unchecked), f"{rule.id}: checks, or why not, never both"
        assert not rule.elsewhere or rule.checks, f"{rule.id}: 'elsewhere' explains checks it does not have"
        assert not rule.data or rule.checks, f"{rule.id}: 'data' names data for checks it does not have"


def test_every_scenario_tests_a_rule_and_every_named_check_exists() -> None:
    named = {check for rule in load().rules for check in rule.checks}
    assert scenarios() - named == set(), "scenarios that test no rule of the inventory"
    known = scenarios() | {f"conformance:{check.__name__}" for check in CHECKS.get_all()} | {"explore"}
    assert named - known == set(), "checks the inventory names that the kit does not have"


def test_every_checked_rule_is_proven_by_a_broken_sandbox_its_check_catches() -> None:
    inventory = load()
    checked = {rule.id for rule in inventory.rules if rule.checks}
    explored = {rule.id for rule in inventory.rules if "explore" in rule.checks}
    proven = {rule_id for variant in VARIANTS for rule_id in variant.rules} | set(FAMILY_BREAKAGES)
    assert checked - proven - PROOFS_PENDING == set(), "checked rules with no detection proof"
    assert proven - checked == set(), "proofs of rules the inventory does not check"
    assert set(FAMILY_BREAKAGES) <= explored, "a family proof of a rule the explorer does not check"
    assert not PROOFS_PENDING & proven, "a pending proof that exists: take it off PROOFS_PENDING"
    for variant in VARIANTS:
        for rule_id in variant.rules:
            rule = next(r for r in inventory.rules if r.id == rule_id)
            assert variant.api == rule.api, (variant.name, rule_id)
            caught_by = variant.caught_by.split("|")
            assert any(part in check for part in caught_by for check in rule.checks) or any(
                check.startswith("conformance:") for check in rule.checks
            ), f"{variant.name} is not caught by a check of {rule_id}"


def test_docs_rules_page_is_rendered_from_the_inventory() -> None:
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == render(load(INVENTORY)), "run: python -m contract_tests.kit.inventory > docs/rules.md"


# A count of rules typed into prose: "63 rules", "15 of the 63", "88 documented rules".
TYPED_COUNT = re.compile(r"\b(\d+) (?:documented |proven |business )?rules\b|\bof the (\d+)\b")


def test_no_page_types_a_count_of_rules_the_inventory_does_not_give() -> None:
    """The counts are rendered (docs/rules.md's table), never typed: a typed one goes stale, as
    contract-kit.md's "63" did beside rules.md's 88."""
    inventory = load()
    true = {len(inventory.rules), *(len(inventory.of(api)) for api in PREFIXES)}
    pages = [ROOT / "README.md", ROOT / "ARCHITECTURE.md", *sorted((ROOT / "docs").glob("*.md"))]
    stale = [
        f"{page.name}: {match.group(0)!r}"
        for page in pages
        if page.name != "rules.md"
        for match in TYPED_COUNT.finditer(page.read_text(encoding="utf-8"))
        if int(match.group(1) or match.group(2)) not in true
    ]
    assert stale == [], "name no count, or link docs/rules.md's table"


def test_the_typed_count_check_sees_a_stale_number() -> None:
    assert TYPED_COUNT.search("15 of the 63 need target data").group(2) == "63"  # type: ignore[union-attr]
    assert TYPED_COUNT.search("a kit of 88 proven rules").group(1) == "88"  # type: ignore[union-attr]


def test_every_document_has_rules() -> None:
    inventory = load()
    assert set(inventory.documents) == set(PREFIXES)
    assert all(len(inventory.of(api)) >= 10 for api in PREFIXES)
