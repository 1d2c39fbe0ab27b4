"""The names the Swagger UI's examples take from this server's world (``dated_examples.WorldNames``).

The merchant and lifecycle documents' request examples name a merchant (``spa-retreat``), a
customer, a service, a resource and an add-on that no seeded world has, so "Try it out" on a
create was a 404 or a 422 about a name only the document knows. The UI's copy names the
world's instead: its first merchant and customer (those the target data names), the first
instant-bookable service and its add-on, a resource free at the times the examples book (they
keep their weekday and wall time), and Bardge's client its lookup example can find, by email.
A path's ids the document gives no example are filled with ones every new sandbox of the world
holds, which the tokens the Authorize dialog names may read. With ``--vary`` each key has a
world of its own and the examples keep the document's names.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import Any

from mockserver.control.target_data import target_data
from mockserver.http.operations.dated_examples import WorldNames
from mockserver.seeding.world import World

# As openapi/merchant.yaml's request examples spell them.
MERCHANT_NAME = "spa-retreat"
MERCHANTS_CUSTOMER = "550e8400-e29b-41d4-a716-446655440000"
# As openapi/lifecycle.yaml's request examples spell them.
LIFECYCLE_SERVICE = "5b0c2f0e-3a5e-4d1c-9b77-0c6a1f2e3d4b"
LIFECYCLE_RESOURCE = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"
LIFECYCLE_ADD_ON = "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"
# As openapi/bardge-v3.yaml's request examples spell them: a client, and the email it is looked up by.
BARDGE_CLIENT = "6b0c8f52-5d7e-4f0e-9a53-6f1d3a2b9c10"
BARDGE_EMAIL = "dana@example.com"
BARDGE_ISSUER = 1  # the lookup example's issuer_id


KEY = "<sandbox_key>"
"""The key the notes' tokens are spelt with: the caller's own."""
ROLES = {"merchant": ("merchant", "customer"), "bardge-v3": ("reseller",)}
"""The roles whose tokens the UI's Authorize dialog is told, by API (the lifecycle's: below)."""


def world_names(api: str, world: World, document: dict[str, Any]) -> WorldNames:
    """What ``world`` calls the things ``api``'s ``document`` (as written) names in its examples:
    those its target data names (its merchant, customers, instant services, resellers), so that
    the UI and the contract kit meet one world the same way."""
    named = target_data(world, KEY, (), [api]).get(api, {})
    tokens = named.get("tokens", {})
    said = ", ".join(f"`{tokens[role]}` acts as its {role}" for role in ROLES.get(api, ()) if role in tokens)
    note = f"In this server's world (seed {world.seed}): {said}." if said else ""
    if api == "merchant":
        customer = named["customer_ids"]["customer"]
        names = {MERCHANT_NAME: named["merchant_name"], MERCHANTS_CUSTOMER: customer}
        return WorldNames(names, note=note, parameters=_merchants(world))
    if api == "lifecycle":
        # Its first booking's owner, who may read that booking (the target data's first customer
        # may own none) and book instantly as any customer may.
        first = (named.get("bookings") or [{}])[0]
        if "owner_token" in first:
            said = f"`{first['owner_token']}` acts as its customer (its first booking's owner)"
            note = f"In this server's world (seed {world.seed}): {said}."
        return _lifecycle(world, document, named.get("instant_services") or [], note, first.get("id"))
    if api == "bardge-v3":
        return _bardge(world, note)
    return WorldNames(note=note, parameters=_reservekits(world) if api == "reservekit-v1" else {})


def _reservekits(world: World) -> dict[str, Any]:
    """The first seeded booking, its time slot and service, and a page of ten."""
    if not world.bookings:
        return {}
    booking = world.bookings[0]
    slot = next(slot for slot in world.time_slots if slot.id == booking.time_slot_id)
    service = {"serviceID": slot.service_id, "service_id": slot.service_id}
    return {"bookingID": booking.id, "timeSlotID": slot.id, **service, "page": 1, "page_size": 10}


def _merchants(world: World) -> dict[str, Any]:
    """A booking of the first merchant's that its first customer takes part in (each path's
    caller may read it), and a week (a Monday to the next: moved to the coming one)."""
    customer, merchant = world.customers[0].id, world.providers[0].id
    services = {service.id for service in world.services if service.provider_id == merchant}
    shared = (r.id for r in world.reservations if r.service_id in services and customer in r.customer_ids)
    booking = next(shared, None)
    week = {"start": "2030-01-07T00:00:00Z", "end": "2030-01-14T00:00:00Z"}
    return week if booking is None else week | {"booking_id": booking}


def _lifecycle(
    world: World, document: dict[str, Any], instant: list[dict[str, Any]], note: str, booking: str | None
) -> WorldNames:
    service = next((s for s in world.services if instant and s.uuid == instant[0]["id"]), None)
    if service is None:
        return WorldNames(note=note)
    names = {LIFECYCLE_SERVICE: service.uuid}
    if add_on := next((a for a in world.add_ons if a.service_id == service.id), None):
        names[LIFECYCLE_ADD_ON] = add_on.uuid
    booked = list(_booked_on(document, LIFECYCLE_RESOURCE))
    staff = [member for member in world.staff if member.location_id == service.location_id]
    free = [member for member in staff if not any(_busy(world, member.id, *at) for at in booked)]
    if free or staff:
        names[LIFECYCLE_RESOURCE] = (free or staff)[0].uuid
    parameters = {"service_id": service.uuid} | ({"booking_id": booking} if booking else {})
    return WorldNames(names, zone=instant[0]["timezone"], note=note, parameters=parameters)


def _bardge(world: World, note: str) -> WorldNames:
    programme = world.programme.programme
    reseller, provider = programme.resellers[0], world.providers[0].id
    offered = [s for s in world.services if s.provider_id == provider]
    parameters: dict[str, Any] = {"provider_id": provider, "date": "2030-01-07"}  # the date is moved
    for name, found in (
        ("pass_id", next((plan.id for plan in programme.plans_of(reseller.id)), None)),
        ("class_id", next((s.uuid for s in offered if s.kind.value == "class"), None)),
        ("service_id", next((s.uuid for s in offered if s.kind.value == "appointment"), None)),  # a spa's
    ):
        if found is not None:
            parameters[name] = found
    clients = [c for c in world.programme.clients if c.reseller_id == reseller.id]
    # The one the lookup example can find: its issuer, which knows its clients by email.
    looked_up = [c for c in clients if c.issuer_id == BARDGE_ISSUER and c.lookup_enabled] or clients
    if not looked_up:
        return WorldNames(note=note, parameters=parameters)
    client = looked_up[0]
    customer = next(c for c in world.customers if c.id == client.customer_id)
    names = {BARDGE_CLIENT: customer.uuid}
    if client.issuer_id == BARDGE_ISSUER:
        names[BARDGE_EMAIL] = customer.email
    parameters |= {"user_id": client.user_id, "client_id": customer.uuid}
    return WorldNames(names, note=note, parameters=parameters)


def _booked_on(node: Any, resource: str) -> Iterator[tuple[int, time, time]]:
    """The weekday and wall times of each example that books ``resource``."""
    if isinstance(node, dict):
        if node.get("resource_id") == resource and {"start_date", "end_date"} <= node.keys():
            starts, ends = (datetime.fromisoformat(str(node[key])) for key in ("start_date", "end_date"))
            yield starts.weekday(), starts.time(), ends.time()
        for value in node.values():
            yield from _booked_on(value, resource)
    elif isinstance(node, list):
        for value in node:
            yield from _booked_on(value, resource)


def _busy(world: World, staff_id: int, weekday: int, starts: time, ends: time) -> bool:
    """Whether the member is off, blocked or booked at any time in the weekday's range, in any
    week of the world (a seeded block lies some weeks ahead of a sandbox's start)."""
    if not any(
        shift.staff_id == staff_id
        and shift.weekday == weekday
        and shift.starts <= starts
        and ends <= shift.ends
        for shift in world.staff_shifts
    ):
        return True
    durations = {service.id: service.duration_minutes for service in world.services}
    taken = [
        (block.starts, block.minutes)
        for block in world.blocked_times
        if block.staff_id == staff_id and block.weekday == weekday
    ] + [
        (booking.starts, durations[booking.service_id])
        for booking in world.reservations
        if booking.staff_id == staff_id and booking.weekday == weekday
    ]
    return any(begins is None or _overlap(begins, minutes, starts, ends) for begins, minutes in taken)


def _overlap(begins: time, minutes: int, starts: time, ends: time) -> bool:
    day = datetime(2000, 1, 3)  # any day: the times are one weekday's
    first, last = datetime.combine(day, begins), datetime.combine(day, begins) + timedelta(minutes=minutes)
    return first < datetime.combine(day, ends) and datetime.combine(day, starts) < last
