"""The front-desk client against a fresh sandbox per test (fixtures from the pytest plugin)."""

from __future__ import annotations

import httpx
from merchant_client import Created, FrontDesk, TimeTaken

AT = "2027-01-11T16:00:00Z"  # a Monday afternoon, after the ini's start (Wednesday 2027-01-06)
MONDAY = ("2027-01-11T00:00:00Z", "2027-01-12T00:00:00Z")
MASSAGE = 1  # one customer at a time, with any of the location's employees


def front_desk(sandbox) -> FrontDesk:
    merchant = sandbox.world["providers"][0]["slug"]
    return FrontDesk(sandbox.url("merchant"), sandbox.token("merchant", merchant))


def walk_ins_until_the_time_is_taken(desk: FrontDesk) -> list[Created]:
    booked: list[Created] = []
    for n in range(20):  # no location has that many employees
        try:
            booked.append(desk.book(MASSAGE, AT, "Walk", f"In{n}"))
        except TimeTaken:
            return booked
    raise AssertionError("twenty massages at once and nobody said the time was taken")


def test_a_time_is_taken_once_every_employee_is_busy(sandbox) -> None:
    desk = front_desk(sandbox)
    booked = walk_ins_until_the_time_is_taken(desk)
    assert booked, "the first walk-in found someone free"
    on_the_calendar = {event["id"] for event in desk.day(*MONDAY)}
    assert {b.booking_id for b in booked} <= on_the_calendar


def test_the_new_booking_is_where_location_says_for_its_customer(sandbox) -> None:
    desk = front_desk(sandbox)
    created = desk.book(MASSAGE, AT, "Ada", "Lovelace")
    event = next(e for e in desk.day(*MONDAY) if e["id"] == created.booking_id)
    customer = event["participants"][0]["customer_id"]
    answer = httpx.get(sandbox.server.url + created.location, headers=sandbox.headers("customer", customer))
    assert answer.status_code == 200, answer.text
    assert answer.json()["from_date"] == AT
