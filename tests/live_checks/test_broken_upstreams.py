"""Every passive rule meets a broken sandbox: ``tests/contract/test_detection.py`` puts the
validating proxy in front of the kit's broken sandbox of each rule the proxy checks, with the
kit's own scenarios as the client session, and holds the proxy to report that rule."""

from __future__ import annotations

from tests.contract.test_detection import PASSIVE, RULE_BREAKAGES, VARIANTS


def test_every_passive_rule_is_proven_by_a_broken_sandbox_of_the_kit() -> None:
    proven = {rule for variant in VARIANTS for rule in variant.rules}
    assert set(RULE_BREAKAGES) >= PASSIVE, PASSIVE - set(RULE_BREAKAGES)
    assert proven >= PASSIVE, PASSIVE - proven
