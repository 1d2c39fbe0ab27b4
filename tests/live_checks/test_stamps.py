"""Timestamps judged by the target's own clock (``rule_engine/stamps.py``), on hand-made lifecycle
traffic: whole seconds that do not move under a stopped clock are no finding; a change stamped
before an instant the target had already shown is, wherever that instant came from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from mockserver.documents.har import Exchange
from mockserver.rule_engine.checking import TrafficCheck
from tests.live_checks.traffic import START, check_all, exchange

BOOKING = "6f9b3c1e-0d5a-4c7e-9a51-2b8e7d4c1a07"
OTHER_BOOKING = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
PATH = f"/api/v1/bookings/{BOOKING}"
MADE = "2027-01-06T15:00:00Z"
SIX_MINUTES_ON = "2027-01-06T15:06:00Z"
ANOTHER = "Bearer ********#bbbbbbbb"


def lc_booking(booking: str = BOOKING, **attributes: object) -> dict[str, object]:
    return {
        "data": {
            "type": "bookings",
            "id": booking,
            "attributes": {
                "number": "BK-1",
                "status": "accepted",
                "start_date": "2027-01-11T10:00:00Z",
                "end_date": "2027-01-11T11:00:00Z",
                "check_in_until": "2027-01-11T10:15:00Z",
                "participants": [],
                "addons": [],
                "edit_in_progress": False,
                "created_at": MADE,
                "updated_at": MADE,
                **attributes,
            },
            "relationships": {},
            "links": {"self": f"/api/v1/bookings/{booking}"},
        }
    }


def read(booking: str = BOOKING, caller: str = "Bearer ********#aaaaaaaa", **attributes: object) -> Exchange:
    return exchange(
        "GET", f"/api/v1/bookings/{booking}", 200, lc_booking(booking, **attributes), caller=caller
    )


def personalized(updated_at: str, answers: object = "Window seat") -> Exchange:
    return exchange(
        "POST",
        f"{PATH}/personalization",
        200,
        lc_booking(updated_at=updated_at, personalization=answers),
        sent={"fields": {"seat": answers}},
    )


def clock(now: str) -> Exchange:
    return exchange("POST", "/_sandbox/clock/advance", 200, {"now": now, "frozen": True, "offset_seconds": 0})


def in_turn(traffic: Sequence[Exchange]) -> list[Exchange]:
    """Each exchange sent a second after the one before was answered, as one client's are."""
    return [replace(exchange, started=START + timedelta(seconds=n)) for n, exchange in enumerate(traffic)]


def stamps(traffic: Sequence[Exchange], *, sequential: bool = True) -> list[tuple[str, int]]:
    traffic = in_turn(traffic) if sequential else list(traffic)
    return [
        (f.rule, f.index) for f in check_all("lifecycle", traffic).findings if f.rule.endswith("TIMESTAMPS")
    ]


def test_a_change_in_the_same_second_may_show_the_same_instant() -> None:
    # Whole seconds, a clock that has not been seen to move: nothing proves the change was later.
    assert stamps([read(), personalized(MADE)]) == []


def test_a_change_after_the_sandbox_clock_moved_must_move_updated_at() -> None:
    assert stamps([read(), clock(SIX_MINUTES_ON), personalized(MADE)]) == [("LC-TIMESTAMPS", 3)]
    assert stamps([read(), clock(SIX_MINUTES_ON), personalized(SIX_MINUTES_ON)]) == []


def test_another_bookings_later_stamp_is_the_clock_too() -> None:
    # A vendor whose clock runs: a booking made later shows the clock had passed the first's stamp.
    later = read(OTHER_BOOKING, created_at=SIX_MINUTES_ON, updated_at=SIX_MINUTES_ON)
    assert stamps([read(), later, personalized(MADE)]) == [("LC-TIMESTAMPS", 3)]
    # Another caller's sandbox keeps a clock of its own.
    elsewhere = read(OTHER_BOOKING, caller=ANOTHER, created_at=SIX_MINUTES_ON, updated_at=SIX_MINUTES_ON)
    assert stamps([read(), elsewhere, personalized(MADE)]) == []


def test_a_change_that_changes_nothing_need_not_move_it() -> None:
    traffic = [read(personalization="Window seat"), clock(SIX_MINUTES_ON), personalized(MADE)]
    assert stamps(traffic) == []


def test_updated_at_never_goes_back_and_created_at_never_moves() -> None:
    assert stamps([read(updated_at=SIX_MINUTES_ON), read()]) == [("LC-TIMESTAMPS", 2)]
    assert stamps([read(), read(created_at=SIX_MINUTES_ON)]) == [("LC-TIMESTAMPS", 2)]
    # The same instant in another offset is the same instant.
    assert stamps([read(), read(created_at="2027-01-06T16:00:00+01:00")]) == []


def test_a_sandbox_whose_state_is_replaced_starts_again() -> None:
    replaced = exchange("PUT", "/_sandbox/state", 200, {"imported": True})
    assert stamps([read(updated_at=SIX_MINUTES_ON), replaced, read()]) == []
    # A reading of the clock is no move of it, and forgets nothing.
    looked = exchange("GET", "/_sandbox/clock", 200, {"now": MADE})
    assert stamps([read(updated_at=SIX_MINUTES_ON), looked, read()]) == [("LC-TIMESTAMPS", 3)]


def test_the_finding_says_which_change_and_which_instant_proves_it() -> None:
    check = TrafficCheck("lifecycle")
    for item in in_turn([read(), clock(SIX_MINUTES_ON), personalized(MADE)]):
        check.observe(item)
    (finding,) = [f for f in check.findings if f.rule == "LC-TIMESTAMPS"]
    assert "changing personalization" in finding.message, finding.message
    assert "before 2027-01-06T15:06:00+00:00, which the target had shown at #2" in finding.message, (
        finding.message
    )


def test_a_stamp_is_read_to_its_own_precision() -> None:
    # The clock read 15:06:00.447; a target that keeps whole seconds stamps the change 15:06:00.
    traffic = [read(), clock("2027-01-06T15:06:00.447037+00:00"), personalized(SIX_MINUTES_ON)]
    assert stamps(traffic) == []
    # A second behind is what two clocks of one target may disagree by (SKEW); two are not.
    assert stamps([*traffic[:2], personalized("2027-01-06T15:05:59Z")]) == []
    assert stamps([*traffic[:2], personalized("2027-01-06T15:05:58Z")]) == [("LC-TIMESTAMPS", 3)]


def test_a_change_nudged_past_a_stopped_clock_is_no_clock_reading() -> None:
    # Under a stopped clock this sandbox stamps a change a microsecond on, so each change shows;
    # a booking made next is stamped with the clock itself, which is no going back of it.
    nudged = "2027-01-06T15:00:00.000001Z"
    traffic = [
        read(updated_at=MADE),
        personalized(nudged),
        exchange("POST", "/api/v1/bookings/instant", 201, lc_booking(OTHER_BOOKING)),
        read(OTHER_BOOKING),
    ]
    assert stamps(traffic) == []


def test_requests_in_flight_together_may_be_stamped_in_any_order() -> None:
    """A race: two bookings made at once are answered in one order and stamped in the other.
    Neither was sent after the other's answer, so neither's stamp is a floor under the other."""
    first = exchange("POST", "/api/v1/bookings/instant", 201, lc_booking(created_at=SIX_MINUTES_ON))
    second = exchange("POST", "/api/v1/bookings/instant", 201, lc_booking(OTHER_BOOKING))
    together = [
        replace(first, started=START, duration_ms=900.0),
        replace(second, started=START + timedelta(milliseconds=100), duration_ms=900.0),
        replace(read(OTHER_BOOKING), started=START + timedelta(seconds=2)),
    ]
    assert stamps(together, sequential=False) == []
    # The same two sent one after the other: the second was made after the first was stamped.
    assert stamps([first, second, read(OTHER_BOOKING)]) == [("LC-TIMESTAMPS", 2)]


def test_a_read_sent_before_a_change_came_back_may_show_it_undone() -> None:
    change = replace(personalized(SIX_MINUTES_ON), started=START + timedelta(seconds=1), duration_ms=2000.0)
    early_read = replace(read(), started=START + timedelta(seconds=2), duration_ms=1500.0)
    assert stamps([replace(read(), started=START), change, early_read], sequential=False) == []


def test_a_booking_first_shown_long_after_it_was_made_is_held_to_the_floor_of_its_making() -> None:
    """A Bardge create's answer is no showing: a hold made early and first read (confirmed) after
    seventy other bookings were made later is held to what had been shown when it was made."""

    def bg(booking: str, created: str) -> dict[str, object]:
        return {
            "object": "booking",
            "id": booking,
            "status": "confirmed",
            "created_at": created,
            "updated_at": created,
        }

    made = exchange("POST", "/bookings/class", 201, {"object": "booking_initiation", "booking_id": "bkg_1"})
    later = [exchange("GET", f"/bookings/bkg_{n}", 200, bg(f"bkg_{n}", SIX_MINUTES_ON)) for n in range(2, 72)]
    confirmed = exchange("POST", "/bookings/class/bkg_1/confirm", 200, bg("bkg_1", MADE))
    found = [(f.rule, f.index) for f in check_all("bardge-v3", in_turn([made, *later, confirmed])).findings]
    assert [f for f in found if f[0].endswith("TIMESTAMPS")] == []
