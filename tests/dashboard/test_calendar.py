"""The calendar: each API's lane for a week, and each entry as the API itself shows it."""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from mockserver.seeding.world import World
from tests.apis.bardge.conftest import SANDBOX as BARDGE_KEY
from tests.apis.bardge.conftest import Reseller, Seeded
from tests.asgi_client import TestClient
from tests.conftest import TODAY, ApiClient, BearerClient
from tests.dashboard.conftest import Dashboard

REF = re.compile(r'data-api="(?P<api>[^"]+)" data-ref="(?P<ref>[^"]+)"')


def shown_bodies(page: str) -> list[Any]:
    """The JSON bodies an entry's detail shows, parsed back."""
    return [json.loads(html.unescape(body)) for body in re.findall(r"<pre[^>]*>(.*?)</pre>", page, re.S)]


def test_a_reservekit_booking_is_on_its_day_and_shown_as_the_api_answers(
    api: ApiClient, dashboard: Dashboard
) -> None:
    booking = api.book(message="window seat, please").json()["data"]
    week = dashboard.html("calendar", week=booking["date"])
    assert "reservekit-v1" in week
    ref = f"slot-{booking['time_slot_id']}-{booking['date']}"
    button = week[week.index(f'data-ref="{ref}"') :].split("</button>")[0]
    assert "0 of 1 left" in button
    assert "(pending)" in button
    assert "window seat, please" in button

    detail = dashboard.html("entry", api="reservekit-v1", ref=ref)
    assert f"GET /reservekit/v1/bookings/{booking['id']}" in detail
    slot, shown = shown_bodies(detail)
    assert shown == api.get(f"/bookings/{booking['id']}").json()
    assert slot == api.get(f"/time-slots/{booking['time_slot_id']}").json()


def test_weeks_start_on_monday_and_move_by_seven_days(dashboard: Dashboard, api: ApiClient) -> None:
    api.get("/services")
    week = dashboard.html("calendar", week="2027-01-08")  # a Friday
    assert "Week of Monday 04 January 2027" in week
    assert 'data-week="2026-12-28"' in week
    assert 'data-week="2027-01-11"' in week
    assert "Mon 04 Jan" in week
    assert "Sun 10 Jan" in week


WEEK_HEADING = re.compile(r"<h2>Week of \w+ (\d{2} \w+ \d{4})</h2>")
DAY = re.compile(
    r'<div class="day( today)?">\s*<h4>(\w{3} \d{2} \w{3})</h4>(.*?)(?=<div class="day|</section>)', re.S
)


def _monday(page: str) -> date:
    found = WEEK_HEADING.search(page)
    assert found is not None, page[:300]
    return datetime.strptime(found.group(1), "%d %B %Y").date()


def _booked_after_now(page: str, now: str) -> bool:
    """Whether the week shows a booked place starting after ``now`` (``2027-01-06T15:00``)."""
    return any(start > now for start in re.findall(r'data-starts="([^"]+)" data-booked="yes"', page))


def test_the_calendar_opens_on_the_week_of_the_next_booking(dashboard: Dashboard, api: ApiClient) -> None:
    """A README reader books weeks ahead: the calendar opens where that booking is, not on a
    week with nothing of theirs, and today's week is one click away."""
    api.book(weeks_ahead=4)
    opened = dashboard.html("calendar")
    monday, now = _monday(opened), "2027-01-06T15:00"
    assert _booked_after_now(opened, now)
    # No week between today's and the one opened holds a booking still ahead.
    this_week = TODAY - timedelta(days=TODAY.weekday())
    week = this_week
    while week < monday:
        assert not _booked_after_now(dashboard.html("calendar", week=week.isoformat()), now), week
        week += timedelta(days=7)
    assert f'data-week="{this_week.isoformat()}"' in opened
    assert ">Today</button>" in opened
    # On today's week the button says so to a screen reader: its value was escaped into
    # aria-current=&#34;date&#34;, the quotes part of a value no reader knows.
    shown = dashboard.html("calendar", week=this_week.isoformat())
    assert f'data-week="{this_week.isoformat()}" aria-current="date">Today</button>' in shown
    assert ("aria-current" in opened) is (monday == this_week)  # another week holds no today


def test_a_day_gone_by_offers_no_open_slots(dashboard: Dashboard, api: ApiClient) -> None:
    api.get("/services")
    this_week = TODAY - timedelta(days=TODAY.weekday())  # START is a Wednesday, 15:00 UTC
    days = DAY.findall(dashboard.html("calendar", week=this_week.isoformat()))
    assert [name for _, name, _ in days][:3] == ["Mon 04 Jan", "Tue 05 Jan", "Wed 06 Jan"]
    offered = {name: "open slot" in body for _, name, body in days}
    assert offered["Mon 04 Jan"] is False
    assert offered["Tue 05 Jan"] is False
    assert offered["Thu 07 Jan"] is True


def test_lanes_are_in_the_readmes_order_whatever_the_order_of_first_use(
    dashboard: Dashboard, http: TestClient, world: World
) -> None:
    BearerClient(http, f"customer.{world.customers[0].uuid}.{dashboard.key}", "/lifecycle/api/v1").get(
        "/services"
    )
    BearerClient(http, dashboard.key, "/reservekit/v1").get("/services")
    lanes = re.findall(r'<section class="lane" aria-label="([^"]+) calendar">', dashboard.html("calendar"))
    assert lanes == ["reservekit-v1", "lifecycle"]


def test_a_new_sandbox_says_how_to_fill_its_calendar(dashboard: Dashboard) -> None:
    assert "has not been used on any API yet" in dashboard.html("calendar")


def test_the_merchant_lane_has_sessions_with_participants_and_blocked_times(
    http: TestClient, world: World
) -> None:
    key = "dashboard_merchant_key"
    merchant = BearerClient(http, f"merchant.{world.providers[0].slug}.{key}", "/merchant")
    # The first week from the sandbox's start with a blocked time and a group session in it.
    for weeks in range(12):
        monday = TODAY - timedelta(days=TODAY.weekday()) + timedelta(weeks=weeks)
        start, end = (
            f"{monday.isoformat()}T00:00:00Z",
            f"{(monday + timedelta(days=7)).isoformat()}T00:00:00Z",
        )
        answer = merchant.get("/bookings/calendar/events", params={"start": start, "end": end}).json()
        if answer["blocked_times"] and any(b.get("max_participants", 1) > 1 for b in answer["bookings"]):
            break
    else:
        raise AssertionError("no week with a blocked time and a group session in the seeded world")
    week = Dashboard(http, key).html("calendar", week=monday.isoformat())
    refs = {m["ref"]: m["api"] for m in REF.finditer(week)}
    for block in answer["blocked_times"]:
        assert any(ref.startswith(f"blocked-{block['id']}-") for ref in refs)
    for booking in answer["bookings"]:
        assert f"reservation-{booking['id']}" in refs
    group = next(b for b in answer["bookings"] if b.get("max_participants", 1) > 1)
    button = week[week.index(f'data-ref="reservation-{group["id"]}"') :].split("</button>")[0]
    assert f"of {group['max_participants']} left" in button
    # An entry is shown as the merchant's calendar shows it, narrowed to that entry.
    some = answer["bookings"][0]
    detail = Dashboard(http, key).html("entry", api="merchant", ref=f"reservation-{some['id']}")
    assert "GET /merchant/bookings/calendar/events?start=" in detail
    assert shown_bodies(detail)[0]["bookings"] == [some]


def test_the_lifecycle_lane_shows_a_booking_as_its_owner_sees_it(http: TestClient, world: World) -> None:
    key = "dashboard_lifecycle_key"
    folio = world.folios[0]
    owner = next(c for c in world.customers if c.id == folio.owner_id)
    customer = BearerClient(http, f"customer.{owner.uuid}.{key}", "/lifecycle/api/v1")
    booking = customer.get(f"/bookings/{folio.uuid}").json()
    day = date.fromisoformat(booking["data"]["attributes"]["start_date"][:10])
    week = Dashboard(http, key).html("calendar", week=day.isoformat())
    assert f'data-api="lifecycle" data-ref="reservation-{folio.reservation_id}"' in week
    detail = Dashboard(http, key).html("entry", api="lifecycle", ref=f"reservation-{folio.reservation_id}")
    assert f"GET /lifecycle/api/v1/bookings/{folio.uuid}" in detail
    assert shown_bodies(detail) == [booking]


def test_a_bardge_visit_completes_on_the_calendar_when_its_time_has_passed(
    http: TestClient, world: World, control: Any
) -> None:
    reseller, seeded = Reseller(http), Seeded(world)
    token = reseller.client_token(seeded.email_of(1))
    instance = reseller.class_instance(seeded.service(1, "Vinyasa Yoga"))
    started = reseller.initiate_class(token, instance).json()
    reseller.ok("POST", f"/bookings/class/{started['booking_id']}/confirm")
    day = instance["starts_at"][:10]
    board = Dashboard(http, BARDGE_KEY)
    assert "(confirmed)" in board.html("calendar", week=day)

    control(BARDGE_KEY).advance("5w")
    week = board.html("calendar", week=day)
    assert "(completed)" in week
    ref = next(
        m["ref"] for m in REF.finditer(week) if "(completed)" in week[m.start() :].split("</button>")[0]
    )
    shown = shown_bodies(board.html("entry", api="bardge-v3", ref=ref))
    assert started["booking_id"] in [visit["id"] for visit in shown]
    assert {visit["status"] for visit in shown if visit["id"] == started["booking_id"]} == {"completed"}


BARDGE_WORDS = {"initiated", "confirmed", "cancelled", "completed", "rescheduled", "expired"}


@pytest.mark.sqlite_only(
    "it reads every card of three weeks (8.6 s on PostgreSQL): the lane and a card's entry are "
    "read on PostgreSQL by the test above, and no card's read differs from another's by backend"
)
def test_the_bardge_lane_speaks_bardge_and_every_card_finds_what_it_shows(
    http: TestClient, world: World
) -> None:
    """Places the seed took at the provider's desk (no reseller's visit) are no Bardge booking:
    they are said to be so. Every card's detail reads the occurrence as a reseller does, then
    each visit its card names, as its reseller reads it."""
    reseller, seeded = Reseller(http), Seeded(world)
    instance = reseller.class_instance(seeded.service(1, "Vinyasa Yoga"))
    booked = reseller.initiate_class(reseller.client_token(seeded.email_of(1)), instance).json()
    reseller.ok("POST", f"/bookings/class/{booked['booking_id']}/confirm")
    board = Dashboard(http, BARDGE_KEY)
    seen: list[str] = []
    day = date.fromisoformat(instance["starts_at"][:10])
    for weeks in range(-1, 2):
        week = board.html("calendar", week=(day + timedelta(weeks=weeks)).isoformat())
        for match in REF.finditer(week):
            if match["api"] != "bardge-v3":
                continue
            card = html.unescape(week[match.start() :].split("</button>")[0])
            words = re.findall(r"\(([a-z ]+)\)", card)
            assert set(words) <= BARDGE_WORDS | {"booked at the provider"}, card
            shown = shown_bodies(board.html("entry", api="bardge-v3", ref=match["ref"]))
            assert shown, match["ref"]
            assert shown[0]["object"] in ("class", "availability"), match["ref"]
            visits = [body for body in shown[1:] if body.get("object") == "booking"]
            assert len(visits) == sum(word in BARDGE_WORDS for word in words), (match["ref"], card, shown)
            seen += words
    assert "booked at the provider" in seen, "no place taken at the provider's desk in three weeks"
    assert "confirmed" in seen, "the visit booked is not on the lane"
