"""The customer booking lifecycle in the seeded world: service terms and customers' bookings.

Runs after the rest of the world is built, drawing on the same Faker stream,
so adding it left every earlier seeded value as it was. Customers' bookings are
calendar reservations (placed by the ``CalendarSeeder``, so they never overlap
anything) with a folio: number, kiosk hash, owner, add-ons, and whether paid.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from faker import Faker

from mockserver.domain.calendar.model import StaffMember
from mockserver.domain.kernel.model import BookingStatus, Service
from mockserver.domain.lifecycle.terms import AddOn, FormField, ServiceTerms

from .calendar import CalendarSeeder
from .templates import Blueprint


@dataclass(frozen=True)
class SeedFolio:
    reservation_id: int
    uuid: str
    kiosk_hash: str
    owner_id: int
    add_ons: tuple[tuple[int, int], ...]
    """(add-on id, quantity) pairs."""
    paid: bool


@dataclass(frozen=True)
class Terms:
    services: tuple[Service, ...]
    staff: tuple[StaffMember, ...]
    service_terms: tuple[ServiceTerms, ...]
    add_ons: tuple[AddOn, ...]
    form_fields: tuple[FormField, ...]


def seed_terms(blueprint: Blueprint, fake: Faker, services: list[Service], staff: list[StaffMember]) -> Terms:
    """Public ids for services and staff (resources), and each service's terms, add-ons and form."""
    templates = {template.name: template.terms for template in blueprint.services}
    terms: list[ServiceTerms] = []
    add_ons: list[AddOn] = []
    fields: list[FormField] = []
    for service in services:
        template = templates[service.name]
        terms.append(
            ServiceTerms(
                service.id,
                template.can_instant_book,
                template.can_edit_service_options,
                template.check_in_minutes,
                template.fee_tiers,
            )
        )
        for add_on in template.add_ons:
            add_ons.append(
                AddOn(
                    len(add_ons) + 1,
                    fake.uuid4(),
                    service.id,
                    add_on.name,
                    add_on.price_minor,
                    add_on.max_quantity,
                )
            )
        for position, field in enumerate(template.custom_form):
            fields.append(
                FormField(
                    len(fields) + 1,
                    fake.uuid4(),
                    service.id,
                    field.label,
                    field.kind,
                    field.required,
                    field.options,
                    position,
                )
            )
    return Terms(
        services=tuple(replace(service, uuid=fake.uuid4()) for service in services),
        staff=tuple(replace(member, uuid=fake.uuid4()) for member in staff),
        service_terms=tuple(terms),
        add_ons=tuple(add_ons),
        form_fields=tuple(fields),
    )


class CustomerBookingSeeder:
    def __init__(self, blueprint: Blueprint, fake: Faker, calendars: CalendarSeeder, terms: Terms) -> None:
        self._template = blueprint.customer_bookings
        self._weeks = blueprint.calendar.weeks
        self._fake = fake
        self._calendars = calendars
        self._terms = terms
        self.folios: list[SeedFolio] = []

    def seed(self, customer_ids: list[int]) -> None:
        services = list(self._terms.services)
        groups = [s for s in services if s.is_group]
        for status in self._template.statuses:
            invited = status is BookingStatus.INVITED
            service = self._fake.random_element(groups if invited else services)
            if status is BookingStatus.REJECTED and service.price_minor == 0:
                # A rejected request is refunded in full only where it was paid (the document's
                # rule): a priced service, where the world has one, so every seed shows it.
                service = next((s for s in services if s.price_minor > 0), service)
            # Two weeks back: an expired booking's check-in window closed well before the anchor.
            week = -2 if status is BookingStatus.EXPIRED else None
            self._book(service, status, customer_ids, week=week)
        for series_id in range(1, self._template.series + 1):
            weeks = tuple(range(min(self._template.series_occurrences, self._weeks)))
            self._book(
                self._fake.random_element(services),
                BookingStatus.CONFIRMED,
                customer_ids,
                weeks=weeks,
                series_id=series_id,
            )

    def _book(
        self,
        service: Service,
        status: BookingStatus,
        customer_ids: list[int],
        *,
        week: int | None = None,
        weeks: tuple[int, ...] | None = None,
        series_id: int | None = None,
    ) -> None:
        team = [m for m in self._terms.staff if m.location_id == service.location_id]
        member = self._fake.random_element(team)
        spot = self._calendars.free_spot(
            member.id, service.duration_minutes, weeks or ((week,) if week is not None else None)
        )
        if spot is None:
            return
        weekday, first_week, start = spot
        invited = status is BookingStatus.INVITED
        if len(customer_ids) > 1:
            owner, guest = self._fake.random.sample(customer_ids, 2)
        elif invited:
            return  # a world of one customer has no one to invite
        else:
            owner = guest = customer_ids[0]
        offered = [a for a in self._terms.add_ons if a.service_id == service.id]
        add_ons = ((offered[0].id, 1),) if offered and self._fake.boolean() else ()
        for occurrence_week in weeks or (first_week,):
            reservation = self._calendars.add_reservation(
                service,
                member,
                weekday=weekday,
                week=occurrence_week,
                start=start,
                customer_ids=(owner,),
                status=BookingStatus.CONFIRMED if invited else status,
                series_id=series_id,
                invited_ids=(guest,) if invited else (),
            )
            self.folios.append(
                SeedFolio(
                    reservation.id,
                    self._fake.uuid4(),
                    self._fake.hexify("^" * 16),
                    owner,
                    add_ons,
                    paid=status is not BookingStatus.HELD,
                )
            )
