"""SPEC-MEDIA-TYPE on hand-made traffic: a refusal of a legal spelling of a type the operation
takes (415) or gives (406) is the finding, whether or not the spec documents the status; a
refusal of what the operation truly cannot take is none."""

from __future__ import annotations

import pytest

from mockserver.documents.media_types import media_type_of
from mockserver.http.validation.media_types import typed
from tests.live_checks.traffic import check_all, exchange

SENT = {"date": "2027-01-11", "time_slot_id": 3}
REFUSED = {"data": None, "error": "unsupported media type"}


def _rules(status: int, headers: dict[str, str]) -> list[str]:
    traffic = [exchange("POST", "/v1/bookings", status, REFUSED, sent=SENT, headers=headers)]
    return [finding.rule for finding in check_all("reservekit-v1", traffic).findings]


@pytest.mark.parametrize(
    "spelt",
    [
        "application/json; charset=utf-8",  # .NET's JsonContent
        "application/json;charset=UTF-8",  # Spring's
        "Application/JSON",
        'application/json ; charset="utf-8"',
        "application/json",
    ],
)
def test_a_body_of_the_type_taken_refused_as_unsupported_is_the_finding(spelt: str) -> None:
    # ReserveKit's spec documents 415: SPEC-STATUS has nothing to say of it.
    assert _rules(415, {"Content-Type": spelt}) == ["SPEC-MEDIA-TYPE"]


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Type": "text/plain;charset=UTF-8"},  # a browser's fetch of a string body
        {"Content-Type": "application/json; charset=utf-16"},  # RFC 8259: JSON between systems is UTF-8
        {"Content-Type": "application/json; profile=x"},  # a parameter JSON does not define
        {"Content-Type": "application/json", "Content-Encoding": "gzip"},  # a coding it need not take
        {"Content-Type": ""},
    ],
)
def test_a_body_the_operation_need_not_take_may_be_refused(headers: dict[str, str]) -> None:
    assert _rules(415, headers) == []


@pytest.mark.parametrize(
    "accept",
    ["application/json, text/plain, */*", "*/*", "application/*", "text/html, application/json;q=0.5", ""],
)
def test_an_accept_admitting_the_type_given_refused_is_the_finding(accept: str) -> None:
    assert _rules(406, {"Accept": accept}) == ["SPEC-MEDIA-TYPE"]


@pytest.mark.parametrize("accept", ["text/html", "application/xml, */*;q=0", "application/json;q=0"])
def test_an_accept_admitting_no_type_given_may_be_refused(accept: str) -> None:
    # 406 is no status ReserveKit documents: the refusal is a SPEC-STATUS finding still.
    assert _rules(406, {"Accept": accept}) == ["SPEC-STATUS"]


def test_the_findings_line_names_the_spelling_and_the_operation() -> None:
    traffic = [
        exchange(
            "POST",
            "/v1/bookings",
            415,
            REFUSED,
            sent=SENT,
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
    ]
    (finding,) = check_all("reservekit-v1", traffic).findings
    assert finding.line() == (
        "FINDING SPEC-MEDIA-TYPE #1 POST /v1/bookings -> 415: refused as unsupported a body sent as "
        "'application/json; charset=utf-8', a spelling of a type POST /v1/bookings takes"
    )


@pytest.mark.parametrize(
    ("given", "media_type"),
    [("Application/JSON", "application/json"), ('application/json ; charset="utf-8"', "application/json")],
)
def test_the_server_reads_a_spelling_as_the_engine_does(given: str, media_type: str) -> None:
    """The sandbox takes what the engine holds a vendor to take: it answered the second with a
    415 before."""
    assert typed(given, [])[0] == media_type_of(given) == media_type
