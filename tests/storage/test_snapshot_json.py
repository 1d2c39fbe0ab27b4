"""An imported state's JSON columns (``storage/snapshots/snapshot_json.py``), on hand-made values."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.storage.snapshots.snapshot_json import json_problems

EDIT = {
    "started_at": "2026-11-20T16:46:58.838582",
    "starts_at": "2026-12-01T09:00:00",
    "ends_at": "2026-12-01T10:00:00",
    "staff_id": 2,
    "add_ons": [[1, 2]],
    "participants": [[7, "confirmed", True, False, None]],
    "total_minor": 6500,
}
TIERS = [
    {"hours_before": 72, "percent": 0, "amount_minor": None},
    {"hours_before": 0, "percent": None, "amount_minor": 7000},
]


IDS = {"staff": {2}, "add_ons": {1, 3}, "participants": {7}}


def problems(table: str, column: str, value: Any) -> list[tuple[str, str]]:
    return list(json_problems(table, column, value, IDS))


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("folios", "add_ons", []),
        ("folios", "add_ons", [[1, 2], [3, 1]]),
        ("folios", "pending_edit", EDIT),
        ("service_terms", "fee_tiers", TIERS),
        ("form_fields", "options", ["light", "firm"]),
        ("form_fields", "uuid", {"not": "a JSON column"}),
    ],
)
def test_what_the_sandbox_writes_passes(table: str, column: str, value: Any) -> None:
    assert problems(table, column, value) == []


@pytest.mark.parametrize(
    ("table", "column", "value", "named"),
    [
        ("folios", "add_ons", {"x": 1}, ("", "{'x': 1} is not of type 'array'")),
        ("folios", "add_ons", [[1]], ("[0]", "[1] is too short")),
        ("folios", "add_ons", [[0, 1]], ("[0][0]", "0 is less than the minimum of 1")),
        ("folios", "pending_edit", "x", ("", "'x' is not of type 'object', 'null'")),
        (
            "folios",
            "pending_edit",
            {**EDIT, "started_at": "2026-13-01T00:00:00"},
            (".started_at", "'2026-13-01T00:00:00' is not a 'stored-time'"),
        ),
        (
            "folios",
            "pending_edit",
            {**EDIT, "starts_at": "2026-12-01T09:00:00+00:00"},
            (".starts_at", "'2026-12-01T09:00:00+00:00' is not a 'stored-time'"),
        ),
        (
            "folios",
            "pending_edit",
            {**EDIT, "participants": [[7, "bogus", True, False, None]]},
            (
                ".participants[0][1]",
                "'bogus' is not one of ['held', 'pending', 'confirmed', 'invited', 'cancelled', 'completed', 'rejected', 'expired']",
            ),
        ),
        ("service_terms", "fee_tiers", "nope", ("", "'nope' is not of type 'array'")),
        (
            "service_terms",
            "fee_tiers",
            [{"x": 1}],
            ("[0]", "Additional properties are not allowed ('x' was unexpected)"),
        ),
        (
            "service_terms",
            "fee_tiers",
            TIERS[:1],
            ("", "fee tiers need distinct hours, largest first, ending at 0"),
        ),
        (
            "service_terms",
            "fee_tiers",
            [{"hours_before": 0, "percent": 5, "amount_minor": 9}],
            ("", "each fee tier has a percent or an amount_minor"),
        ),
        ("form_fields", "options", [1, 2], ("[0]", "1 is not of type 'string'")),
    ],
)
def test_junk_is_named_where_it_lies(table: str, column: str, value: Any, named: tuple[str, str]) -> None:
    assert named in problems(table, column, value)


@pytest.mark.parametrize(
    ("column", "value", "named"),
    [
        ("add_ons", [[1, 2], [9, 1]], ("[1][0]", "no add_ons row has id 9")),
        ("pending_edit", {**EDIT, "staff_id": 5}, (".staff_id", "no staff row has id 5")),
        ("pending_edit", {**EDIT, "add_ons": [[4, 1]]}, (".add_ons[0][0]", "no add_ons row has id 4")),
        (
            "pending_edit",
            {**EDIT, "participants": [[8, "confirmed", True, False, "Al"]]},
            (".participants[0][0]", "no participants row has id 8"),
        ),
        ("pending_edit", {**EDIT, "ends_at": EDIT["starts_at"]}, (".ends_at", "must be after starts_at")),
    ],
)
def test_what_a_folio_would_put_back_names_rows_the_document_holds(
    column: str, value: Any, named: tuple[str, str]
) -> None:
    """Cancelling an edit puts its staff member, add-ons and places back on the booking."""
    assert problems("folios", column, value) == [named]
