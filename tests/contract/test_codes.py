"""The kit's reading of an error code no document spells (``kit/codes.py``): exact on a
booking-sandbox, by its words on a vendor's server, and never a code of another refusal."""

from __future__ import annotations

import pytest

from contract_tests.kit.codes import inferred_code, names


@pytest.mark.parametrize(
    "said",
    ["slot_unavailable", "booking.slot_unavailable", "bookings/slot-unavailable", "SLOT_UNAVAILABLE"],
)
def test_a_vendors_spelling_of_the_same_words_names_the_refusal(said: str) -> None:
    assert names(said, "slot_unavailable")
    inferred_code(False, said, "slot_unavailable")


@pytest.mark.parametrize("said", ["internal_error", "unavailable", "timeslot_unavailable", ""])
def test_another_refusals_code_does_not(said: str) -> None:
    assert not names(said, "slot_unavailable")
    with pytest.raises(AssertionError, match="expected a code naming 'slot unavailable'"):
        inferred_code(False, said, "slot_unavailable")


def test_facing_a_sandbox_the_code_is_its_own_exactly() -> None:
    inferred_code(True, "slot_unavailable", "slot_unavailable")
    with pytest.raises(AssertionError, match="expected the sandbox's code"):
        inferred_code(True, "booking.slot_unavailable", "slot_unavailable")
