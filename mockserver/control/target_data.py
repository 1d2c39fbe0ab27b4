"""The target-data document of one sandbox: what a vendor would hand an integrator about it.

The contract kit knows a target only through this document (a vendor's file, or this
one) and the documented operations. It holds what no documented operation lists:
credentials per role, the merchant's catalogue and hours, the lifecycle bookings the
vendor arranged in each status. Its format is ``openapi/target-data.schema.json``, and
every word in it is the API's own (the lifecycle API's statuses, not the core's).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from datetime import timedelta
from typing import Any

from mockserver.apis.instants import timestamp
from mockserver.apis.lifecycle.vocabulary import STATUS_WORDS
from mockserver.apis.reservekit.vocabulary import API_KEY_LONGEST, API_KEY_PATTERN, API_KEY_PREFIX
from mockserver.domain.calendar.model import BlockedTime
from mockserver.domain.kernel.model import Service
from mockserver.domain.lifecycle.folios import booking_number
from mockserver.domain.reseller.lookups import SANDBOX_CODE
from mockserver.seeding.world import World

VERSION = 1


BLOCKS_AHEAD = timedelta(days=28)
"""How far ahead of now the merchant's blocked times are named (the scenarios' weeks)."""
BLOCKS_NAMED = 6


def target_data(
    world: World,
    key: str,
    blocked: Sequence[BlockedTime],
    apis: Collection[str],
) -> dict[str, Any]:
    """The document for the sandbox ``key``, whose data was seeded as ``world``: the parts of
    ``apis`` (a server's, or the one a client asked for); ``blocked``: the first merchant's
    blocked times ahead, as its calendar has them."""
    parts = {
        "reservekit-v1": _reservekit(world, key),
        "merchant": {**_merchant(world, key), "blocked_times": _blocked(blocked)},
        "lifecycle": _lifecycle(world, key),
        "bardge-v3": _bardge(world, key),
    }
    return {"target_data": VERSION} | {api: part for api, part in parts.items() if api in apis}


def customer_token(uuid: str, key: str) -> str:
    return f"customer.{uuid}.{key}"


def _reservekit(world: World, key: str) -> dict[str, Any]:
    # A ReserveKit key is a sandbox key whole: a sandbox opened by one is named by that key
    # (prefixing it again named another sandbox, whose journal the sandbox's own did not hold).
    main = key if API_KEY_PATTERN.match(key) else _reservekit_key(key)
    return {
        # Another sandbox key is another account: it shares nothing with the first.
        "tokens": {"key": main, "other": _other_key(main)},
        "booking_window_days": min(service.booking_window_days for service in world.services),
    }


def _reservekit_key(key: str) -> str:
    """The ReserveKit key handed for a bare sandbox key: ``sk_rsv_`` and the key, in the
    characters and length a ReserveKit key takes (a sandbox key may hold '-' and run to 130
    characters; ReserveKit refused ``sk_rsv_team-01`` unread, a 401 to a token it had handed)."""
    return f"{API_KEY_PREFIX}{key.replace('-', '_')}"[:API_KEY_LONGEST]


def _other_key(main: str) -> str:
    """Another account's key: the key, then ``_other``, kept within a key's length."""
    other = main[: API_KEY_LONGEST - len("_other")] + "_other"
    # Only a key of the longest length that ends in "_other" already would be its own other.
    return other if other != main else other[: -len("_other")] + "_OTHER"


def _merchant(world: World, key: str) -> dict[str, Any]:
    first, customer = world.providers[0], world.customers[0].uuid
    locations = [location for location in world.locations if location.provider_id == first.id]
    tokens = {"merchant": f"merchant.{first.slug}.{key}", "customer": customer_token(customer, key)}
    customer_ids = {"customer": customer}
    # A world of one merchant or one customer has no other to hold them apart: the rules that
    # need one are unchecked, naming the field, as on a vendor's file without it.
    if len(world.providers) > 1:
        tokens["other"] = f"merchant.{world.providers[1].slug}.{key}"
    if len(world.customers) > 1:
        tokens["other_customer"] = customer_token(world.customers[1].uuid, key)
        customer_ids["other_customer"] = world.customers[1].uuid
    return {
        "tokens": tokens,
        "merchant_name": first.slug,
        "customer_ids": customer_ids,
        "locations": [{"id": location.id, "timezone": location.timezone} for location in locations],
        "services": [_service(service) for service in world.services if service.provider_id == first.id],
        "bookable_hours": _hours(world, {location.id for location in locations}),
    }


def _blocked(blocked: Sequence[BlockedTime]) -> list[dict[str, Any]]:
    """Blocked times as the calendar shows them (its words), the soonest first."""
    return [
        {
            "id": block.id,
            "employee_id": block.staff_id,
            "from_date": timestamp(block.starts_at),
            "to_date": timestamp(block.ends_at),
        }
        for block in sorted(blocked, key=lambda block: (block.starts_at, block.id))[:BLOCKS_NAMED]
    ]


def _service(service: Service) -> dict[str, Any]:
    return {
        "id": service.id,
        "kind": service.kind.value,
        "location_id": service.location_id,
        "duration_minutes": service.duration_minutes,
        "min_participants": service.min_participants,
        "max_participants": service.max_participants,
        "cancellation_deadline_hours": service.cancellation_deadline_hours,
        "booking_window_days": service.booking_window_days,
    }


def _hours(world: World, location_ids: set[int]) -> list[dict[str, Any]]:
    """The opening hours of the merchant's locations, weekdays with the same hours together."""
    days: dict[tuple[str, str], set[int]] = defaultdict(set)
    for hours in world.opening_hours:
        if hours.location_id in location_ids:
            days[(hours.opens.strftime("%H:%M"), hours.closes.strftime("%H:%M"))].add(hours.weekday)
    return [
        {"weekdays": sorted(weekdays), "from": opens, "to": closes}
        for (opens, closes), weekdays in days.items()
    ]


def _lifecycle(world: World, key: str) -> dict[str, Any]:
    tokens = {"customer": customer_token(world.customers[0].uuid, key)}
    if len(world.customers) > 1:
        tokens["other"] = customer_token(world.customers[1].uuid, key)
    if len(world.customers) > 2:
        # A third customer, of the walk's side: the explorer invites them to its own bookings.
        tokens["guest"] = customer_token(world.customers[2].uuid, key)
    customers = {customer.id: customer.uuid for customer in world.customers}
    reservations = {reservation.id: reservation for reservation in world.reservations}
    zones = {location.id: location.timezone for location in world.locations}
    instant = {terms.service_id for terms in world.service_terms if terms.can_instant_book}
    priced = {service.id for service in world.services if service.price_minor > 0}
    bookings = []
    for folio in world.folios:
        reservation = reservations[folio.reservation_id]
        bookings.append(
            {
                "id": folio.uuid,
                "number": booking_number(reservation.id),
                "kiosk_hash": folio.kiosk_hash,
                "status": STATUS_WORDS[reservation.status],
                "owner_token": customer_token(customers[folio.owner_id], key),
                # Money changed hands: a free service's booking is settled, but nothing was paid.
                "paid": folio.paid and reservation.service_id in priced,
                "series": None if reservation.series_id is None else str(reservation.series_id),
                "invited": [
                    {"participant_id": customers[guest], "token": customer_token(customers[guest], key)}
                    for guest in reservation.invited_ids
                ],
            }
        )
    return {
        "tokens": tokens,
        "instant_services": [
            {
                "id": service.uuid,
                "duration_minutes": service.duration_minutes,
                "timezone": zones[service.location_id],
            }
            for service in world.services
            if service.id in instant and service.location_id == world.services[0].location_id
        ],
        "bookings": bookings,
    }


def _bardge(world: World, key: str) -> dict[str, Any]:
    slugs = [reseller.slug for reseller in world.programme.programme.resellers[:2]]
    return {
        "tokens": dict(
            zip(("reseller", "other"), (f"reseller.{slug}.{key}" for slug in slugs), strict=False)
        ),
        "verification_code": SANDBOX_CODE,
    }
