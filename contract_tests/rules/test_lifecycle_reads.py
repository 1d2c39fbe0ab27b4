"""The lifecycle API's rules on reading a booking back: the 201's ``Location`` reads as the
booking it made, and a cancel shows wherever the booking is shown."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

import pytest

from contract_tests.kit.attribution import rule
from contract_tests.kit.client import ok
from contract_tests.rules.lifecycle_desk import Desk


def test_created_the_201s_location_reads_as_the_booking_and_its_cancel_shows_everywhere(desk: Desk) -> None:
    made = _instant_booking(desk)
    api, document = desk.customer, made.json()
    booking_id, number = document["data"]["id"], document["data"]["attributes"]["number"]
    with rule("LC-CREATED-READABLE"):
        location = urljoin(made.url, made.headers.get("Location", ""))
        assert location.startswith(api.base_url + "/"), f"the 201's Location {location!r} is outside the API"
        at = api.get(location.removeprefix(api.base_url))
        assert at.status_code == 200, f"GET of the 201's Location {location}: {at.status_code} {at.text}"
        assert at.json()["data"] == document["data"], "the Location reads otherwise than the 201 answered"
        assert desk.read(booking_id)["data"] == document["data"], "GET by id reads otherwise than the 201"
    cancelled = ok(api.get(f"/api/v1/bookings/{booking_id}/cancel"))["data"]
    with rule("LC-CANCEL-SHOWN"):
        looked_up = ok(api.get("/api/v1/bookings/by-number", params={"number": number}))["data"]
        shown = {"the cancel": cancelled, "GET by id": desk.read(booking_id)["data"], "by number": looked_up}
        for where, data in shown.items():
            status = data["attributes"]["status"]
            assert status == "canceled", f"{where} shows status {status!r} after the cancel"


def _instant_booking(desk: Desk) -> Any:
    """The 201 of an instant booking of an appointment, its headers with it."""
    for service, slot in desk.offered():
        response = desk.book(service["id"], slot)
        if response.status_code == 201:
            return response
    pytest.skip("no instant-bookable appointment with a free slot in the next two weeks")
