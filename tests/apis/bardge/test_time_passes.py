"""Advancing the sandbox clock through the control API completes and expires Bardge visits."""

from __future__ import annotations

from typing import Any

from .conftest import Reseller, Seeded


def test_advancing_the_clock_completes_confirmed_visits_and_expires_holds(
    reseller: Reseller, seeded: Seeded, control: Any
) -> None:
    confirmed = reseller.initiate_class(
        reseller.client_token(seeded.email_of(1)), reseller.class_instance(seeded.service(1, "Vinyasa Yoga"))
    ).json()["booking_id"]
    reseller.ok("POST", f"/bookings/class/{confirmed}/confirm")
    deep = seeded.service(1, "Deep Tissue Massage")
    slot = reseller.spa_slot(1, deep, weeks_ahead=3)
    held = reseller.initiate_spa(reseller.client_token(seeded.email_of(1)), 1, deep, slot).json()[
        "booking_id"
    ]
    ctl = control(reseller.token)

    ctl.advance("14m")
    assert reseller.ok("GET", f"/bookings/{held}")["status"] == "initiated"
    ctl.advance("2m")
    assert reseller.ok("GET", f"/bookings/{held}")["status"] == "expired"
    assert reseller.ok("GET", f"/bookings/{confirmed}/status")["status"] == "confirmed"

    ctl.advance("5w")
    assert reseller.ok("GET", f"/bookings/{confirmed}/status")["status"] == "completed"
