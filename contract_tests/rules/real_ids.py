"""Each API's real resources for the schema checks, found or made through documented operations
with the scenarios' own helpers (``kit/real_ids.py`` lays them over generated parameters).

Each finder makes a few bookings (a delete or a cancel among the generated requests uses one
up), as the role the schema checks call with, and registers their undo with the run's tidy-up.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

import pytest

from contract_tests.kit.client import ok
from contract_tests.kit.real_ids import Finder, RealIds
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy
from contract_tests.rules.bardge_chains import chains
from contract_tests.rules.bardge_reseller import Reseller, Spots, spa_slots, utc_day
from contract_tests.rules.lifecycle_desk import Desk, add_on_lists, answer_to, apart
from contract_tests.rules.lifecycle_guests import walk_invitations
from contract_tests.rules.lifecycle_invitations import invitations_to_answer
from contract_tests.rules.merchant_moves import move_bodies
from contract_tests.rules.merchant_shop import Merchant, stamp
from contract_tests.rules.reservekit_slots import Slots

BOOKINGS = 3


def reservekit(run: Run, tidy: Tidy) -> RealIds:
    slots = Slots.of(run, tidy)
    # Places for the bookings read and changed and two left for generated creates, then for
    # those generated deletes end: one slot's where one has them, else several slots'.
    around = slots.places(BOOKINGS + 2)
    made = [(slots.booked(*place)["id"], *place) for place in around[:BOOKINGS]]
    doomed = [slots.booked(*place)["id"] for place in slots.places(BOOKINGS, besides=around[BOOKINGS:])]
    return RealIds(
        path=[{"bookingID": b, "serviceID": s["service_id"], "timeSlotID": s["id"]} for b, s, _ in made],
        query=[{"service_id": s["service_id"], "date": day} for _, s, day in made],
        bodies={
            ("POST", "/v1/bookings"): [{"time_slot_id": s["id"], "date": d} for s, d in around[BOOKINGS:]]
        },
        own_path={("DELETE", "/v1/bookings/{bookingID}"): [{"bookingID": b} for b in doomed]},
    )


def merchant(run: Run, tidy: Tidy) -> RealIds:
    shop = Merchant(run, tidy)
    made = shop.first_free_ones(shop.customer, shop.starts(5), shop.appointment.id, 3 * BOOKINGS)
    day = shop.day_of(shop.starts_of(made[0]))
    window = {"start": stamp(shop.at(day, 0)), "end": stamp(shop.at(day + timedelta(days=1), 0))}
    rows = [[{"booking_id": booking} for booking in made[n::3]] for n in range(3)]
    # Times known free, booked and cancelled again: a target's own ids are not this sandbox's.
    freed = shop.first_free_ones(shop.customer, shop.starts(4), shop.appointment.id, 3 * BOOKINGS)
    times = [stamp(shop.starts_of(booking)) for booking in freed]
    for booking in freed:
        cancelled = shop.cancel(shop.customer, booking)
        assert cancelled.status_code == 200, cancelled.text
    guest = [
        {"id": customer} for customer in list(run.data.of("merchant").get("customer_ids", {}).values())[-1:]
    ]
    walk_ins = [
        {"service_id": shop.appointment.id, "timestamp": at, "customers": guest, "is_recurring": False}
        for at in times[BOOKINGS : 2 * BOOKINGS]
    ]
    # A walk-in of two per group service (its head count and price), at a time known free.
    two = {"customers": [*guest, {"first_name": "Guest", "last_name": "Kit"}], "is_recurring": False}
    for group in shop.groups if guest else ():
        if (starts := shop.free_group_time(4, group)) is not None:
            walk_ins.append({**two, "service_id": group.id, "timestamp": stamp(starts)})
    asked = {"merchant_name": shop.slug, "service_id": shop.appointment.id, "location_id": shop.location_id}
    bookings = [{**asked, "timeStamp": at} for at in times[:BOOKINGS]]
    # Moves onto times known free, and of one booking onto times it moved to (merchant_moves).
    moves = move_bodies(shop, made[0], times, 2 * BOOKINGS, BOOKINGS)
    return RealIds(
        path=rows[0],
        query=[window],
        bodies={("PATCH", "/bookings/merchant/{booking_id}"): moves},
        whole_bodies={
            ("POST", "/bookings/customer"): bookings,
            ("POST", "/bookings/merchant"): walk_ins if guest else [],
        },
        own_path={
            ("DELETE", "/bookings/customer/{booking_id}"): rows[1],
            ("DELETE", "/bookings/merchant/{booking_id}"): rows[2],
        },
    )


def lifecycle(run: Run, tidy: Tidy) -> RealIds:
    desk = Desk(run, tidy)
    made = [desk.booked(weeks_ahead=2) for _ in range(3 * BOOKINGS)]
    services = [{"service_id": service["id"]} for service in desk.services()]
    found = [
        {"booking_id": booking["data"]["id"], "service_id": service["id"]} for service, _, booking in made
    ]
    numbers = [
        {
            "number": booking["data"]["attributes"]["number"],
            "hash": booking["data"]["attributes"]["hash"],
            "date": slot["start_date"][:10],
        }
        for _, slot, booking in made
    ]
    # A rebooking and its revert share their bookings; the form's answers and the new times
    # are the service's own.
    service = made[0][0]
    own = [
        {"booking_id": row["booking_id"]}
        for row in found[2 * BOOKINGS :]
        if row["service_id"] == service["id"]
    ]
    # Free slots before the bookings (two weeks on), inside any window, on days the service is
    # open: instant bookings from the first such day, moves from another. And the last slot of
    # each of the next two days, where a cancel costs a fee (a policy's tiers are a day or three).
    open_days = desk.open_days(service["id"], range(3, 13), wanted=2)
    near = [slot for day in desk.open_days(service["id"], range(1, 3), wanted=2) for slot in apart(day, 1)]
    sooner = (open_days[0][:BOOKINGS] if open_days else []) + near
    later = apart(open_days[1], BOOKINGS) if len(open_days) > 1 else []
    instants = [
        {"service_id": service["id"], **{key: slot[key] for key in ("start_date", "end_date", "resource_id")}}
        for slot in sooner
    ]
    moves = [{key: slot[key] for key in ("start_date", "end_date", "resource_id")} for slot in later]
    answers = {field["uuid"]: answer_to(field) for field in desk.form(service["id"])}
    # The service's own add-ons, laid over a drawn list (the explorer's; the schema phases send
    # the whole bodies below).
    add_ons = add_on_lists(service)
    # An edit begun here, so the revert has one to undo whichever operations ran before it.
    if own and moves:
        ok(
            desk.customer.post(
                f"/api/v1/bookings/{own[0]['booking_id']}/edit-booking-base-data", json=moves[-1]
            )
        )
    # Each invitation is answered once, by its guest: one for accept-invite, one for reject-invite.
    # A booking-sandbox seeds them in each sandbox (the invitations rule runs in one of its own);
    # on a vendor the kit's own first, the vendor's left to the rule (``invitations_to_answer``).
    invited = invitations_to_answer(run, tidy, 2, made_first=True)
    answering = {"accept-invite": invited[:1], "reject-invite": invited[1:2]}
    invitations = {
        ("POST", f"/api/v1/bookings/{{booking_id}}/{answer}"): bookings
        for answer, bookings in answering.items()
    }
    walk = walk_invitations(run, desk, range(3, 13))  # the explorer's own, to its own bookings
    return RealIds(
        path=found[:BOOKINGS] + services,
        query=numbers,
        bodies={
            ("POST", "/api/v1/bookings/{booking_id}/edit-booking-base-data"): moves,
            ("POST", "/api/v1/bookings/{booking_id}/edit-service-options"): add_ons,
        },
        whole_bodies={
            ("POST", "/api/v1/bookings/{booking_id}/personalization"): [answers],
            ("POST", "/api/v1/bookings/instant"): instants,
            # The owner alone and no add-ons: valid on any booking, whatever its service offers
            # (the spec's examples invite a guest, which a one-place service refuses, and name
            # an add-on of the spec's own).
            ("POST", "/api/v1/bookings/{booking_id}/edit-participants"): [{"participants": []}],
            ("POST", "/api/v1/bookings/{booking_id}/edit-service-options"): [{"addons": []}],
        },
        own_path={
            ("GET", "/api/v1/bookings/{booking_id}/cancel"): found[BOOKINGS : 2 * BOOKINGS],
            ("POST", "/api/v1/bookings/{booking_id}/personalization"): own,
            ("POST", "/api/v1/bookings/{booking_id}/edit-booking-base-data"): own,
            ("GET", "/api/v1/bookings/{booking_id}/cancel-edit-booking"): own[:1],  # the edit begun below
            **{key: [{"booking_id": b["id"]} for b in bookings] for key, bookings in invitations.items()},
        },
        acting={
            key: {b["id"]: b["invited"][0]["token"] for b in bookings}
            for key, bookings in invitations.items()
        },
        walk_bodies=walk.bodies,
        walk_roles=walk.roles,
        walk_follows=walk.follows,
    )


def bardge(run: Run, tidy: Tidy) -> RealIds:
    reseller = Reseller(run, tidy)
    client, instances = reseller.client(), reseller.instances()
    room = Spots(instances)  # a class may have one place: each booking below takes a spot of its own
    made = [reseller.booked(client, instance) for instance in room.take(2 * BOOKINGS)]
    client_id = ok(reseller.api.get(f"/bookings/{made[0]}"))["client_id"]
    # A client of its own for the generated creates, on any open instance: the first client holds
    # the first six, and a vendor may offer fewer in the window.
    booker = reseller.client()
    chained = chains(reseller, client, client_id, room.take(2) or instances)
    classes = [{"class_id": i["class_id"], "provider_id": i["provider_id"]} for i in instances]
    providers = ok(reseller.api.get("/providers"))["data"]
    spa = [
        {"provider_id": provider["id"], "service_id": service["id"]}
        for provider in providers
        if "spa" in provider["types"]
        for service in ok(reseller.api.get(f"/providers/{provider['id']}/spa"))["services"]
    ]
    bookings = [{"booking_id": booking, "client_id": client_id} for booking in made[:BOOKINGS]]
    # Rescheduled: a second client's confirmed bookings, moved to other instances of their class
    # (where the first client's bookings would make the move a duplicate).
    second = reseller.client()
    held = room.take(BOOKINGS)
    initiated = [reseller.booked(second, instance) for instance in held]
    # Those the second client's pass pays for (it may end before a later instance starts).
    confirmed = [b for b in initiated if reseller.api.post(f"/bookings/class/{b}/confirm").status_code == 200]
    moves = room.take(BOOKINGS, besides=held)
    day = utc_day(instances[0]["starts_at"])
    code = run.data.of("bardge-v3").get("verification_code")
    lookups = [{"lookup_id": reseller.lookup()}] if code else []
    spots = _spa_spots(reseller, client)
    packages = ok(reseller.api.get("/credits/packages"))["data"]
    plans = reseller.plans
    # Users of the kit's own for the pass-management operations, which may suspend or end a
    # pass: never the verified client the bookings above are made for.
    users = [reseller.issued_user() for _ in range(2)]
    looked_up = reseller.issued_user()  # apart: the operations above may turn lookups off
    by_email = reseller.issuers["email"]
    return RealIds(
        path=bookings
        + classes
        + spa
        + lookups
        + [{"user_id": user} for user in users]
        + [{"pass_id": plan["id"]} for plan in plans],
        query=[{**row, "date": day} for row in spa] + [{"start_date": day}],
        bodies={
            ("POST", "/bookings/class"): [
                {"client_token": booker, "class_instance_id": i["id"], "provider_id": i["provider_id"]}
                for i in room.open()
            ],
            ("POST", "/bookings/spa"): spots,
            ("POST", "/access-codes"): [
                {"client_id": client_id, "provider_id": i["provider_id"]} for i in instances
            ],
            ("POST", "/lookup/{lookup_id}/verify"): [{"code": code}] if code else [],
            ("POST", "/lookup"): [{"issuer_id": by_email, "identifier": f"{looked_up}@example.com"}],
            ("POST", "/passes/users/{user_id}"): [{"pass_id": plans[0]["id"]}],
            # A new expiry lies ahead (a generated or example one may be past, and is refused).
            ("POST", "/passes/users/{user_id}/expiry"): [
                {"expires_at": (run.now() + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")}
            ],
            ("POST", "/credits/purchase"): [
                {"client_id": client_id, "package_id": p["id"]} for p in packages
            ],
            ("POST", "/access-codes/passcode"): [
                {"client_id": client_id, "provider_id": p["id"]} for p in providers
            ],
            # New users each (a user holds a pass once), so a later run on the same target is
            # not refused for what an earlier one issued.
            ("POST", "/passes/issue"): [
                {"pass_id": plan["id"], "user_id": user, "email": f"{user}@example.com"}
                for plan in plans
                for user in [f"kit-{secrets.token_hex(4)}"]
            ],
            ("POST", "/bookings/{booking_id}/reschedule"): [{"class_instance_id": i["id"]} for i in moves],
        },
        whole_bodies=chained.bodies,
        unbegun=chained.unbegun,
        own_path={
            ("POST", "/bookings/{booking_id}/cancel"): [{"booking_id": b} for b in made[BOOKINGS:]],
            ("POST", "/bookings/{booking_id}/reschedule"): [{"booking_id": b} for b in confirmed],
            ("GET", "/providers/{provider_id}/availability"): [
                {"provider_id": row["provider_id"]} for row in spa
            ],
            **chained.own_path,
        },
    )


def _spa_spots(reseller: Reseller, client: str) -> list[dict[str, Any]]:
    """Bodies booking a free spa slot for the client (none where no spa slot is free)."""
    try:
        provider_id, service_id, slots = spa_slots(reseller)
    except pytest.skip.Exception:
        return []
    return [
        {
            "provider_id": provider_id,
            "service_id": service_id,
            "slot_id": slot["slot_id"],
            "client_token": client,
        }
        for slot in slots
    ]


FINDERS: dict[str, Finder] = {
    "reservekit-v1": reservekit,
    "merchant": merchant,
    "lifecycle": lifecycle,
    "bardge-v3": bardge,
}
