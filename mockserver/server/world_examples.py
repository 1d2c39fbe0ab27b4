"""The names the Swagger UI's examples take from this server's world (``dated_examples.WorldNames``).

The merchant and lifecycle documents' request examples name a merchant (``spa-retreat``), a
customer, a service, a resource and an add-on that no seeded world has, so "Try it out" on a
create was a 404 or a 422 about a name only the document knows. The UI's copy names the
world's instead: its first merchant and customer (those the target data names), the first
instant-bookable service and its add-on, a resource free at the times the examples book (they
keep their weekday and wall time), and Bardge's client its lookup example can find, by email.
With ``--vary`` each key has a world of its own and the examples keep the document's names.
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
        return WorldNames({MERCHANT_NAME: named["merchant_name"], MERCHANTS_CUSTOMER: customer}, note=note)
    if api == "lifecycle":
        return _lifecycle(world, document, named.get("instant_services") or [], note)
    if api == "bardge-v3":
        return _bardge(world, note)
    return WorldNames(note=note)


ROLES = {"merchant": ("merchant", "customer"), "lifecycle": ("customer",), "bardge-v3": ("reseller",)}
"""The roles whose tokens the UI's Authorize dialog is told, by API."""


def _lifecycle(
    world: World, document: dict[str, Any], instant: list[dict[str, Any]], note: str
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
    return WorldNames(names, zone=instant[0]["timezone"], note=note)


def _bardge(world: World, note: str) -> WorldNames:
    reseller = world.programme.programme.resellers[0]
    clients = [c for c in world.programme.clients if c.reseller_id == reseller.id]
    # The one the lookup example can find: its issuer, which knows its clients by email.
    found = [c for c in clients if c.issuer_id == BARDGE_ISSUER and c.lookup_enabled] or clients
    if not found:
        return WorldNames(note=note)
    customer = next(c for c in world.customers if c.id == found[0].customer_id)
    names = {BARDGE_CLIENT: customer.uuid}
    if found[0].issuer_id == BARDGE_ISSUER:
        names[BARDGE_EMAIL] = customer.email
    return WorldNames(names, note=note)


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
