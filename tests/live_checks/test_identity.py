"""IDENTITY (``rule_engine/identity.py``) on hand-made traffic: the id a create names reads back
as that booking, by the credential that made it; a delete, another caller, or a read that says
nothing of one booking leaves it unjudged."""

from __future__ import annotations

from collections.abc import Sequence

from mockserver.documents.har import Exchange
from tests.live_checks.traffic import check_all, exchange, rk_booking

B7 = "/v1/bookings/7"
MISSING = {"data": None, "error": "booking not found"}
OTHER = "Bearer ********#bbbbbbbb"


def identity(traffic: Sequence[Exchange], api: str = "reservekit-v1") -> list[tuple[str, int]]:
    return [(f.rule, f.index) for f in check_all(api, traffic).findings if f.rule.endswith("IDENTITY")]


def made(booking: int = 7) -> Exchange:
    return exchange("POST", "/v1/bookings", 201, rk_booking(booking))


def test_a_made_booking_that_is_not_found_by_its_id_breaks_identity_once() -> None:
    missing = exchange("GET", B7, 404, MISSING)
    assert identity([made(), missing, missing]) == [("RK-IDENTITY", 2)]


def test_a_made_booking_that_reads_as_another_breaks_identity() -> None:
    assert identity([made(), exchange("GET", B7, 200, rk_booking(8))]) == [("RK-IDENTITY", 2)]


def test_read_as_made_deleted_first_or_read_by_another_caller_is_no_finding() -> None:
    assert identity([made(), exchange("GET", B7, 200, rk_booking(7))]) == []
    assert identity([made(), exchange("DELETE", B7, 204), exchange("GET", B7, 404, MISSING)]) == []
    # Another account numbers its bookings alike, and a role may be refused what it did not make.
    assert identity([made(), exchange("GET", B7, 404, MISSING, caller=OTHER)]) == []
    # A change refused with 404 is not a read.
    assert identity([made(), exchange("PATCH", B7, 404, MISSING, sent={"message": "hi"})]) == []


def test_a_move_that_makes_a_booking_names_it_as_a_create_does() -> None:
    moved = {"object": "booking", "id": "bkg_new", "status": "confirmed"}
    traffic = [
        exchange("POST", "/bookings/bkg_old/reschedule", 201, moved, sent={"slot_id": "s2"}),
        exchange("GET", "/bookings/bkg_new", 404, {"object": "error", "status": 404, "code": "not_found"}),
    ]
    assert identity(traffic, "bardge-v3") == [("BG-IDENTITY", 2)]


def test_a_create_that_names_a_booking_already_made_breaks_identity_unless_retried_or_deleted() -> None:
    assert identity([made(), made()]) == [("RK-IDENTITY", 2)]
    retried = exchange("POST", "/v1/bookings", 201, rk_booking(7), headers={"Idempotency-Key": "k1"})
    assert identity([made(), retried]) == []
    # A vendor may give a deleted booking's id again, and another caller's ids are its own.
    assert identity([made(), exchange("DELETE", B7, 204), made()]) == []
    again = exchange("POST", "/v1/bookings", 201, rk_booking(7), caller=OTHER)
    assert identity([made(), again]) == []


def test_a_documented_location_that_names_another_booking_breaks_identity() -> None:
    def made_at(location: str) -> Exchange:
        named = {"X-Booking-Id": "5", "Location": location}
        return exchange("POST", "/bookings/customer", 201, None, answered=named)

    assert identity([made_at("/bookings/customer/6")], "merchant") == [("MR-IDENTITY", 1)]
    assert identity([made_at("https://staging.vendor.example/bookings/customer/5")], "merchant") == []
    # Where no document says a Location names the booking, a vendor's own is not judged.
    elsewhere = exchange("POST", "/v1/bookings", 201, rk_booking(7), answered={"Location": "/v1/customers/3"})
    assert identity([elsewhere]) == []
