"""What a world's schema cannot say (``world_file``'s second step): each name a world uses is one it
defines, and what it names fits together (hours within hours, services within opening days,
classes within categories), each problem at the field it lies in.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mockserver.documents.currencies import known
from mockserver.domain.kernel.model import is_time_zone
from mockserver.seeding.catalogue import url_name

Location = tuple[str | int, ...]
Problem = tuple[Location, str]
"""Where in the document (its keys and indexes), and what is wrong there."""


def world_rule_problems(world: dict[str, Any]) -> Iterator[Problem]:
    """What the schema cannot say: each name used is one the file defines, and what it
    names fits together."""
    policies = set(world.get("cancellation_policies", {}))
    for n, service in enumerate(world["services"]):
        terms = service.get("terms")
        if terms and terms["cancellation_policy"] not in policies:
            where: Location = ("services", n, "terms", "cancellation_policy")
            yield (where, f"no cancellation_policies entry {terms['cancellation_policy']!r}")
        if service.get("min_participants", 1) > service["max_bookings"]:
            where = ("services", n, "min_participants")
            yield (where, "more than the service's max_bookings")
    if not known(world["currency"]):
        yield (("currency",), f"{world['currency']!r} is no ISO 4217 currency")
    for n, location in enumerate(world["locations"]):
        if not is_time_zone(location["timezone"]):
            yield (("locations", n, "timezone"), f"{location['timezone']!r} is no IANA time zone")
    yield from _hours_problems(("opening_hours",), world["opening_hours"], world)
    for n, location in enumerate(world["locations"]):
        if "opening_hours" in location:
            where = ("locations", n, "opening_hours")
            yield from _hours_problems(where, location["opening_hours"], world)
        for k, member in enumerate(location.get("staff", ())):
            where = ("locations", n, "staff", k, "hours")
            yield from _shift_problems(
                where, member.get("hours", ()), location.get("opening_hours") or world["opening_hours"]
            )
    yield from _provider_problems(world)
    yield from _fit_problems(world)
    groups = {s["name"] for s in world["services"] if s["kind"] != "appointment"}
    if "invited" in world["customer_bookings"]["statuses"] and not groups:
        where = ("customer_bookings", "statuses")
        yield (where, "invited needs a class or event service to invite a guest to")
    yield from _programme_problems(world, groups)


def _hours_problems(where: Location, hours: list[dict[str, Any]], world: dict[str, Any]) -> Iterator[Problem]:
    for n, opening in enumerate(hours):
        if opening["opens"] >= opening["closes"]:
            yield ((*where, n, "closes"), "not after opens")
    open_days = {day for opening in hours for day in opening["weekdays"]}
    if world["calendar"]["staff_days_off"] >= len(open_days):
        message = f"calendar.staff_days_off leaves no working day of the {len(open_days)} open ones"
        yield (where, message)


def _shift_problems(
    where: Location, shifts: list[dict[str, Any]], opening_hours: list[dict[str, Any]]
) -> Iterator[Problem]:
    """A member works only while the location is open: a booking in a shift must be bookable."""
    for j, shift in enumerate(shifts):
        if shift["opens"] >= shift["closes"]:
            yield (*where, j, "closes"), "not after opens"
            continue
        for day in shift["weekdays"]:
            if not any(
                day in h["weekdays"] and h["opens"] <= shift["opens"] and shift["closes"] <= h["closes"]
                for h in opening_hours
            ):
                message = (
                    f"{shift['opens']}-{shift['closes']} on weekday {day} is not within the location's hours"
                )
                yield (*where, j), message
                break


def _provider_problems(world: dict[str, Any]) -> Iterator[Problem]:
    """A named provider is one provider: the locations are not cycled over more providers."""
    locations = world["locations"]
    named = [n for n, location in enumerate(locations) if "provider" in location]
    if named and world["providers"] > len(locations):
        message = f"{world['providers']} providers, but the locations that name theirs are {len(locations)}"
        yield (("providers",), message)
    seen: dict[str, int] = {}
    for n in named:
        slug = url_name(locations[n]["provider"])
        if slug in seen:
            where = ("locations", n, "provider")
            yield (where, f"the same provider as locations[{seen[slug]}]; name each once")
        seen.setdefault(slug, n)


def _programme_problems(world: dict[str, Any], groups: set[str]) -> Iterator[Problem]:
    programme = world["reseller"]
    resellers = {r["slug"] for r in programme["resellers"]}
    for n, plan in enumerate(programme["pass_plans"]):
        if plan["reseller"] not in resellers:
            yield (("reseller", "pass_plans", n, "reseller"), f"no reseller {plan['reseller']!r}")
        if plan["providers"] != "all":
            for k, provider in enumerate(plan["providers"]):
                if provider > world["providers"]:
                    where = ("reseller", "pass_plans", n, "providers", k)
                    yield (where, f"the world has {world['providers']} providers")
    filed: set[str] = set()
    for n, category in enumerate(programme["class_categories"]):
        for k, name in enumerate(category.get("services", ())):
            filed.add(name)
            if name not in groups:
                where = ("reseller", "class_categories", n, "services", k)
                yield (where, f"no class or event service named {name!r}")
    # Bardge files every class under a category: an unfiled one cannot be listed. (A misspelt
    # name above is the one mistake, not the service it leaves unfiled too.)
    if filed <= groups:
        for n, service in enumerate(world["services"]):
            if service["name"] in groups - filed:
                yield (
                    ("services", n, "name"),
                    "a class or event service in no reseller.class_categories entry",
                )


def _fit_problems(world: dict[str, Any]) -> Iterator[Problem]:
    """Every service fits in some opening day of every location: one that fits in none has no
    time slot there, and the seeding has nothing to book it on. Named once a service, at the
    first location it does not fit."""
    longest = [
        max((_minutes(h["closes"]) - _minutes(h["opens"]) for h in hours if h["weekdays"]), default=0)
        for hours in (
            location.get("opening_hours") or world["opening_hours"] for location in world["locations"]
        )
    ]
    for n, service in enumerate(world["services"]):
        unfit = [k for k, minutes in enumerate(longest) if service["duration_minutes"] > minutes]
        if unfit:
            message = f"longer than any opening day at locations[{unfit[0]}] ({longest[unfit[0]]} minutes)"
            yield (("services", n, "duration_minutes"), message)


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")[:2]
    return int(hours) * 60 + int(minutes)
