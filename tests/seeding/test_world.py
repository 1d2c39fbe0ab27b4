from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pytest

from mockserver.documents.resources import fixture_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.templates import Blueprint
from mockserver.seeding.world import generate_world
from mockserver.seeding.world_file import WorldFileError


@pytest.fixture(scope="module")
def blueprint() -> Blueprint:
    return load_blueprint(fixture_path("default-world"))


def test_same_seed_same_world_byte_for_byte(blueprint: Blueprint) -> None:
    assert generate_world(blueprint, 42).to_json() == generate_world(blueprint, 42).to_json()


def test_same_seed_same_world_in_a_fresh_process(blueprint: Blueprint) -> None:
    # Faker keeps per-class state; a new interpreter proves nothing leaks between runs.
    printed = subprocess.run(
        [sys.executable, "-m", "mockserver.cli", "world", "--seed", "42"],
        capture_output=True,
        check=True,
        text=True,
    )
    assert printed.stdout == generate_world(blueprint, 42).to_json() + "\n"
    assert printed.stderr == ""  # no third-party deprecation noise on a CLI call


def test_other_seeds_give_other_people(blueprint: Blueprint) -> None:
    one, two = generate_world(blueprint, 1), generate_world(blueprint, 2)
    assert [c.email for c in one.customers] != [c.email for c in two.customers]
    # ...but the shape of the world is the fixture's, not the seed's.
    assert len(one.time_slots) == len(two.time_slots)


def test_world_follows_the_fixture(blueprint: Blueprint) -> None:
    world = generate_world(blueprint, 42)
    assert len(world.providers) == blueprint.providers
    assert len(world.services) == blueprint.providers * len(blueprint.services)
    assert len(world.customers) == blueprint.customers
    assert len({c.email for c in world.customers}) == blueprint.customers
    assert len(world.bookings) == len(world.services) * blueprint.bookings_per_service
    for slot in world.time_slots:
        assert slot.start_time < slot.end_time
    # Seeded bookings never overfill a slot occurrence.
    occurrences = [(b.time_slot_id, b.weeks_ahead) for b in world.bookings]
    assert len(occurrences) == len(set(occurrences))


def test_a_broken_fixture_is_refused_with_its_name(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(fixture_path("default-world").read_text().replace("providers: 2", "providers: 0"))
    with pytest.raises(WorldFileError, match=r"broken\.yaml:\d+: providers: 0 is less than the minimum of 1"):
        load_blueprint(broken)


def test_seeded_calendars_obey_the_rules_the_api_enforces(blueprint: Blueprint) -> None:
    world = generate_world(blueprint, 42)
    services = {s.id: s for s in world.services}
    staff = {s.id: s for s in world.staff}
    shifts = {(s.staff_id, s.weekday): s for s in world.staff_shifts}
    taken: dict[tuple[int, int, int], list[tuple[int, int]]] = {}

    def claim(staff_id: int, weekday: int, week: int, start: int, end: int) -> None:
        spans = taken.setdefault((staff_id, weekday, week), [])
        assert all(end <= a or b <= start for a, b in spans), "two seeded entries overlap"
        spans.append((start, end))

    for block in world.blocked_times:
        assert (block.staff_id, block.weekday) in shifts  # blocks fall on working days
        start = 0 if block.starts is None else block.starts.hour * 60 + block.starts.minute
        claim(block.staff_id, block.weekday, block.weeks_ahead, start, start + block.minutes)
    for seeded in world.reservations:
        service = services[seeded.service_id]
        assert staff[seeded.staff_id].location_id == service.location_id
        shift = shifts[(seeded.staff_id, seeded.weekday)]
        start = seeded.starts.hour * 60 + seeded.starts.minute
        end = start + service.duration_minutes
        assert shift.starts.hour * 60 + shift.starts.minute <= start
        assert end <= shift.ends.hour * 60 + shift.ends.minute
        claim(seeded.staff_id, seeded.weekday, seeded.weeks_ahead, start, end)
        assert 1 <= len(seeded.customer_ids) <= service.max_participants
        assert len(set(seeded.customer_ids)) == len(seeded.customer_ids)
    assert {services[r.service_id].kind.value for r in world.reservations} == {
        "appointment",
        "class",
        "event",
    }
    assert len({c.uuid for c in world.customers}) == len(world.customers)
    # Every employee has days off and works the others.
    for member in world.staff:
        working = {weekday for staff_id, weekday in shifts if staff_id == member.id}
        assert len(working) == 6 - blueprint.calendar.staff_days_off


def test_branches_add_a_location_a_merchant_and_change_nothing_else(blueprint: Blueprint) -> None:
    plain = generate_world(blueprint, 42)
    branched = generate_world(dataclasses.replace(blueprint, branches=1), 42)
    # Everything the seed gave before is as it was: the branches are drawn last.
    for part in ("providers", "services", "time_slots", "customers", "bookings", "reservations", "folios"):
        assert getattr(branched, part) == getattr(plain, part), part
    assert branched.programme == plain.programme
    assert branched.locations[: len(plain.locations)] == plain.locations
    assert branched.staff[: len(plain.staff)] == plain.staff
    branches = branched.locations[len(plain.locations) :]
    assert sorted(b.provider_id for b in branches) == [p.id for p in plain.providers]
    for branch in branches:
        home = next(loc for loc in plain.locations if loc.provider_id == branch.provider_id)
        assert branch.timezone == home.timezone
        assert not [s for s in branched.services if s.location_id == branch.id]  # walk-ins only
        team = [m for m in branched.staff if m.location_id == branch.id]
        assert len(team) == blueprint.staff_per_location
        assert all(m.uuid for m in team)
        worked = {shift.staff_id for shift in branched.staff_shifts}
        assert {m.id for m in team} <= worked  # they work the location's hours
        assert [h for h in branched.opening_hours if h.location_id == branch.id]


def test_a_world_of_one_customer_seeds_seats_and_invites_no_one_it_lacks(tmp_path: Path) -> None:
    """The schema allows one customer and a thousand seeded participants a session: the seeding
    sampled more customers than the world had (a reset answered 500), and invited a guest
    who would have been the owner."""
    text = fixture_path("default-world").read_text()
    assert "customers: 12" in text
    assert "max_seeded_participants: 4" in text
    small = tmp_path / "small.yaml"
    small.write_text(
        text.replace("customers: 12", "customers: 1").replace(
            "max_seeded_participants: 4", "max_seeded_participants: 1000"
        )
    )
    world = generate_world(load_blueprint(small), 42)
    [customer] = world.customers
    assert world.reservations, "the calendar is still seeded"
    assert all(seeded.customer_ids == (customer.id,) for seeded in world.reservations)
    assert all(not seeded.invited_ids for seeded in world.reservations)


@pytest.mark.parametrize("locale", ["ja_JP", "ru_RU", "zh_CN", "el_GR", "ar_SA"])
def test_a_provider_in_any_script_has_an_ascii_url_name_of_its_own(locale: str, tmp_path: Path) -> None:
    # Faker draws company names in the locale's script: the merchant API's tokens and bodies
    # name a provider by its url name, which was '' for all of them (two providers, one name).
    world = tmp_path / "world.yaml"
    world.write_text(
        fixture_path("default-world")
        .read_text(encoding="utf-8")
        .replace("locale: en_US", f"locale: {locale}")
    )
    slugs = [provider.slug for provider in generate_world(load_blueprint(world), 42).providers]
    assert len(set(slugs)) == len(slugs), slugs
    for slug in slugs:
        assert slug, slugs
        assert slug.isascii(), slug
        assert slug == slug.lower().strip("-"), slug


def test_every_seed_shows_a_paid_request_rejected(blueprint: Blueprint) -> None:
    """Its full refund is a rule of the document: a seed whose draw put the rejected request on
    a free service had none to show (LC-REJECTED-REFUND unchecked against its own sandbox)."""
    for seed in range(40):
        world = generate_world(blueprint, seed)
        reservations = {reservation.id: reservation for reservation in world.reservations}
        prices = {service.id: service.price_minor for service in world.services}
        rejected = [f for f in world.folios if reservations[f.reservation_id].status.value == "rejected"]
        assert rejected, seed
        assert all(f.paid and prices[reservations[f.reservation_id].service_id] > 0 for f in rejected), seed
