"""A lifecycle service's cancellation fee tiers, and previews read either side of the boundaries
where the fee changes: a slot either side of each boundary from now, on any target (a preview
changes nothing, and booking at the right time needs no clock), or a minute either side of it
with a booking-sandbox's clock."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta
from typing import Any

import pytest

from contract_tests.kit.client import ok
from contract_tests.kit.run import Run
from contract_tests.rules.lifecycle_desk import BOOKINGS, Desk, instant

Tier = Mapping[str, Any]

MINUTE = timedelta(minutes=1)
NEAR = timedelta(hours=3)
"""The farthest from a boundary a slot may start and still probe it: a service's slots are an
hour or two apart, and a tier rounded to the hour shows within one."""
CLEAR = timedelta(minutes=5)
"""The nearest: the preview is read seconds after "now" was."""


def fee(tier: Tier) -> Any:
    """A tier's fee as a preview shows it: its percentage, or else its fixed amount."""
    return tier["fee_percentage"] if tier["fee_percentage"] is not None else tier["fee_amount"]


def fee_shown(terms: Mapping[str, Any], expected: Tier) -> Any:
    """A preview's fee as ``expected`` gives it: its percentage, or else its fixed amount."""
    return terms["fee_percentage"] if expected["fee_percentage"] is not None else terms["fee_amount"]


def fee_changes(service: Mapping[str, Any]) -> list[tuple[Tier, Tier]]:
    """The service's tiers, latest first, each paired with the next where the fee changes."""
    tiers = sorted(service["attributes"]["cancellation_policy"], key=lambda t: -t["hours_before"])
    return [(tier, after) for tier, after in itertools.pairwise(tiers) if fee(tier) != fee(after)]


def slot_either_side(desk: Desk, run: Run) -> int:
    """For each boundary where a service's fee changes, a booking made now that starts a free
    slot after the boundary from now (the tier still applies) and one a slot before it (the
    next applies), each preview held to its tier. The boundaries probed from both sides (none
    where no free slot lies near one: a boundary that falls at night)."""
    probed = 0
    for service in desk.services():
        if service["attributes"]["max_participants"] != 1:
            continue
        for tier, after in fee_changes(service):
            now = run.now()
            boundary = now + timedelta(hours=tier["hours_before"])
            sides = 0
            for slot, expected in either_side(desk, service["id"], (now, boundary), (tier, after)):
                made = desk.book(service["id"], slot)
                if made.status_code != 201:
                    continue
                booking = made.json()["data"]
                terms = ok(desk.customer.get(f"{BOOKINGS}/{booking['id']}/cancellation-preview"))
                shown = fee_shown(terms["data"]["attributes"], expected)
                starts = instant(booking["attributes"]["start_date"])
                assert shown == fee(expected), (
                    f"booked at {now.isoformat()} to start at {starts.isoformat()}, "
                    f"{_hours(starts - now)} hours ahead ({'after' if starts > boundary else 'before'} "
                    f"the {tier['hours_before']}-hour boundary): the preview's fee is {shown}, "
                    f"not {fee(expected)}"
                )
                sides += 1
            probed += sides == 2
    return probed


def either_side(
    desk: Desk, service_id: str, times: tuple[datetime, datetime], tiers: tuple[Tier, Tier]
) -> Iterator[tuple[dict[str, Any], Tier]]:
    """The free slot starting soonest after the boundary (within ``NEAR``), with the tier it
    must show, then the latest before it that is still ahead of now, as the target offers it
    once the first is booked: a slot list read once offered the booked slot's resource half
    an hour earlier, where an hour's service starts every half hour, and a correct vendor
    refused it as taken (the check was unchecked at most minutes of a vendor's day)."""
    (now, boundary), (tier, after) = times, tiers
    offered = _near(desk, service_id, boundary)
    later = [(at, slot) for at, slot in offered if boundary + CLEAR < at <= boundary + NEAR]
    if later:
        yield min(later, key=lambda found: found[0])[1], tier
        offered = _near(desk, service_id, boundary)
    sooner = [
        (at, slot) for at, slot in offered if boundary - NEAR <= at < boundary - CLEAR and at > now + CLEAR
    ]
    if sooner:
        yield max(sooner, key=lambda found: found[0])[1], after


def _near(desk: Desk, service_id: str, boundary: datetime) -> list[tuple[datetime, dict[str, Any]]]:
    """The service's free slots on the days around ``boundary``, each with its start."""
    return [
        (instant(slot["start_date"]), slot) for slot in desk.slots_around(service_id, boundary.isoformat())
    ]


def minute_either_side(desk: Desk, run: Run) -> None:
    """A booking three weeks ahead, its preview read with the clock set a minute either side of
    each boundary where its service's fee changes."""
    service, _, booking = desk.booked(weeks_ahead=3)
    changes = fee_changes(service)
    if not changes:
        pytest.skip(f"service {service['id']}'s fee is the same in every tier")
    start = instant(booking["data"]["attributes"]["start_date"])
    preview = f"{BOOKINGS}/{booking['data']['id']}/cancellation-preview"
    for tier, after in changes:
        boundary = start - timedelta(hours=tier["hours_before"])
        for at, expected in ((boundary - MINUTE, tier), (boundary + MINUTE, after)):
            run.controls.set_clock(run.control_token(), at)
            shown = fee_shown(ok(desk.customer.get(preview))["data"]["attributes"], expected)
            assert shown == fee(expected), (
                f"at {at.isoformat()}, {'a minute before' if at < boundary else 'a minute after'} the "
                f"{tier['hours_before']}-hour boundary, the preview's fee is {shown}, not {fee(expected)}"
            )


def _hours(span: timedelta) -> str:
    return f"{span.total_seconds() / 3600:.2f}"
