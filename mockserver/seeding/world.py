"""The seeded world: a pure function of a blueprint and a seed.

``generate_world`` never looks at the clock: seeded customers and bookings lie relative to an anchor,
which storage materialises against the sandbox clock, so the world is reproducible from its seed.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from datetime import time, timedelta
from typing import Any

from faker import Faker

from mockserver.domain.calendar.model import StaffMember, StaffShift
from mockserver.domain.kernel.model import (
    BookingStatus,
    Location,
    OpeningHours,
    Provider,
    Service,
)
from mockserver.domain.lifecycle.terms import AddOn, FormField, ServiceTerms
from mockserver.domain.slots.model import TimeSlot

from .calendar import CalendarSeeder, SeedBlockedTime, SeedReservation
from .catalogue import CatalogueBuilder, e164_phone
from .lifecycle import CustomerBookingSeeder, SeedFolio, seed_terms
from .reseller import SeededProgramme, seed_programme
from .templates import Blueprint

# Customers registered up to this long before seeding; the catalogue, a day before the first.
OLDEST_CUSTOMER = timedelta(days=400)
CATALOGUE_AGE = OLDEST_CUSTOMER + timedelta(days=1)


@dataclass(frozen=True)
class SeedCustomer:
    id: int
    uuid: str
    name: str
    email: str
    phone: str
    registered_days_ago: int


@dataclass(frozen=True)
class SeedBooking:
    """A booking on the ``weeks_ahead``-th occurrence of a slot after the anchor day."""

    id: int
    time_slot_id: int
    customer_id: int
    weeks_ahead: int
    status: BookingStatus
    message: str
    booked_days_ago: int


@dataclass(frozen=True)
class World:
    seed: int
    providers: tuple[Provider, ...]
    locations: tuple[Location, ...]
    staff: tuple[StaffMember, ...]
    services: tuple[Service, ...]
    opening_hours: tuple[OpeningHours, ...]
    time_slots: tuple[TimeSlot, ...]
    customers: tuple[SeedCustomer, ...]
    bookings: tuple[SeedBooking, ...]
    staff_shifts: tuple[StaffShift, ...]
    blocked_times: tuple[SeedBlockedTime, ...]
    reservations: tuple[SeedReservation, ...]
    service_terms: tuple[ServiceTerms, ...]
    add_ons: tuple[AddOn, ...]
    form_fields: tuple[FormField, ...]
    folios: tuple[SeedFolio, ...]
    programme: SeededProgramme

    def to_json(self) -> str:
        """A canonical serialisation: same seed and blueprint, same bytes."""
        return json.dumps(asdict(self), default=_json_default, sort_keys=True, indent=1)


def _json_default(value: Any) -> Any:
    if isinstance(value, time):
        return value.isoformat(timespec="minutes")
    raise TypeError(f"cannot serialise {type(value).__name__}")


def generate_world(blueprint: Blueprint, seed: int) -> World:
    fake = Faker(blueprint.locale)
    fake.seed_instance(seed)
    builder = _WorldBuilder(blueprint, fake)
    builder.build()
    return World(
        seed=seed,
        providers=tuple(builder.providers),
        locations=tuple(builder.locations),
        staff=builder.terms.staff,
        services=builder.terms.services,
        opening_hours=tuple(builder.hours),
        time_slots=tuple(builder.slots),
        customers=tuple(builder.customers),
        bookings=tuple(builder.bookings),
        staff_shifts=tuple(builder.calendars.shifts),
        blocked_times=tuple(builder.calendars.blocked),
        reservations=tuple(builder.calendars.reservations),
        service_terms=builder.terms.service_terms,
        add_ons=builder.terms.add_ons,
        form_fields=builder.terms.form_fields,
        folios=tuple(builder.customer_bookings.folios),
        programme=builder.programme,
    )


class _WorldBuilder(CatalogueBuilder):
    def __init__(self, blueprint: Blueprint, fake: Faker) -> None:
        super().__init__(blueprint, fake)
        self.customers: list[SeedCustomer] = []
        self.bookings: list[SeedBooking] = []
        self.calendars = CalendarSeeder(blueprint.calendar, fake)

    def build(self) -> None:
        super().build()
        self._customers()
        self._bookings()
        self._calendars()
        # Last (and the programme after it), so each API added left every earlier seeded value as it was.
        self.terms = seed_terms(self.blueprint, self.fake, self.services, self.staff)
        self.customer_bookings = CustomerBookingSeeder(self.blueprint, self.fake, self.calendars, self.terms)
        self.customer_bookings.seed([customer.id for customer in self.customers])
        self.programme = seed_programme(
            self.blueprint.programme,
            self.fake,
            currency=self.blueprint.currency,
            providers=len(self.providers),
            customer_ids=[customer.id for customer in self.customers],
        )
        self._branches()

    def _branches(self) -> None:
        branch_staff = [replace(member, uuid=self.fake.uuid4()) for member in self.add_branches()]
        for member in branch_staff:
            hours = [h for h in self.hours if h.location_id == member.location_id]
            self.calendars.add_shifts(member, hours)
        self.terms = replace(self.terms, staff=self.terms.staff + tuple(branch_staff))

    def _calendars(self) -> None:
        customer_ids = [customer.id for customer in self.customers]
        for location in self.locations:
            team = [member for member in self.staff if member.location_id == location.id]
            hours = [h for h in self.hours if h.location_id == location.id]
            for member in team:
                self.calendars.add_shifts(member, hours, self.staff_hours.get(member.id))
            for member in team:
                self.calendars.add_blocks(member)
            for service in self.services:
                if service.location_id == location.id:
                    self.calendars.add_reservations(service, team, customer_ids)

    def _customers(self) -> None:
        fake = self.fake
        for n in range(self.blueprint.customers):
            self.customers.append(
                SeedCustomer(
                    id=n + 1,
                    uuid=fake.uuid4(),
                    # First and last name only: the merchant API shows them apart.
                    name=f"{fake.first_name()} {fake.last_name()}",
                    email=fake.unique.safe_email(),
                    phone=e164_phone(fake),
                    registered_days_ago=fake.random_int(30, OLDEST_CUSTOMER.days),
                )
            )

    def _bookings(self) -> None:
        fake, statuses = self.fake, self.blueprint.booking_statuses
        for service in self.services:
            slots = [slot for slot in self.slots if slot.service_id == service.id]
            taken: set[tuple[int, int]] = set()
            for n in range(self.blueprint.bookings_per_service):
                slot = fake.random_element(slots)
                weeks_ahead = fake.random_int(0, 3)
                # One seeded booking per occurrence keeps every seeded slot within capacity.
                while (slot.id, weeks_ahead) in taken:
                    weeks_ahead += 1
                taken.add((slot.id, weeks_ahead))
                self.bookings.append(
                    SeedBooking(
                        id=len(self.bookings) + 1,
                        time_slot_id=slot.id,
                        customer_id=fake.random_element(self.customers).id,
                        weeks_ahead=weeks_ahead,
                        status=statuses[n % len(statuses)],
                        message=fake.sentence(nb_words=6),
                        booked_days_ago=fake.random_int(1, 20),
                    )
                )
        # Made in id order, as a service's list shows them ("oldest first"); the draws stay the seed's.
        agos = sorted((b.booked_days_ago for b in self.bookings), reverse=True)
        self.bookings = [replace(b, booked_days_ago=a) for b, a in zip(self.bookings, agos, strict=True)]
