"""HAR 1.2 documents from plain exchanges."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

from mockserver.documents.har import Exchange, har_chunks, har_document


def test_an_exchange_becomes_a_har_entry() -> None:
    exchange = Exchange(
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
