"""A HAR read defensively (``live_checks/exchanges.py``): whatever a field holds, the file is
read or refused in one line, never a traceback."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mockserver.live_checks.exchanges import UnreadableHar, exchanges_of

ENTRY = {
    "startedDateTime": "2027-01-11T09:00:00.000Z",
    "time": 12.5,
    "request": {"method": "GET", "url": "http://127.0.0.1:8000/reservekit/v1/bookings/1", "headers": []},
    "response": {
        "status": 200,
        "statusText": "OK",
        "headers": [{"name": "Content-Type", "value": "application/json"}],
        "content": {"mimeType": "application/json", "text": "{}"},
    },
}


def har(**changes: Any) -> dict[str, Any]:
    entry = copy.deepcopy(ENTRY)
    for path, value in changes.items():
        *parents, last = path.split("__")
        node = entry
        for key in parents:
            node = node[key]
        node[last] = value
    return {"log": {"entries": [entry]}}


def test_an_entry_as_har_writes_it_is_read() -> None:
    [exchange] = exchanges_of(har(), "mine.har")
    assert (exchange.method, exchange.status, exchange.duration_ms) == ("GET", 200, 12.5)
    assert exchange.response_headers == {"content-type": "application/json"}


def test_an_unknown_time_reads_as_none_spent() -> None:
    assert exchanges_of(har(time=-1), "mine.har")[0].duration_ms == 0
    assert exchanges_of(har(time=None), "mine.har")[0].duration_ms == 0


@pytest.mark.parametrize(
    "changes",
    [
        {"time": 10**20},  # past the calendar once added to its start: a rule's OverflowError
        {"time": float("nan")},
        {"time": "soon"},
        {"startedDateTime": "9999-12-31T23:59:59Z", "time": 86_400_000},
        {"response__content": "x"},  # an object's place: a rule's AttributeError
        {"request__headers": [{"name": "X"}]},
        {"response__status": None},
        {"request": []},
        # JSON spells a lone surrogate, UTF-8 does not: a rule fingerprinting the credential failed.
        {"request__headers": [{"name": "Authorization", "value": "Bearer \ud800"}]},
        {"request__url": "http://127.0.0.1:8000/reservekit/v1/bookings/\udfff"},
    ],
    ids=str,
)
def test_a_field_that_is_not_hars_refuses_the_file_in_one_line(changes: dict[str, Any]) -> None:
    with pytest.raises(UnreadableHar, match=r"^mine\.har: log\.entries\[0\] is not a HAR entry"):
        exchanges_of(har(**changes), "mine.har")


@pytest.mark.parametrize(
    "document", [None, [], {"log": None}, {"log": []}, {"log": {"entries": {}}}], ids=str
)
def test_a_document_that_is_no_har_log_is_named(document: Any) -> None:
    with pytest.raises(UnreadableHar, match=r"^mine\.har: not a HAR log"):
        exchanges_of(document, "mine.har")
