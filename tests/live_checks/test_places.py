"""PLACES-ADD-UP on hand-made traces: the places a read shows left follow the trace's own creates,
moves, cancels and deletes, and nothing is judged the trace cannot count. ReserveKit's words show
each booking whole after its change; Bardge's count a class's spots; the merchant API's changes
answer no body, so its words say whom each change seated."""

from __future__ import annotations

from typing import Any

from mockserver.documents.har import Exchange
from mockserver.rule_engine.checking import TrafficCheck
from tests.live_checks.traffic import exchange, rk_booking

RULE = "RK-PLACES-ADD-UP"
DAY, OTHER_DAY = "2027-01-15", "2027-01-22"


def slots(left: int, day: str = DAY) -> Exchange:
    """The service's slots on ``day``, slot 111 with ``left`` places."""
    slot = {"id": 111, "service_id": 3, "max_bookings": 12, "date": day, "available_bookings": left}
    path = f"/v1/time-slots?service_id=3&date={day}&no_pagination=true"
    return exchange("GET", path, 200, {"data": {"time_slots": [slot], "pagination": {}}})


def booking(status: str = "pending", day: str = DAY) -> dict[str, Any]:
    return rk_booking(31, service_id=3, time_slot_id=111, date=day, status=status)


def created() -> Exchange:
    return exchange("POST", "/v1/bookings?service_id=3", 201, booking(), sent={"time_slot_id": 111})


def cancelled() -> Exchange:
    sent = {"status": "cancelled", "cancel_reason": "no longer needed"}
    return exchange("PATCH", "/v1/bookings/31", 200, booking("cancelled"), sent=sent)


def judged(*trace: Exchange, alone: bool = True) -> list[str]:
    check = TrafficCheck("reservekit-v1", alone=alone)
    return [finding.rule for one in trace for finding in check.observe(one) if finding.rule == RULE]


def test_a_create_and_a_cancel_each_move_the_count_by_one() -> None:
    assert judged(slots(5), created(), slots(4), cancelled(), slots(5)) == []


def test_a_cancel_that_frees_nothing_is_found() -> None:
    assert judged(slots(5), created(), slots(4), cancelled(), slots(4)) == [RULE]


def test_a_create_that_takes_no_place_is_found() -> None:
    assert judged(slots(5), created(), slots(5)) == [RULE]


def test_a_move_frees_the_place_it_left_and_takes_the_one_it_went_to() -> None:
    moved = exchange("PATCH", "/v1/bookings/31", 200, booking(day=OTHER_DAY), sent={"date": OTHER_DAY})
    before = (slots(5), slots(7, OTHER_DAY), created(), slots(4))
    assert judged(*before, moved, slots(5), slots(6, OTHER_DAY)) == []
    assert judged(*before, moved, slots(4), slots(6, OTHER_DAY)) == [RULE]
    assert judged(*before, moved, slots(5), slots(7, OTHER_DAY)) == [RULE]


def test_a_delete_frees_the_place_of_a_booking_the_trace_knows() -> None:
    deleted = exchange("DELETE", "/v1/bookings/31", 204)
    assert judged(slots(5), created(), deleted, slots(5)) == []
    assert judged(slots(5), created(), deleted, slots(4)) == [RULE]


def test_a_booking_first_read_held_its_place_all_along() -> None:
    read = exchange("GET", "/v1/bookings/31", 200, booking())
    assert judged(slots(5), read, cancelled(), slots(6)) == []


def test_what_the_trace_cannot_count_starts_the_count_again() -> None:
    clock = exchange("POST", "/_sandbox/clock/advance", 200, {"now": "2027-01-06T16:00:00Z", "frozen": True})
    unseen = exchange(
        "PATCH", "/v1/bookings/44", 200, rk_booking(44, time_slot_id=111, date=DAY, status="cancelled")
    )
    assert judged(slots(5), slots(9)) == [RULE]  # nothing between: the count must hold
    for between in (clock, unseen):
        assert judged(slots(5), between, slots(9)) == []
    # Another account's change, in a trace that says whose each exchange is.
    another = exchange(
        "PATCH", "/v1/bookings/31", 200, booking("cancelled"), caller="Bearer ********#bbbbbbbb"
    )
    check = TrafficCheck(
        "reservekit-v1", alone=True, home="a", account=lambda one: one.request_headers["Authorization"][-1]
    )
    assert [
        f.rule for one in (slots(5), another, slots(9)) for f in check.observe(one) if f.rule == RULE
    ] == []


def test_places_are_not_met_on_a_trace_that_shares_them() -> None:
    assert judged(slots(5), created(), slots(5), alone=False) == []
    assert RULE not in TrafficCheck("reservekit-v1").checked
    assert RULE in TrafficCheck("reservekit-v1", alone=True).checked


def test_a_bardge_hold_cancelled_frees_its_class_spot() -> None:
    """Bardge's words: a class instance's ``spots_left``, held by a hold or a confirmed booking."""
    visit = {
        "object": "booking",
        "id": "bkg_1",
        "type": "class",
        "status": "initiated",
        "class_instance_id": "ci_101_20270201",
        "service": {"id": "9bb96155-5275-4b94-94ae-af5ce63658c9"},
        "starts_at": "2027-02-01T14:00:00Z",
    }
    instance = {"object": "class_instance", "id": "ci_101_20270201", "capacity": 12}

    def spots(left: int) -> Exchange:
        path = "/classes/9bb96155-5275-4b94-94ae-af5ce63658c9?start_date=2027-02-01&days=1"
        return exchange(
            "GET", path, 200, {"object": "class", "instances": [{**instance, "spots_left": left}]}
        )

    held = exchange("GET", "/bookings/bkg_1", 200, visit)
    cancel = exchange("POST", "/bookings/bkg_1/cancel", 200, {**visit, "status": "cancelled"})
    check = TrafficCheck("bardge-v3", alone=True)
    found = [f.rule for one in (held, spots(11), cancel, spots(11)) for f in check.observe(one)]
    assert "BG-PLACES-ADD-UP" in found
    check = TrafficCheck("bardge-v3", alone=True)
    found = [f.rule for one in (held, spots(11), cancel, spots(12)) for f in check.observe(one)]
    assert "BG-PLACES-ADD-UP" not in found


MERCHANT, CUSTOMER, NEWCOMER = (
    "Bearer ********#aaaaaaaa",
    "Bearer ********#cccccccc",
    "Bearer ********#dddddddd",
)


def group(now: int, **more: Any) -> Exchange:
    """The merchant's calendar showing group booking 60 with ``now`` of its 12 places taken."""
    shown = {
        "id": 60,
        "from_date": "2027-02-02T19:00:00Z",
        "current_participants": now,
        "max_participants": 12,
    }
    path = "/bookings/calendar/events?start=2027-02-02T00:00:00Z&end=2027-02-03T00:00:00Z"
    return exchange("GET", path, 200, {"bookings": [{**shown, **more}], "blocked_times": []}, caller=MERCHANT)


def leaving(caller: str) -> Exchange:
    """``caller`` cancels their place in group booking 60."""
    sent = {"booking_id": 60, "merchant_name": "spa"}
    return exchange("DELETE", "/bookings/customer/60", 200, sent=sent, caller=caller)


def merchant_judged(*trace: Exchange) -> list[str]:
    check = TrafficCheck("merchant", alone=True)
    return [f.rule for one in trace for f in check.observe(one) if f.rule == "MR-PLACES-ADD-UP"]


def test_a_merchant_group_counts_whom_each_change_seated() -> None:
    """The merchant books a customer into a new group; another joins it and leaves; the merchant
    moves it. None of those answers shows the group: the requests say whom each moved."""
    made = exchange(
        "POST",
        "/bookings/merchant",
        201,
        sent={"service_id": 3, "customers": [{"id": "u-1"}]},
        answered={"X-Booking-Id": "60", "Location": "/bookings/customer/60"},
        caller=MERCHANT,
    )
    joined = exchange(
        "POST",
        "/bookings/customer",
        201,
        sent={"merchant_name": "spa", "service_id": 3, "booking_id": 60},
        answered={"X-Booking-Id": "60"},
        caller=NEWCOMER,
    )
    left = leaving(NEWCOMER)
    moved = exchange(
        "PATCH",
        "/bookings/merchant/60",
        200,
        caller=MERCHANT,
        sent={"merchant_note": "", "from_date": "2027-02-02T21:00:00Z", "to_date": "2027-02-02T22:00:00Z"},
    )
    assert merchant_judged(made, group(1), joined, group(2), left, group(1), moved, group(1)) == []
    assert merchant_judged(made, group(1), joined, group(1)) == ["MR-PLACES-ADD-UP"]
    assert merchant_judged(made, group(1), joined, group(2), left, group(2)) == ["MR-PLACES-ADD-UP"]
    # The bug the explorer's proof plants: a move counts again whoever left before it.
    assert merchant_judged(made, joined, left, group(1), moved, group(2)) == ["MR-PLACES-ADD-UP"]


def test_a_customer_the_trace_did_not_seat_held_their_place_until_they_left() -> None:
    """Seated by the merchant under their id (or in the target's own data), a customer who leaves
    with their own token frees the place they held all along."""
    left = leaving(CUSTOMER)
    assert merchant_judged(group(5), left, group(4)) == []
    assert merchant_judged(group(5), left, group(5)) == ["MR-PLACES-ADD-UP"]


def test_a_merchants_cancel_ends_the_group_and_its_count() -> None:
    cancel = exchange(
        "DELETE", "/bookings/merchant/60", 200, sent={"cancellation_reason": ""}, caller=MERCHANT
    )
    assert merchant_judged(group(5), cancel, group(0), group(0)) == []
    # Read as cancelled, a group has no places left to count.
    assert merchant_judged(group(5), cancel, group(0, booking_status="cancelled")) == []
