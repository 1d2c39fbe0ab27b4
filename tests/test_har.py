"""HAR 1.2 documents from plain exchanges."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from mockserver.documents import har
from mockserver.documents.har import (
    EMPTY,
    NOT_JSON,
    READ_DEPTH,
    TOO_DEEP,
    Exchange,
    har_chunks,
    har_document,
    json_document,
)

EXCHANGE = Exchange(
    started=datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
    method="POST",
    url="http://127.0.0.1:8000/reservekit/v1/bookings?service_id=1",
    request_headers={"Content-Type": "application/json", "Authorization": "Bearer ********"},
    request_body=b'{"time_slot_id": 1}',
    status=400,
    reason="Bad Request",
    response_headers={"content-type": "application/json"},
    response_body=b'{"error": "time slot is full"}',
    duration_ms=2.5,
)


def test_an_exchange_becomes_a_har_entry() -> None:
    exchange = EXCHANGE
    log = har_document([exchange])["log"]
    assert (log["version"], log["creator"]["name"]) == ("1.2", "booking-sandbox")
    entry = log["entries"][0]
    assert entry["startedDateTime"] == "2026-11-21T09:30:00+00:00"
    assert entry["request"]["queryString"] == [{"name": "service_id", "value": "1"}]
    assert entry["request"]["postData"] == {"mimeType": "application/json", "text": '{"time_slot_id": 1}'}
    assert entry["response"]["status"] == 400
    assert entry["response"]["content"] == {
        "size": 30,
        "mimeType": "application/json",
        "text": '{"error": "time slot is full"}',
    }
    assert entry["time"] == entry["timings"]["wait"] == 2.5


def test_a_body_less_request_has_no_post_data_and_bad_bytes_stay_readable() -> None:
    exchange = Exchange(
        started=datetime(2026, 11, 21, tzinfo=UTC),
        method="GET",
        url="http://h/x",
        request_headers={},
        request_body=b"",
        status=200,
        reason="OK",
        response_headers={},
        response_body=b"\xff\xfeok",
        duration_ms=1,
    )
    entry = har_document([exchange])["log"]["entries"][0]
    assert "postData" not in entry["request"]
    assert entry["response"]["content"]["text"].endswith("ok")


def test_the_streamed_document_is_the_document() -> None:
    one = Exchange(
        started=datetime(2026, 11, 21, tzinfo=UTC),
        method="GET",
        url="http://127.0.0.1:8000/reservekit/v1/services",
        request_headers={},
        request_body=b"",
        status=200,
        reason="OK",
        response_headers={"content-type": "application/json"},
        response_body=b'{"data": []}',
        duration_ms=1.0,
        comment="a note",
    )
    for exchanges in ([], [one], [one, replace(one, status=404, comment="")]):
        streamed = b"".join(har_chunks(exchanges))
        assert json.loads(streamed) == har_document(exchanges)


def answering(body: bytes) -> Exchange:
    return replace(EXCHANGE, request_body=b"", response_body=body)


def test_each_body_is_read_once_for_every_reader() -> None:
    exchange = answering(b'{"data": {"id": 1}}')
    document = exchange.response_json
    assert document == {"data": {"id": 1}}
    assert exchange.response_json is document  # not read again
    assert exchange.request_json is EMPTY
    # An exchange made from another reads its own body.
    assert replace(exchange, response_body=b"[2]").response_json == [2]


@pytest.mark.parametrize(
    ("body", "unread"),
    [
        (b"", EMPTY),
        (b" \r\n", EMPTY),
        (b"{not json", NOT_JSON),
        (b'{"a": 1} {"b": 2}', NOT_JSON),
        (b'{"price": NaN}', NOT_JSON),  # as the sandbox reads a request: not JSON
        (b'{"price": -Infinity}', NOT_JSON),
        (b'{"name": "\xff"}', NOT_JSON),  # not UTF-8
        (b"[" * 100_000 + b"]" * 100_000, TOO_DEEP),
        # Past READ_DEPTH, on every Python: 3.11's reader gave up about here, 3.13's reads on.
        (b'{"a": ' * (READ_DEPTH + 1) + b"1" + b"}" * (READ_DEPTH + 1), TOO_DEEP),
        (b'{"a": "' + b"[" * 5_000 + b'"}', {"a": "[" * 5_000}),  # brackets in a string are text
    ],
    ids=[
        "empty",
        "blank",
        "broken",
        "two documents",
        "NaN",
        "Infinity",
        "not UTF-8",
        "too deep",
        "past the bound",
        "brackets in a string",
    ],
)
def test_a_body_that_is_no_json_document_says_why(body: bytes, unread: Any) -> None:
    assert json_document(body) == unread
    assert answering(body).response_json == unread


def test_the_depth_bound_is_the_readers_own_not_pythons(monkeypatch: pytest.MonkeyPatch) -> None:
    # Python 3.11's reader refuses what lies past the bound anyway; a bound of three shows that
    # the reader asks its own on every Python (3.13's reader would read five thousand levels).
    monkeypatch.setattr(har, "READ_DEPTH", 3)
    assert json_document(b"[[[1]]]") == [[[1]]]
    assert json_document(b"[[[[1]]]]") is TOO_DEEP
    assert json_document(b'[[["[[[["]]]') == [[["[[[["]]]


def test_json_in_any_encoding_json_allows_is_read() -> None:
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):
        assert json_document('{"name": "Zoë"}'.encode(encoding)) == {"name": "Zoë"}, encoding
