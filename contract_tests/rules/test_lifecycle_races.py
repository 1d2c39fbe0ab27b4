"""The lifecycle API's rules under a race: two customers booking one free slot instantly at the
same moment."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from contract_tests.kit import race
from contract_tests.kit.run import Run
from contract_tests.rules.lifecycle_desk import Desk

# A race for one instant slot: both customers at once, each on a connection of its own, over
# several slots (a vendor's window between check and write is brief).
ROUNDS = 3


def test_race_one_instant_slot_goes_to_one_customer(desk: Desk, run: Run) -> None:
    offered, raced = desk.offered(), 0
    for service, slot in offered:
        if raced == ROUNDS:
            return
        calls = [functools.partial(_book_as, desk, service["id"], slot) for _ in range(2)]
        answers = race.at_once([desk.customer, run.api("other")], calls)
        won = [answer for answer in answers if answer.status_code == 201]
        assert len(won) <= 1, (
            f"two customers asked at once for the slot at {slot['start_date']} (resource "
            f"{slot['resource_id']}), and both got it ({race.tally(answers)})"
        )
        if not won:  # someone else took it since it was offered: try the next
            continue
        lost = next(answer for answer in answers if answer.status_code != 201)
        desk.refused(lost, 422, "slot_unavailable")
        raced += 1
    if raced == 0:
        pytest.skip(desk.unoffered())


def _book_as(desk: Desk, service_id: str, slot: dict[str, Any], caller: Any) -> Any:
    return desk.book(service_id, slot, caller=caller)
