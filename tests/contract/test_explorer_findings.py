"""The explorer's finding as reported: never a longer sequence than a walk already saw break the
same rule (a shrink cut short by its time budget may end on one; CI saw 25 exchanges reported
where the walk had found 23)."""

from __future__ import annotations

from contract_tests.explorer.findings import broken, found_in
from contract_tests.explorer.tally import Tally
from mockserver.rule_engine.findings import Finding


def a_break(rule: str, length: int) -> Finding:
    return Finding(rule, length, "GET", "/bookings/calendar/events", 200, f"broke at #{length}")


def test_the_tally_keeps_each_rules_shortest_break() -> None:
    tally = Tally()
    for rule, length in [("MR-IDENTITY", 23), ("MR-IDENTITY", 9), ("MR-IDENTITY", 25), ("MR-NEIGHBOURS", 4)]:
        tally.found(broken(a_break(rule, length), [], {}))
    assert {rule: kept.length() for rule, kept in tally.shortest.items()} == {
        "MR-IDENTITY": 9,
        "MR-NEIGHBOURS": 4,
    }
    assert tally.rules == {"MR-IDENTITY", "MR-NEIGHBOURS"}


def test_a_final_replay_longer_than_a_break_seen_reports_the_shorter() -> None:
    seen = broken(a_break("MR-IDENTITY", 23), [], {"f1": "merchant"})
    final = broken(a_break("MR-IDENTITY", 25), [], {})
    found = found_in(final, {"MR-IDENTITY": seen})
    assert found is not None
    assert (found.finding.index, found.names) == (23, {"f1": "merchant"})


def test_a_final_replay_no_longer_than_any_break_seen_is_reported_as_it_is() -> None:
    final = broken(a_break("MR-IDENTITY", 2), [], {})
    longer_seen = {"MR-IDENTITY": broken(a_break("MR-IDENTITY", 23), [], {})}
    other_rule = {"MR-NEIGHBOURS": broken(a_break("MR-NEIGHBOURS", 1), [], {})}
    for shortest in (longer_seen, other_rule, None):
        found = found_in(final, shortest)
        assert found is not None
        assert (found.rule, found.finding.index) == ("MR-IDENTITY", 2)


def test_a_shrink_ends_once_every_break_is_one_exchange_long() -> None:
    """A break one exchange long is as short as a break gets: the rest of the shrink's time
    budget (ten seconds by default) would replay walks that cannot find a shorter one."""
    tally = Tally(shrink_seconds=3600)
    assert not tally.shrunk_enough()
    tally.found(broken(a_break("MR-IDENTITY", 23), [], {}))
    assert not tally.shrunk_enough(), "a longer break has its budget to shrink in"
    tally.found(broken(a_break("MR-IDENTITY", 1), [], {}))
    assert tally.shrunk_enough()
    tally.found(broken(a_break("MR-NEIGHBOURS", 4), [], {}))
    assert not tally.shrunk_enough(), "another rule's break may still shrink"
    tally.found(broken(a_break("MR-NEIGHBOURS", 1), [], {}))
    assert tally.shrunk_enough()
    assert not Tally(shrink_seconds=3600).shrunk_enough()
