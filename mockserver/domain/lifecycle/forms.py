"""Custom form answers: checked against the service's form, field by field.

A form's fields are dynamic (seeded per service), so answers arrive as a free
mapping of field uuid to value; every problem names the field it is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.domain.kernel.contact import email_problem
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput

from .terms import FieldKind, FormField

LONGEST_TEXT = 1000


def checked_answers(form: list[FormField], answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers keyed by field uuid, or ``InvalidInput`` naming every bad or missing field."""
    by_uuid = {field.uuid: field for field in form}
    problems: list[FieldProblem] = []
    accepted: dict[str, Any] = {}
    for key, value in answers.items():
        field = by_uuid.get(key.lower())
        if field is None:
            problems.append(FieldProblem(key, "not a field of this service's custom form"))
            continue
        problem = _problem(field, value)
        if problem:
            problems.append(FieldProblem(key, problem))
        elif value is not None:
            accepted[field.uuid] = value
    for field in form:
        if field.required and accepted.get(field.uuid) in (None, "") and not _named(problems, field.uuid):
            problems.append(FieldProblem(field.uuid, f"required: {field.label}"))
    if problems:
        raise InvalidInput(
            "personalization does not match the service's custom form", problems=tuple(problems)
        )
    return accepted


def _named(problems: list[FieldProblem], uuid: str) -> bool:
    return any(p.field.lower() == uuid for p in problems)


def _problem(field: FormField, value: Any) -> str | None:
    if value is None:
        return None
    if field.kind is FieldKind.BOOLEAN:
        return None if isinstance(value, bool) else "must be true or false"
    if field.kind is FieldKind.NUMBER:
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        return None if is_number else "must be a number"
    if not isinstance(value, str):
        return "must be a string"
    return _text_problem(field, value)


def _text_problem(field: FormField, value: str) -> str | None:
    if len(value) > LONGEST_TEXT:
        return f"at most {LONGEST_TEXT} characters"
    if field.kind is FieldKind.SELECT and value not in field.options:
        return "must be one of: " + ", ".join(field.options)
    if field.kind is FieldKind.EMAIL and value:
        return email_problem(value)
    return None
