"""Lifecycle rules whose preconditions no documented operation makes.

No documented operation books a recurring series or rejects a request (the vendor's
admin side does those), and none makes time pass. The target data names the bookings
the vendor arranged in each status, with their owners' tokens (a booking-sandbox seeds
them in every new sandbox and serves that document); time passes only on a
booking-sandbox. Elsewhere these scenarios are skipped, saying what they need. An
invitation is the target data's, or, once those are answered, one the kit makes by
``edit-participants`` (``lifecycle_invitations``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from contract_tests.kit.client import Api, ok
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy
from contract_tests.rules.lifecycle_desk import (
    BOOKINGS,
    Desk,
    instant,
    open_invitations,
    order_of,
    participants,
)
from contract_tests.rules.lifecycle_fees import minute_either_side
from contract_tests.rules.lifecycle_invitations import invitations_to_answer


def arranged(run: Run, status: str) -> list[Mapping[str, Any]]:
    """The bookings the target data names in ``status`` (the API's own word)."""
    (bookings,) = run.arranged().need("lifecycle", "bookings")
    return [booking for booking in bookings if booking["status"] == status]


def attributes(caller: Api, booking_id: str) -> dict[str, Any]:
    return ok(caller.get(f"{BOOKINGS}/{booking_id}"))["data"]["attributes"]  # type: ignore[no-any-return]


def status_of(caller: Api, booking_id: str) -> str:
    return str(attributes(caller, booking_id)["status"])


def test_invitations_accepting_joins_and_declining_leaves_the_booking(run: Run, tidy: Tidy) -> None:
    named = [booking for booking in arranged(run, "accepted") if booking.get("invited")]
    # The vendor's, then (answered already by an earlier run, or taken) the kit's own.
    invited = invitations_to_answer(run, tidy, 2, made_first=False)
    if len(invited) < 2:
        pytest.skip(
            f"needs two open invitations: of the {len(named)} the target data names (lifecycle.bookings "
            f"with invited), {len(named) - len(open_invitations(run))} are answered already, and the kit "
            "could invite no other owner the target data names to an accepted booking (edit-participants)"
        )
    accepting, declining = invited[:2]

    guest_id, guest = accepting["invited"][0]["participant_id"], run.caller(accepting["invited"][0]["token"])
    booking = f"{BOOKINGS}/{accepting['id']}"
    assert participants(ok(guest.get(booking)))[guest_id] == "invited"
    accepted = guest.post(f"{booking}/accept-invite")
    assert accepted.status_code == 200, accepted.text
    assert participants(accepted.json())[guest_id] == "accepted"
    assert participants(ok(guest.get(booking)))[guest_id] == "accepted"
    again = guest.post(f"{booking}/accept-invite")
    assert again.status_code == 422, f"a second accept found an open invitation: {again.text}"

    other_id, other = declining["invited"][0]["participant_id"], run.caller(declining["invited"][0]["token"])
    booking = f"{BOOKINGS}/{declining['id']}"
    declined = other.post(f"{booking}/reject-invite")
    assert declined.status_code == 200, declined.text
    assert other_id not in participants(declined.json())
    owner = run.caller(declining["owner_token"])
    assert other_id not in participants(ok(owner.get(booking)))
    gone = other.get(booking)
    assert gone.status_code == 403, f"a guest who declined still reads the booking: {gone.status_code}"


def test_series_cancel_one_occurrence_or_the_whole_series(run: Run) -> None:
    series: dict[str, list[Mapping[str, Any]]] = {}
    for booking in arranged(run, "accepted"):
        if booking.get("series"):
            series.setdefault(booking["series"], []).append(booking)
    if not series:
        pytest.skip("needs target data naming the lifecycle.bookings of a recurring series (series)")
    occurrences = next(iter(series.values()))
    owner = run.caller(occurrences[0]["owner_token"])
    now = run.now()
    # Only those still accepted: a run before this one may have cancelled some of the vendor's.
    upcoming = [
        b["id"]
        for b in occurrences
        if instant((booked := attributes(owner, b["id"]))["start_date"]) > now
        and booked["status"] == "accepted"
    ]
    if len(upcoming) < 3:
        pytest.skip("the target data's series has fewer than three accepted occurrences to come")

    alone = owner.get(f"{BOOKINGS}/{upcoming[0]}/cancel", params={"scope": "booking"})
    assert alone.status_code == 200, alone.text
    assert [status_of(owner, uuid) for uuid in upcoming] == ["canceled"] + ["accepted"] * (len(upcoming) - 1)

    whole = owner.get(f"{BOOKINGS}/{upcoming[1]}/cancel")
    assert whole.status_code == 200, whole.text
    assert {status_of(owner, uuid) for uuid in upcoming} == {"canceled"}, "the series was not cancelled whole"


def test_rejected_a_paid_request_the_admin_denied_is_refunded_in_full(run: Run) -> None:
    rejected = [booking for booking in arranged(run, "rejected") if booking.get("paid")]
    if not rejected:
        pytest.skip("needs target data naming a paid lifecycle.bookings entry in status rejected")
    owner = run.caller(rejected[0]["owner_token"])
    document = ok(owner.get(f"{BOOKINGS}/{rejected[0]['id']}"))
    assert document["data"]["attributes"]["status"] == "rejected"
    order = order_of(document)
    paid_amount = Decimal(order["paid"]["amount"])
    assert paid_amount > 0
    refunded = Decimal(order["refunded"]["amount"])
    assert refunded == paid_amount, f"paid {paid_amount}, refunded only {refunded}"


@pytest.mark.moves_clock
def test_expired_a_booking_not_checked_in_expires_when_its_window_closes(desk: Desk, run: Run) -> None:
    run.controls.require("needs time to pass")
    _, _, booking = desk.booked(weeks_ahead=1)
    booking_id = booking["data"]["id"]
    closes = instant(booking["data"]["attributes"]["check_in_until"])
    assert closes >= instant(booking["data"]["attributes"]["start_date"])
    token = run.control_token()
    run.controls.set_clock(token, closes - timedelta(minutes=1))
    assert status_of(desk.customer, booking_id) == "accepted", "expired before its check-in window closed"
    run.controls.set_clock(token, closes + timedelta(minutes=1))
    assert status_of(desk.customer, booking_id) == "expired"


@pytest.mark.moves_clock
def test_fee_tier_boundary_a_minute_either_side_of_each_tier(desk: Desk, run: Run) -> None:
    """Each tier applies from ``hours_before`` the start, to the minute: the preview is read a
    minute either side of every boundary where the fee changes (a preview changes nothing)."""
    run.controls.require("needs time to pass")
    minute_either_side(desk, run)
