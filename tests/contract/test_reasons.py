"""A failed check's reason: the rule-level words, the exchange it broke on, never Python's text."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import requests
from schemathesis.core.failures import Failure, FailureGroup

from contract_tests.kit.reasons import exchange_line, reason
from mockserver.documents.har import Exchange


def exchange(status: int, body: bytes, sent: bytes = b"") -> Exchange:
    return Exchange(
        started=datetime(2027, 1, 6, tzinfo=UTC),
        method="PATCH",
        url="http://vendor.example/v1/bookings/7?x=1",
        request_headers={},
        request_body=sent,
        status=status,
        reason="OK",
        response_headers={},
        response_body=body,
        duration_ms=3.0,
    )


def test_an_assertion_gives_its_own_message_and_the_last_exchange() -> None:
    said = reason(AssertionError("expected 400, got 200\nassert 200 == 400"), [exchange(200, b'{"data": 1}')])
    assert said == 'expected 400, got 200\nlast exchange: PATCH /v1/bookings/7?x=1 -> 200 {"data": 1}'


def test_a_missing_field_is_named_without_python_words() -> None:
    said = reason(KeyError("available_bookings"), [])
    assert said == "an answer lacked the field 'available_bookings', which the scenario reads as documented"


def test_other_exceptions_say_what_the_answer_was() -> None:
    cases = {
        json.JSONDecodeError("Expecting value", "", 0): "was not JSON",
        requests.ConnectionError("boom"): "no whole answer",
        TypeError("'NoneType' object is not subscriptable"): "did not have the shape",
        StopIteration(): "fewer items",
        RuntimeError("anything"): "could not go on",
    }
    for error, words in cases.items():
        said = reason(error, [])
        assert words in said
        assert type(error).__name__ not in said
        assert str(error) not in said or not str(error)


def test_a_fault_of_the_kits_own_code_is_not_laid_on_the_target() -> None:
    for error in (NameError("name 'pytest' is not defined"), ImportError("cannot import name 'x'")):
        said = reason(error, [exchange(200, b"{}")])
        assert said.startswith("the kit's own fault, not the target's"), said
        assert str(error) in said


def test_an_answer_too_deep_to_read_says_so() -> None:
    """What requests' ``.json()`` raises over a vendor's answer a hundred thousand levels deep."""
    answer = requests.Response()
    answer._content = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(RecursionError) as raised:
        answer.json()
    said = reason(raised.value, [exchange(200, answer.content)])
    assert said.startswith("an answer was JSON nested too deep to read")
    assert "recursion" not in said.lower()


def test_schemathesis_failures_keep_their_own_text_and_curl() -> None:
    failure = Failure(
        operation="GET /v1/services",
        title="API accepts invalid authentication",
        message="Expected 401 or 403, got `200 OK` for `GET /v1/services` (invalid credentials provided)",
    )
    group = FailureGroup(
        [failure],
        "Schemathesis found 1 distinct failure\n\nReproduce with:\n\n    curl -X GET 'http://x/v1/services'\n",
    )
    said = reason(group, [exchange(200, b"{}")])
    assert said.splitlines() == [
        "ST901 API accepts invalid authentication: Expected 401 or 403, got `200 OK` for `GET /v1/services` "
        "(invalid credentials provided)",
        "reproduce: curl -X GET 'http://x/v1/services'",
    ]


def test_long_bodies_are_cut() -> None:
    line = exchange_line(exchange(201, b"x" * 1000, sent=b"y" * 1000))
    assert len(line) < 500
    assert line.endswith("…")
    # An assertion whose message is an answer's whole body (a list of services: 2,000 characters).
    said = reason(AssertionError('{"data": {"services": [' + "1, " * 1000 + "]}}"), [exchange(200, b"{}")])
    first, last = said.splitlines()
    assert len(first) == 301
    assert first.endswith("…")
    assert last == "last exchange: PATCH /v1/bookings/7?x=1 -> 200 {}"


def test_schemathesis_failures_are_said_in_the_order_of_their_codes() -> None:
    """Schemathesis lists a case's failures as its checks came back: the reason's lines, and so
    which failures a summary folded together, varied between runs of one seed."""

    class Unauthenticated(Failure):
        code = "ST401"

    class Untyped(Failure):
        code = "ST104"

    made = [
        Unauthenticated(
            operation="GET /v1/services", title="API accepts requests without authentication", message="m"
        ),
        Untyped(operation="GET /v1/services", title="Missing Content-Type header", message="m"),
    ]
    said = reason(FailureGroup(made, "found 2"), [])
    assert [line.split()[0] for line in said.splitlines()] == ["ST104", "ST401"]
