"""Lifecycle rules whose preconditions only a booking-sandbox can make.

No documented operation invites a customer, books a recurring series or rejects a
request (the vendor's admin side does those), and none makes time pass. A
booking-sandbox seeds each of them in every new sandbox and moves its clock on
request; the kit finds them in the world it rebuilds from the sandbox's seed.
Elsewhere these scenarios are skipped, saying what they need.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from contract_tests.kit.client import Api, ok
from contract_tests.kit.run import Run
from contract_tests.rules.lifecycle_desk import Desk, instant, order_of
from mockserver.seeding.world import World

BOOKINGS = "/api/v1/bookings"


def seeded(world: World, status: str) -> list[tuple[str, Any]]:
    """(booking id, seeded reservation) of every seeded customer booking in ``status``."""
    reservations = {r.id: r for r in world.reservations}
    found = [(f.uuid, reservations[f.reservation_id]) for f in world.folios]
    return [(uuid, r) for uuid, r in found if r.status.value == status]


def uuid_of(world: World, customer_id: int) -> str:
    return next(c.uuid for c in world.customers if c.id == customer_id)


def owner_of(world: World, booking_id: str) -> str:
    return uuid_of(world, next(f.owner_id for f in world.folios if f.uuid == booking_id))


def participants(document: dict[str, Any]) -> dict[str, str]:
    """Participant id -> status, as the booking shows them."""
    return {p["id"]: p["status"] for p in document["data"]["attributes"]["participants"]}


def attributes(caller: Api, booking_id: str) -> dict[str, Any]:
    return ok(caller.get(f"{BOOKINGS}/{booking_id}"))["data"]["attributes"]  # type: ignore[no-any-return]


def status_of(caller: Api, booking_id: str) -> str:
    return str(attributes(caller, booking_id)["status"])


def test_invitations_accepting_joins_and_declining_leaves_the_booking(run: Run) -> None:
    world = run.seeded("a booking the caller is invited to")
    invited = [(uuid, r) for uuid, r in seeded(world, "confirmed") if r.invited_ids]
    if len(invited) < 2:
        pytest.skip("the sandbox's seeded world holds fewer than two invitations")
    (accepting, first), (declining, second) = invited[:2]

    guest_id = uuid_of(world, first.invited_ids[0])
    guest = run.seeded_customer(guest_id)
    assert participants(ok(guest.get(f"{BOOKINGS}/{accepting}")))[guest_id] == "invited"
    accepted = guest.post(f"{BOOKINGS}/{accepting}/accept-invite")
    assert accepted.status_code == 200, accepted.text
    assert participants(accepted.json())[guest_id] == "accepted"
    assert participants(ok(guest.get(f"{BOOKINGS}/{accepting}")))[guest_id] == "accepted"
    again = guest.post(f"{BOOKINGS}/{accepting}/accept-invite")
    assert again.status_code == 422, f"a second accept found an open invitation: {again.text}"

    other_id = uuid_of(world, second.invited_ids[0])
    other = run.seeded_customer(other_id)
    declined = other.post(f"{BOOKINGS}/{declining}/reject-invite")
    assert declined.status_code == 200, declined.text
    assert other_id not in participants(declined.json())
    owner = run.seeded_customer(owner_of(world, declining))
    assert other_id not in participants(ok(owner.get(f"{BOOKINGS}/{declining}")))
    gone = other.get(f"{BOOKINGS}/{declining}")
    assert gone.status_code == 403, f"a guest who declined still reads the booking: {gone.status_code}"


def test_series_cancel_one_occurrence_or_the_whole_series(run: Run) -> None:
    world = run.seeded("a recurring booking")
    series: dict[int, list[str]] = {}
    for uuid, reservation in seeded(world, "confirmed"):
        if reservation.series_id is not None:
            series.setdefault(reservation.series_id, []).append(uuid)
    if not series:
        pytest.skip("the sandbox's seeded world holds no recurring series")
    occurrences = next(iter(series.values()))
    owner = run.seeded_customer(owner_of(world, occurrences[0]))
    now = run.now()
    upcoming = [uuid for uuid in occurrences if instant(attributes(owner, uuid)["start_date"]) > now]
    if len(upcoming) < 3:
        pytest.skip("the sandbox's seeded series has fewer than three occurrences to come")

    alone = owner.get(f"{BOOKINGS}/{upcoming[0]}/cancel", params={"scope": "booking"})
    assert alone.status_code == 200, alone.text
    assert [status_of(owner, uuid) for uuid in upcoming] == ["canceled"] + ["accepted"] * (len(upcoming) - 1)

    whole = owner.get(f"{BOOKINGS}/{upcoming[1]}/cancel")
    assert whole.status_code == 200, whole.text
    assert {status_of(owner, uuid) for uuid in upcoming} == {"canceled"}, "the series was not cancelled whole"


def test_rejected_a_paid_request_the_admin_denied_is_refunded_in_full(run: Run) -> None:
    world = run.seeded("a request the vendor's admin rejected")
    paid = {f.uuid for f in world.folios if f.paid}
    rejected = [uuid for uuid, _ in seeded(world, "rejected") if uuid in paid]
    if not rejected:
        pytest.skip("the sandbox's seeded world holds no paid rejected request")
    owner = run.seeded_customer(owner_of(world, rejected[0]))
    document = ok(owner.get(f"{BOOKINGS}/{rejected[0]}"))
    assert document["data"]["attributes"]["status"] == "rejected"
    order = order_of(document)
    paid_amount = Decimal(order["paid"]["amount"])
    assert paid_amount > 0
    refunded = Decimal(order["refunded"]["amount"])
    assert refunded == paid_amount, f"paid {paid_amount}, refunded only {refunded}"


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
