"""Bardge's money rules: a visit cancelled before its service's cancellation deadline gets back
exactly what it paid, to the credit and to the cent; one cancelled after it gets nothing.

The kit pays spa visits itself (credits it buys for the client, or a co-pay it quotes and buys),
so it knows the figure the refund must equal without trusting the target's own arithmetic.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from contract_tests.kit.client import ok
from contract_tests.rules.bardge_reseller import Reseller, gone, spa_slots

MINUTE = timedelta(minutes=1)
HOUR = timedelta(hours=1)
LOOKED_AHEAD = 14  # days


class Spa:
    """One spa service with free slots, booked and paid by the kit."""

    def __init__(self, reseller: Reseller) -> None:
        self.reseller = reseller
        self.api = reseller.api
        self.provider_id, self.service_id, slots = spa_slots(reseller)
        self.slots = sorted(slots, key=lambda slot: slot["starts_at"])
        service = ok(self.api.get(f"/providers/{self.provider_id}/services/{self.service_id}"))
        self.deadline = timedelta(hours=service["cancellation_deadline_hours"])

    def soonest(self, wanted: int) -> list[dict[str, Any]]:
        """The first ``wanted`` free slots of the service that start past its deadline from now:
        the clock is then moved no further than it must (a sandbox shared with the rules after
        this one keeps its classes and passes)."""
        now, found = self.reseller.run.now(), []
        first = int((self.deadline + HOUR) / timedelta(days=1))
        for offset in range(first, first + LOOKED_AHEAD):
            day = (now + timedelta(days=offset)).date().isoformat()
            params = {"service_id": self.service_id, "date": day}
            answer = ok(self.api.get(f"/providers/{self.provider_id}/availability", params=params))
            found += [s for s in answer["slots"] if self.starts(s) - self.deadline > now + HOUR]
            if len(found) >= wanted:
                return sorted(found, key=lambda slot: slot["starts_at"])[:wanted]
        pytest.skip(f"fewer than {wanted} free spa slots in the {LOOKED_AHEAD} days past the deadline")

    def initiated(self, slot: dict[str, Any]) -> dict[str, Any]:
        """A new client's booking of ``slot``, initiated: the initiation's answer."""
        body = {
            "provider_id": self.provider_id,
            "service_id": self.service_id,
            "slot_id": slot["slot_id"],
            "client_token": self.reseller.client(),
        }
        made = ok(self.api.post("/bookings/spa", json=body), 201)
        booking_id = made["booking_id"]
        self.reseller.tidy.later(lambda: self.api.post(f"/bookings/{booking_id}/cancel"), *gone(booking_id))
        return made

    def balance(self, client_id: str) -> int:
        return ok(self.api.get(f"/clients/{client_id}/credits"))["balance"]  # type: ignore[no-any-return]

    def paid_in_credits(self, slot: dict[str, Any]) -> tuple[dict[str, Any], int]:
        """A booking of ``slot`` confirmed and paid in credits the kit bought for its client, and
        the client's balance before it was paid."""
        made = self.initiated(slot)
        client_id, needed = made["booking"]["client_id"], made["credits_required"]
        packages = ok(self.api.get("/credits/packages"))["data"]
        if not packages:
            pytest.skip("the target sells no credit package to pay a visit in credits with")
        biggest = max(packages, key=lambda package: package["credits"])
        for _ in range(needed // max(biggest["credits"], 1) + 1):
            if self.balance(client_id) >= needed:
                break
            body = {"client_id": client_id, "package_id": biggest["id"]}
            ok(self.api.post("/credits/purchase", json=body), 201)
        before = self.balance(client_id)
        path = f"/bookings/spa/{made['booking_id']}/confirm"
        confirmed = ok(self.api.post(path, json={"payment_method": "credits"}))
        assert confirmed["payment_method"] == "credits", f"asked to pay in credits: {confirmed}"
        return confirmed, before

    def starts(self, booking: dict[str, Any]) -> datetime:
        return datetime.fromisoformat(booking["starts_at"].replace("Z", "+00:00"))

    def far_enough(self, booking: dict[str, Any]) -> None:
        """Skips a scenario whose booking starts within the service's deadline from now."""
        if self.starts(booking) - self.deadline <= self.reseller.run.now() + HOUR:
            pytest.skip(f"the free spa slots start within the {self.deadline} cancellation deadline")


def test_refund_before_the_deadline_gives_back_the_credits_charged(reseller: Reseller) -> None:
    spa = Spa(reseller)
    booking, before = spa.paid_in_credits(spa.slots[0])
    spa.far_enough(booking)
    charged = booking["credits_charged"]
    balance = spa.balance(booking["client_id"])
    assert balance == before - charged, f"{charged} credits charged; the balance went {before} -> {balance}"
    refund = ok(reseller.api.post(f"/bookings/{booking['id']}/cancel"))["refund"]
    assert (refund["credits"], refund["amount"]) == (charged, 0), (
        f"cancelled {spa.starts(booking) - reseller.run.now()} before the start, past no deadline "
        f"({spa.deadline}): {charged} credits paid, refund {refund}"
    )
    assert spa.balance(booking["client_id"]) == before, "the refunded credits are not back in the balance"


def test_refund_before_the_deadline_gives_back_the_co_pay_to_the_cent(reseller: Reseller) -> None:
    spa = Spa(reseller)
    made = spa.initiated(spa.slots[-1])
    spa.far_enough(made["booking"])
    quote = reseller.api.post("/co-pay/spa/quote", json={"booking_id": made["booking_id"]})
    if quote.status_code == 409:
        pytest.skip(f"no co-pay is due on the spa visit the kit booked: {quote.text}")
    purchase = ok(reseller.api.post("/co-pay/spa/purchase", json={"quote_id": ok(quote, 201)["id"]}), 201)
    body = {"payment_method": "copay", "copay_purchase_id": purchase["id"]}
    ok(reseller.api.post(f"/bookings/spa/{made['booking_id']}/confirm", json=body))
    refund = ok(reseller.api.post(f"/bookings/{made['booking_id']}/cancel"))["refund"]
    paid = (purchase["amount"], purchase["currency"], purchase["id"])
    assert (refund["amount"], refund["currency"], refund["copay_purchase_id"]) == paid, (
        f"a co-pay of {purchase['amount']} {purchase['currency']} ({purchase['id']}) paid, refund {refund}"
    )
    assert refund["credits"] == 0, f"a co-pay was refunded as credits too: {refund}"


@pytest.mark.moves_clock
def test_refund_deadline_a_minute_before_it_refunds_and_a_minute_after_refunds_nothing(
    reseller: Reseller,
) -> None:
    """The deadline is the service's hours before the start, to the minute: the sandbox clock is
    set a minute either side of it, the earlier booking first (the clock only moves forward),
    on the soonest slots past it."""
    run = reseller.run
    run.controls.require("needs time to pass")
    spa = Spa(reseller)
    paid = [spa.paid_in_credits(slot) for slot in spa.soonest(2)]  # one each side of the deadline
    for (booking, before), side in zip(paid, (-MINUTE, MINUTE), strict=True):
        deadline = spa.starts(booking) - spa.deadline
        run.controls.set_clock(run.control_token(), deadline + side)
        refund = ok(reseller.api.post(f"/bookings/{booking['id']}/cancel"))["refund"]
        before_it = side < timedelta(0)
        when = f"a minute {'before' if before_it else 'after'} the deadline ({deadline.isoformat()})"
        expected = booking["credits_charged"] if before_it else 0
        assert (refund["credits"], refund["amount"]) == (expected, 0), (
            f"cancelled {when}: {booking['credits_charged']} credits paid, refund {refund}"
        )
        assert spa.balance(booking["client_id"]) == before - booking["credits_charged"] + expected
