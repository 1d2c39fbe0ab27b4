"""The field a HAR entry that cannot be read breaks, named (``live_checks/har_entries.py``):
check-har's refusal said Python's words for it (``'status'``, ``string indices must be
integers, not 'str'``), which name no field of the file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mockserver.documents.har import har_document
from mockserver.live_checks.exchanges import UnreadableHar, exchanges_of
from mockserver.live_checks.har_entries import at_fault
from tests.live_checks.test_exchanges import ENTRY, har
from tests.test_har import EXCHANGE


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"response__status": None}, "response.status is null, where HAR has an integer"),
        ({"request__headers": "x"}, "request.headers is a string, where HAR has an array"),
        ({"request__headers": [{"name": "X"}]}, 'request.headers[0] has no "value"'),
        ({"request": {"url": "u"}}, 'request has no "method"'),
        ({"response__content": "x"}, "response.content is a string, where HAR has an object or null"),
        ({"time": "soon"}, "time is a string, where HAR has a number or null"),
        ({"request": []}, "request is an array, where HAR has an object"),
        # Read as text, these had been judged as the vendor's calls: a method NONE, a finding.
        ({"request__method": None}, "request.method is null, where HAR has a string"),
        ({"request__method": 5}, "request.method is a number, where HAR has a string"),
        ({"request__url": ["http://x/v1/services"]}, "request.url is an array, where HAR has a string"),
        ({"response__status": True}, "response.status is a boolean, where HAR has an integer"),
        ({"response__status": 200.5}, "response.status is a number, where HAR has an integer"),
        # A string, as HAR has it, that urllib cannot split (every rule splits it): a traceback.
        (
            {"request__url": "http://[::1/v1/services"},
            "request.url cannot be read as a URL (Invalid IPv6 URL)",
        ),
    ],
    ids=str,
)
def test_the_field_at_fault_is_named_in_the_refusal(changes: dict[str, Any], said: str) -> None:
    with pytest.raises(UnreadableHar) as refused:
        exchanges_of(har(**changes), "mine.har")
    assert str(refused.value) == f"mine.har: log.entries[0] is not a HAR entry ({said})"


def test_missing_fields_at_one_place_are_said_once_and_many_faults_are_counted() -> None:
    assert at_fault({}) == 'the entry has no "request" or "response"'
    headers = [{}] * 5
    said = at_fault({**ENTRY, "request": {"url": "u", "headers": headers}})
    assert said == (
        'request has no "method"; request.headers[0] has no "name" or "value";'
        ' request.headers[1] has no "name" or "value"; and 3 more'
    )


def test_a_value_of_the_right_type_that_fails_keeps_the_readers_words() -> None:
    """A duration past the calendar is a number, as HAR has it: the reader names the field."""
    assert at_fault(har(time=1e30)["log"]["entries"][0]) is None
    with pytest.raises(
        UnreadableHar, match=r"is not a HAR entry \(time: 1e\+30 ms is no exchange's duration\)$"
    ):
        exchanges_of(har(time=1e30), "mine.har")


@pytest.mark.parametrize(
    "entry",
    [
        ENTRY,
        json.loads(json.dumps(har_document([EXCHANGE])["log"]["entries"][0])),
        # What browsers write beside HAR's own fields: a cache's name, a size unknown, a body kept aside.
        {
            **ENTRY,
            "_fromCache": "disk",
            "request": {**ENTRY["request"], "bodySize": -1, "postData": {"mimeType": "x", "_file": "a.dat"}},
        },
    ],
    ids=["hand-made", "journal har", "browser's extras"],
)
def test_a_good_entry_has_no_field_at_fault(entry: dict[str, Any]) -> None:
    """The schema is asked only once reading failed; were it to blame a good field, the refusal
    would send its reader to mend what is not broken."""
    assert at_fault(entry) is None


def test_the_schema_is_a_draft_2020_12_schema() -> None:
    from jsonschema import Draft202012Validator  # noqa: PLC0415

    from mockserver.live_checks.har_entries import SCHEMA_PATH  # noqa: PLC0415

    Draft202012Validator.check_schema(json.loads(Path(SCHEMA_PATH).read_text(encoding="utf-8")))


def test_a_status_written_as_its_digits_is_still_read() -> None:
    """HAR has an integer; a recorder that wrote the digits as text still said the status."""
    assert exchanges_of(har(response__status="201"), "mine.har")[0].status == 201
