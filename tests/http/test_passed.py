"""An answer that passed its schema once is not checked again (``validation/passed.py``), and
nothing that would fail gets through on another's pass."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from connexion.exceptions import NonConformingResponseBody

from mockserver.http.validation.formats import build_format_checker
from mockserver.http.validation.passed import PassedAnswers
from mockserver.http.validation.validators import build_validator_map

BOOKING = {
    "type": "object",
    "required": ["id", "at"],
    "properties": {"id": {"type": "integer"}, "at": {"type": "string", "format": "date-time"}},
}
SLOT = {"type": "object", "required": ["id", "at"], "properties": {"id": {"type": "string"}}}
GOOD = b'{"id": 1, "at": "2027-01-11T09:00:00Z"}'


class Checks:
    """One app's response validator class, counting the schema checks it makes."""

    def __init__(self) -> None:
        self.response = build_validator_map(build_format_checker())["response"]["application/json"]
        self.checked: list[Any] = []

    def answer(self, schema: dict[str, Any], *chunks: bytes) -> list[bytes]:
        validator = self.response({"type": "http"}, schema=schema, nullable=False, encoding="utf-8")
        compiled = validator.validator
        if not hasattr(compiled, "counted"):
            check = compiled.validate
            compiled.validate = lambda body: (self.checked.append(body), check(body))[1]
            compiled.counted = True
        sent: list[bytes] = []

        async def send(message: Any) -> None:
            sent.append(message.get("body", b""))

        async def respond() -> None:
            wrapped = validator.wrap_send(send)
            await wrapped({"type": "http.response.start", "status": 200, "headers": []})
            for n, chunk in enumerate(chunks):
                await wrapped({"type": "http.response.body", "body": chunk, "more_body": n < len(chunks) - 1})

        asyncio.run(respond())
        return sent


def test_the_same_bytes_are_checked_once_and_still_sent() -> None:
    checks = Checks()
    assert checks.answer(BOOKING, GOOD) == [b"", GOOD]
    assert checks.answer(BOOKING, GOOD[:10], GOOD[10:]) == [b"", GOOD[:10], GOOD[10:]]
    assert len(checks.checked) == 1, "the second answer's bytes had passed already"
    checks.answer(BOOKING, GOOD.replace(b"1", b"2", 1))
    assert len(checks.checked) == 2, "other bytes are checked"


def test_a_failing_answer_fails_every_time() -> None:
    checks = Checks()
    bad = b'{"id": 1, "at": "yesterday"}'
    for _ in range(2):
        with pytest.raises(NonConformingResponseBody, match="date-time"):
            checks.answer(BOOKING, bad)
    assert len(checks.checked) == 2


def test_a_pass_under_one_schema_lets_nothing_through_under_another() -> None:
    checks = Checks()
    checks.answer(BOOKING, GOOD)
    with pytest.raises(NonConformingResponseBody, match="is not of type 'string'"):
        checks.answer(SLOT, GOOD)


def test_apps_keep_their_own_passes_and_the_oldest_go_first() -> None:
    first, second = Checks(), Checks()
    first.answer(BOOKING, GOOD)
    second.answer(BOOKING, GOOD)
    assert len(second.checked) == 1, "another app's pass is not this one's"
    passed = PassedAnswers(limit=2)
    keys = [passed.key(BOOKING, "utf-8", body) for body in (b"1", b"2", b"3")]
    for key in keys:
        passed.add(key)
    assert (keys[0] in passed, keys[1] in passed, keys[2] in passed, len(passed)) == (False, True, True, 2)
    assert passed.key(BOOKING, "latin-1", b"1") != keys[0], "the encoding is part of the key"
