"""The lifecycle API's rules on reading a booking back: the 201's ``Location`` reads as the
booking it made, a cancel shows wherever the booking is shown, and an edit is applied."""

from __future__ import annotations

import secrets
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
    # Looked up before the cancel too, as a kiosk does: a look-up served from what it answered
    # first would show the old status after the cancel.
    ok(api.get("/api/v1/bookings/by-number", params={"number": number}))
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
    pytest.skip(desk.unoffered())


def test_edit_each_participants_edit_is_applied_and_read_back(desk: Desk) -> None:
    """ "A successful response means the edit is applied": a guest added, their flags changed,
    then removed, each read back by id as the edit answered it."""
    booking_id = _group_booking(desk)
    path = f"/api/v1/bookings/{booking_id}/edit-participants"
    guest = {"email": f"kit.guest.{secrets.token_hex(4)}@example.com", "name": "Kit Guest"}
    for flags in ({"attending_virtually": False}, {"attending_virtually": True}):
        edited = ok(desk.customer.post(path, json={"participants": [{**guest, **flags}]}))
        with rule("LC-EDIT-APPLIED"):
            for where, document in (("the edit's answer", edited), ("GET by id", desk.read(booking_id))):
                shown = _participant(document, guest["email"])
                assert shown is not None, f"{where} lists no participant {guest['email']}"
                seen = {key: shown.get(key) for key in ("name", *flags)}
                assert seen == {"name": guest["name"], **flags}, f"{where} shows the guest as {seen}"
    ok(desk.customer.post(path, json={"participants": []}))
    with rule("LC-EDIT-APPLIED"):
        assert _participant(desk.read(booking_id), guest["email"]) is None, "a removed guest is still listed"


def _group_booking(desk: Desk) -> str:
    """An instant booking of a service that takes more than one participant: its id."""
    for service in desk.services():
        attributes = service["attributes"]
        if attributes["max_participants"] < 2 or not attributes["meta"]["can_instant_book"]:
            continue
        for day in desk.days(3):
            for slot in desk.free_slots(service["id"], day)[:3]:
                made = desk.book(service["id"], slot)
                if made.status_code == 201:
                    return str(made.json()["data"]["id"])
    pytest.skip("no instant-bookable service for more than one participant has a free slot")


def _participant(document: dict[str, Any], email: str) -> dict[str, Any] | None:
    listed = document["data"]["attributes"]["participants"]
    return next((p for p in listed if (p.get("email") or "").lower() == email.lower()), None)
