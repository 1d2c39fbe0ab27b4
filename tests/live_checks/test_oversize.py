"""HTTP's size refusals (``rule_engine/oversize.py``) on hand-made traffic: a 413, 414 or 431 to
a request past the smallest bound a common gateway keeps is the infrastructure's answer, no
operation's; under the bound it is the vendor's, judged against the operation's responses."""

from __future__ import annotations

from dataclasses import replace

from mockserver.documents.har import Exchange
from tests.live_checks.traffic import check_all, exchange

REFUSED = {"data": None, "error": "too large"}


def rules(one: Exchange) -> list[str]:
    return [finding.rule for finding in check_all("reservekit-v1", [one]).findings]


def test_a_body_past_nginxs_mebibyte_may_be_refused_413_where_the_operation_does_not_list_it() -> None:
    # ReserveKit's DELETE documents no 413.
    big = exchange("DELETE", "/v1/bookings/7", 413, REFUSED, sent={"note": "x" * (1024 * 1024)})
    assert rules(big) == []
    small = exchange("DELETE", "/v1/bookings/7", 413, REFUSED, sent={"note": "x"})
    assert rules(small) == ["SPEC-STATUS"]
    # A recording that kept only part of the body, or none, says how long it was.
    assert rules(replace(small, request_body=b"", request_length=2 * 1024 * 1024)) == []
    assert rules(replace(small, request_body=b"", request_length=-1)) == ["SPEC-STATUS"]


def test_a_request_target_past_two_kibibytes_may_be_refused_414() -> None:
    long = exchange("GET", f"/v1/bookings?service_id=3&q={'a' * 2100}", 414, REFUSED)
    assert rules(long) == []
    short = exchange("GET", "/v1/bookings?service_id=3", 414, REFUSED)
    assert rules(short) == ["SPEC-STATUS"]
    # Refused before any route is read: a path no operation has is no finding either.
    assert rules(exchange("GET", f"/v1/{'a' * 2100}", 414, REFUSED)) == []


def test_header_fields_past_eight_kibibytes_may_be_refused_431() -> None:
    heavy = exchange("GET", "/v1/services", 431, REFUSED, headers={"Cookie": "c" * 8200})
    assert rules(heavy) == []
    light = exchange("GET", "/v1/services", 431, REFUSED, headers={"Cookie": "c"})
    assert rules(light) == ["SPEC-STATUS"]
    # Another status to a large request is judged as any.
    assert rules(replace(heavy, status=418)) == ["SPEC-STATUS"]
