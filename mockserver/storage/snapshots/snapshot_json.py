"""The shapes of an imported state's JSON columns, and the rules the domain reads them by.

A JSON column enters an import as whatever JSON the document holds, and the domain reads it
only later: a folio's add-ons unpacked in pairs, its edit in progress by key, a service's fee
tiers as ``FeeTier(**tier)``. Junk there was imported, then every read of the booking or the
service's list answered 500. Each column's stored shape is a JSON Schema here (the form the
sandbox itself writes, ``storage/lifecycle/ledger.py``), checked with ``jsonschema``; fee
tiers then meet the domain's own rule (``terms.fee_tiers_problem``), as a world file's do.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from mockserver.domain.kernel.clock import EARLIEST, LATEST
from mockserver.domain.kernel.model import BookingStatus
from mockserver.domain.lifecycle.terms import FeeTier, fee_tiers_problem

_ID = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}
_COUNT = {"type": "integer", "minimum": 0, "maximum": 2**53}
_CHOICES = {
    "type": "array",
    "items": {"type": "array", "prefixItems": [_ID, _ID], "minItems": 2, "items": False},
}
_TIME = {"type": "string", "format": "stored-time"}

SHAPES: Mapping[tuple[str, str], Mapping[str, Any]] = {
    ("folios", "add_ons"): _CHOICES,
    ("folios", "pending_edit"): {
        "type": ["object", "null"],
        "additionalProperties": False,
        "required": [
            "started_at",
            "starts_at",
            "ends_at",
            "staff_id",
            "add_ons",
            "participants",
            "total_minor",
        ],
        "properties": {
            "started_at": _TIME,
            "starts_at": _TIME,
            "ends_at": _TIME,
            "staff_id": _ID,
            "add_ons": _CHOICES,
            "participants": {
                "type": "array",
                "items": {
                    "type": "array",
                    "prefixItems": [
                        _ID,
                        {"enum": [status.value for status in BookingStatus]},
                        {"type": "boolean"},
                        {"type": "boolean"},
                        {"type": ["string", "null"], "maxLength": 200},
                    ],
                    "minItems": 5,
                    "items": False,
                },
            },
            "total_minor": _COUNT,
        },
    },
    ("service_terms", "fee_tiers"): {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["hours_before"],
            "properties": {
                "hours_before": {"type": "integer", "minimum": 0, "maximum": 8760},
                "percent": {"type": ["integer", "null"], "minimum": 0, "maximum": 100},
                "amount_minor": {"type": ["integer", "null"], "minimum": 0, "maximum": 2**53},
            },
        },
    },
    ("form_fields", "options"): {"type": "array", "items": {"type": "string", "maxLength": 200}},
}


def _stored_time(value: object) -> bool:
    """An instant as the ledger writes one: naive ISO 8601, UTC, within the clock's years."""
    if not isinstance(value, str):
        return True
    parsed = datetime.fromisoformat(value)
    return parsed.tzinfo is None and EARLIEST.year <= parsed.year <= LATEST.year


_FORMATS = FormatChecker(formats=())
_FORMATS.checks("stored-time", raises=ValueError)(_stored_time)
_VALIDATORS = {key: Draft202012Validator(shape, format_checker=_FORMATS) for key, shape in SHAPES.items()}
JSON_CHECKED = frozenset(_VALIDATORS)
"""The (table, column) pairs ``json_problems`` has something to say of."""


def json_problems(
    table: str, column: str, value: Any, ids: Mapping[str, set[Any]]
) -> Iterator[tuple[str, str]]:
    """(where below the column, why) for each way ``value`` is not what ``table.column`` holds;
    ``ids`` are the document's ids by table, which the ids inside a value must name."""
    validator = _VALIDATORS.get((table, column))
    if validator is None:
        return
    errors = sorted(validator.iter_errors(value), key=lambda error: list(error.absolute_path))
    for error in errors:
        yield (
            "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in error.absolute_path),
            error.message,
        )
    if errors or value is None:
        return
    if (table, column) == ("service_terms", "fee_tiers"):
        if (problem := fee_tiers_problem(tuple(FeeTier(**tier) for tier in value))) is not None:
            yield "", problem
    elif (table, column) == ("folios", "add_ons"):
        yield from _unnamed(value, 0, "add_ons", ids)
    elif (table, column) == ("folios", "pending_edit"):
        # Cancelling the edit puts these back on the booking, its staff member and its places.
        if value["staff_id"] not in ids.get("staff", set()):
            yield ".staff_id", f"no staff row has id {value['staff_id']}"
        if datetime.fromisoformat(value["ends_at"]) <= datetime.fromisoformat(value["starts_at"]):
            yield ".ends_at", "must be after starts_at"
        yield from ((f".add_ons{below}", why) for below, why in _unnamed(value["add_ons"], 0, "add_ons", ids))
        yield from (
            (f".participants{below}", why)
            for below, why in _unnamed(value["participants"], 0, "participants", ids)
        )


def _unnamed(
    items: list[list[Any]], at: int, table: str, ids: Mapping[str, set[Any]]
) -> Iterator[tuple[str, str]]:
    for index, item in enumerate(items):
        if item[at] not in ids.get(table, set()):
            yield f"[{index}][{at}]", f"no {table} row has id {item[at]}"
