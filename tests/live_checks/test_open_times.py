"""PLACES-ADD-UP where a read lists the times still open (lifecycle's availability), on hand-made
traces: a time the trace's booking takes is unlisted, the time it left is listed again, and what
none of the trace's bookings took stays as it was seen."""

from __future__ import annotations

from typing import Any

from mockserver.documents.har import Exchange
from mockserver.rule_engine.checking import TrafficCheck
from tests.live_checks.traffic import exchange

RULE = "LC-PLACES-ADD-UP"
BOOKING = "6f9b3c1e-0d5a-4c7e-9a51-2b8e7d4c1a07"
SERVICE = "5b0c2f0e-3a5e-4d1c-9b77-0c6a1f2e3d4b"
ALEX = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
TEN, ELEVEN, NOON = "2027-01-11T10:00:00Z", "2027-01-11T11:00:00Z", "2027-01-11T12:00:00Z"


def slot(start: str, end: str) -> dict[str, Any]:
    attributes = {"start_date": start, "end_date": end, "resource_id": ALEX, "resource_name": "Alex Kim"}
    return {"type": "availability-slots", "id": f"{ALEX}@{start}", "attributes": attributes}


def availability(*starts: str) -> Exchange:
    """The service's open times on 2027-01-11: each start given, an hour long, on Alex."""
    ends = {TEN: ELEVEN, ELEVEN: NOON, NOON: "2027-01-11T13:00:00Z"}
    listed = [slot(start, ends[start]) for start in starts]
    path = f"/api/v1/services/{SERVICE}/availability?date=2027-01-11"
    return exchange("GET", path, 200, {"data": listed, "meta": {"service_id": SERVICE, "count": len(listed)}})


def booking(start: str = TEN, end: str = ELEVEN, status: str = "accepted") -> dict[str, Any]:
    attributes = {"status": status, "start_date": start, "end_date": end, "edit_in_progress": False}
    relationships = {
        "service": {"data": {"type": "services", "id": SERVICE}},
        "resource": {"data": {"type": "resources", "id": ALEX}},
    }
    return {
        "data": {"type": "bookings", "id": BOOKING, "attributes": attributes, "relationships": relationships}
    }


def made() -> Exchange:
    sent = {"service_id": SERVICE, "resource_id": ALEX, "start_date": TEN, "end_date": ELEVEN}
    return exchange("POST", "/api/v1/bookings/instant", 201, booking(), sent=sent)


def rebooked() -> Exchange:
    sent = {"start_date": NOON, "end_date": "2027-01-11T13:00:00Z"}
    path = f"/api/v1/bookings/{BOOKING}/edit-booking-base-data"
    return exchange("POST", path, 200, booking(NOON, "2027-01-11T13:00:00Z"), sent=sent)


def judged(*trace: Exchange) -> list[str]:
    check = TrafficCheck("lifecycle", alone=True)
    return [finding.rule for one in trace for finding in check.observe(one) if finding.rule == RULE]


def test_a_booking_takes_its_time_and_a_rebooking_gives_it_back() -> None:
    before = (availability(TEN, ELEVEN, NOON), made())
    assert judged(*before, availability(ELEVEN, NOON), rebooked(), availability(TEN, ELEVEN)) == []


def test_a_time_the_trace_left_and_still_unlisted_is_found() -> None:
    """The proof's bug: a rebooking leaves its first time taken."""
    before = (availability(TEN, ELEVEN, NOON), made(), availability(ELEVEN, NOON), rebooked())
    assert judged(*before, availability(ELEVEN)) == [RULE]


def test_a_time_a_trace_booking_takes_is_never_listed_open() -> None:
    assert judged(availability(TEN, ELEVEN), made(), availability(TEN, ELEVEN)) == [RULE]


CLOCK = exchange("POST", "/_sandbox/clock/advance", 200, {"now": "2027-01-06T16:00:00Z", "frozen": True})


def test_a_time_seen_open_and_gone_with_nothing_of_the_traces_there_is_found() -> None:
    assert judged(availability(TEN, ELEVEN), availability(TEN)) == [RULE]


def test_a_time_taken_by_none_of_the_traces_bookings_stays_taken() -> None:
    # The clock moved: 11:00 went, taken by what the trace cannot count, and it stays taken.
    assert judged(availability(TEN, ELEVEN), CLOCK, availability(TEN), availability(TEN, ELEVEN)) == [RULE]
    # Unless a booking of the trace's, first seen now, was what took it, and has left it since.
    read = exchange("GET", f"/api/v1/bookings/{BOOKING}", 200, booking(ELEVEN, NOON))
    gone = (availability(TEN, ELEVEN), CLOCK, availability(TEN), read, rebooked())
    assert judged(*gone, availability(TEN, ELEVEN)) == []


def test_what_the_trace_cannot_count_starts_again() -> None:
    assert judged(availability(TEN, ELEVEN), CLOCK, availability(TEN)) == []
    assert RULE not in TrafficCheck("lifecycle").checked
