"""CATALOGUE-UNCHANGED (``rule_engine/catalogue.py``) on hand-made traffic: a read of what no
documented operation changes answers the same each time it is asked the same way, by the same
caller; another caller, another query, a list in another order, a moved clock or a replaced state
is no finding, and neither is a read that shows places left."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mockserver.documents.har import Exchange
from mockserver.rule_engine import catalogue as catalogue_module
from tests.live_checks.traffic import check_all, exchange, rk_booking

SLOT = "/v1/time-slots/3"
OTHER = "Bearer ********#bbbbbbbb"


def catalogue(traffic: Sequence[Exchange], api: str = "reservekit-v1") -> list[tuple[str, int, str]]:
    found = check_all(api, traffic).findings
    return [(f.rule, f.index, f.message) for f in found if f.rule.endswith("CATALOGUE-UNCHANGED")]


def slot(slot_id: int = 3, **fields: Any) -> dict[str, Any]:
    return {
        "id": slot_id,
        "service_id": 1,
        "day_of_week": 1,
        "start_time": "2023-01-01 09:00:00",
        "end_time": "2023-01-01 10:00:00",
        "max_bookings": 4,
        "created_at": "2026-10-30T03:31:39Z",
        "updated_at": "2026-10-30T03:31:39Z",
        **fields,
    }


def read(answer: Any, path: str = SLOT, **kwargs: Any) -> Exchange:
    return exchange("GET", path, 200, {"data": answer}, **kwargs)


BOOKED = exchange("POST", "/v1/bookings", 201, rk_booking(7))
TOUCHED = slot(updated_at="2027-01-06T15:00:00Z")


def test_a_slot_that_a_booking_touched_breaks_the_rule_naming_what_moved() -> None:
    found = catalogue([read(slot()), BOOKED, read(TOUCHED), read(TOUCHED)])
    assert [(rule, index) for rule, index, _ in found] == [("RK-CATALOGUE-UNCHANGED", 3)]
    said = found[0][2]
    assert "answered otherwise than at #1" in said, said
    assert '.data.updated_at was "2026-10-30T03:31:39Z", now "2027-01-06T15:00:00Z"' in said, said


def test_the_same_answer_again_or_a_list_in_another_order_is_no_finding() -> None:
    slots = "/v1/services/1/time-slots"
    assert catalogue([read(slot()), BOOKED, read(slot())]) == []
    assert catalogue([read([slot(3), slot(4)], slots), read([slot(4), slot(3)], slots)]) == []
    # A list whose item changed is judged item by item, by id.
    found = catalogue([read([slot(3), slot(4)], slots), read([slot(4, max_bookings=3), slot(3)], slots)])
    assert len(found) == 1, found
    assert ".data[1].max_bookings was 4, now 3" in found[0][2], found


def test_a_change_is_reported_once_per_caller_operation_and_place_however_often_it_moves() -> None:
    """A vendor whose bookings touch their slot moves its ``updated_at`` at each booking: one
    finding, not one a booking; another field, another caller or another read is another."""
    again = slot(updated_at="2027-01-06T15:00:05Z")
    smaller = slot(updated_at="2027-01-06T15:00:05Z", max_bookings=3)
    traffic = [read(slot()), read(TOUCHED), read(again), read(slot()), read(smaller)]
    found = [(index, said.split(": ", 1)[1]) for _, index, said in catalogue(traffic)]
    assert found == [(2, '.data.updated_at was "2026-10-30T03:31:39Z", now "2027-01-06T15:00:00Z"'),
                     (5, ".data.max_bookings was 4, now 3")]  # fmt: skip
    theirs = [read(slot(), caller=OTHER), read(TOUCHED, caller=OTHER)]
    assert [index for _, index, _ in catalogue([*traffic, *theirs])] == [2, 5, 7]
    # Whichever item of a list moved: one place.
    slots = "/v1/services/1/time-slots"
    listed = [read([slot(3), slot(4)], slots), read([slot(3, max_bookings=3), slot(4)], slots)]
    listed.append(read([slot(3, max_bookings=3), slot(4, max_bookings=3)], slots))
    assert [index for _, index, _ in catalogue(listed)] == [2]


def test_another_caller_another_request_or_a_refusal_is_judged_apart() -> None:
    # Each account or role may be shown a catalogue of its own.
    assert catalogue([read(slot()), read(TOUCHED, caller=OTHER)]) == []
    assert catalogue([read(slot()), read(slot(4), "/v1/time-slots/4")]) == []
    missing = exchange("GET", SLOT, 404, {"data": None, "error": "time slot not found"})
    assert catalogue([read(slot()), missing, read(slot())]) == []


def test_a_moved_clock_a_replaced_state_or_a_world_starts_every_read_again() -> None:
    for control in (
        exchange("POST", "/_sandbox/clock/advance", 200, {"now": "2027-01-06T16:00:00Z", "frozen": True}),
        exchange("PUT", "/_sandbox/state", 200, {}),
        exchange("POST", "/_sandbox/world", 200, {}),
    ):
        assert catalogue([read(slot()), control, read(TOUCHED)]) == [], control.url


def test_a_read_that_shows_places_left_is_no_catalogue() -> None:
    listed = "/v1/time-slots?service_id=1&date=2027-01-11"
    page = {"pagination": {"current_page": 1, "total_pages": 1, "total_count": 1, "page_size": 10}}
    before = {"time_slots": [slot(date="2027-01-11", available_bookings=4)], **page}
    after = {"time_slots": [slot(date="2027-01-11", available_bookings=3)], **page}
    assert catalogue([read(before, listed), BOOKED, read(after, listed)]) == []
    # The same list asked without a date shows the slots alone: a catalogue.
    plain = "/v1/time-slots?service_id=1"
    changed = {"time_slots": [TOUCHED], **page}
    assert len(catalogue([read({"time_slots": [slot()], **page}, plain), read(changed, plain)])) == 1


def test_each_api_with_a_catalogue_names_its_reads() -> None:
    service = "/api/v1/services/7d824264-1ba3-42e7-afa4-15e56d204496/custom-form"
    form = {"data": {"type": "custom-forms", "id": "f", "attributes": {"fields": []}}}
    changed = {"data": {"type": "custom-forms", "id": "f", "attributes": {"fields": [{"id": "x"}]}}}
    lifecycle = [exchange("GET", service, 200, form), exchange("GET", service, 200, changed)]
    assert [rule for rule, _, _ in catalogue(lifecycle, "lifecycle")] == ["LC-CATALOGUE-UNCHANGED"]
    classes = {"object": "list", "data": [{"object": "class", "id": "c1", "name": "Yoga"}], "has_more": False}
    renamed = {
        "object": "list",
        "data": [{"object": "class", "id": "c1", "name": "Yoga (9:00)"}],
        "has_more": False,
    }
    bardge = [exchange("GET", "/classes", 200, classes), exchange("GET", "/classes", 200, renamed)]
    assert [rule for rule, _, _ in catalogue(bardge, "bardge-v3")] == ["BG-CATALOGUE-UNCHANGED"]
    # The merchant API documents no read of a catalogue.
    assert check_all("merchant", []).checked.count("MR-CATALOGUE-UNCHANGED") == 0


def test_the_answers_kept_are_bounded_the_oldest_dropped_first(monkeypatch: Any) -> None:
    monkeypatch.setattr(catalogue_module, "KEPT", 2)
    first, second, third = (f"/v1/time-slots/{n}" for n in (3, 4, 5))
    again = read(TOUCHED, first)
    # The first request read again after two others: its answer was dropped, nothing to compare.
    assert catalogue([read(slot(), first), read(slot(4), second), read(slot(5), third), again]) == []
    # Read again in between, it is kept as the latest, and the change shows.
    traffic = [read(slot(), first), read(slot(4), second), read(slot(), first), read(slot(5), third), again]
    assert [index for _, index, _ in catalogue(traffic)] == [5]
