"""The catalogue part of a seeded world: providers, their locations and teams, opening hours,
services and their weekly time slots. What a world file names is used as given; Faker draws
every value all the same, so naming one thing never moves what the seed gives the rest."""

from __future__ import annotations

from datetime import datetime, timedelta

from faker import Faker
from slugify import slugify

from mockserver.domain.calendar.model import StaffMember
from mockserver.domain.kernel.model import Location, OpeningHours, Provider, Service, ServiceKind
from mockserver.domain.slots.model import TimeSlot

from .templates import Blueprint, HoursTemplate, LocationTemplate, ServiceTemplate, StaffTemplate


def e164_phone(fake: Faker) -> str:
    """A North American number in the 555-01xx range reserved for fiction. An area code never
    starts with 0 or 1 there; a drawn 1 is read as 2, so the draws (and the rest of a seeded
    world) stay what they were."""
    area = fake.numerify("%##")
    if area.startswith("1"):
        area = "2" + area[1:]
    return f"+1{area}55501{fake.numerify('##')}"


def _given(value: str | None, drawn: str) -> str:
    return drawn if value is None else value


def url_name(name: str) -> str:
    """A provider's url name: its name in lower-case ASCII words joined by hyphens, any script
    transliterated (a Japanese or Cyrillic company has one too), "provider" where none is left."""
    return slugify(name) or "provider"


class CatalogueBuilder:
    def __init__(self, blueprint: Blueprint, fake: Faker) -> None:
        self.blueprint = blueprint
        self.fake = fake
        self.providers: list[Provider] = []
        self.locations: list[Location] = []
        self.staff: list[StaffMember] = []
        self.services: list[Service] = []
        self.hours: list[OpeningHours] = []
        self.slots: list[TimeSlot] = []
        self.staff_hours: dict[int, tuple[HoursTemplate, ...]] = {}
        """Each member's own working hours, where the world file names them (by member id)."""

    def build(self) -> None:
        for index in range(self.blueprint.providers):
            self._provider(index)

    def _provider(self, index: int) -> None:
        # Faker draws every value whether or not the file names it, so naming one thing never
        # moves what the seed gives the rest (the default world names none of them).
        fake, blueprint = self.fake, self.blueprint
        template = blueprint.locations[index % len(blueprint.locations)]
        name = _given(template.provider, fake.unique.company())
        slug = url_name(name)
        if slug in {other.slug for other in self.providers}:  # two names, one transliteration
            slug = f"{slug}-{len(self.providers) + 1}"
        provider = Provider(
            id=len(self.providers) + 1,
            name=name,
            slug=slug,
            email=f"bookings@{slug}.example.com",
            phone=e164_phone(fake),
        )
        self.providers.append(provider)
        main = _given(template.name, f"{name} {fake.city_suffix()}")
        location, team, hours = self._location(provider, template, main, named=True)
        for template_service in blueprint.services:
            self._service(provider, location, team, template_service, hours)

    def add_branches(self) -> list[StaffMember]:
        """``blueprint.branches`` more locations for each provider, each with a team of its own
        (never the file's named members: their emails are theirs) and the provider's opening
        hours, and no services: drawn after everything else, so a world with branches holds
        every value the same seed gives one without. Their teams, to be given shifts."""
        teams: list[StaffMember] = []
        for index, provider in enumerate(list(self.providers)):
            template = self.blueprint.locations[index % len(self.blueprint.locations)]
            for branch in range(self.blueprint.branches):
                name = f"{provider.name} {self.fake.city_suffix()} {branch + 2}"
                teams.extend(self._location(provider, template, name, named=False)[1])
        return teams

    def _location(
        self, provider: Provider, template: LocationTemplate, name: str, *, named: bool
    ) -> tuple[Location, list[StaffMember], tuple[HoursTemplate, ...]]:
        """A location of the provider with its team and opening hours."""
        fake, blueprint = self.fake, self.blueprint
        location = Location(
            id=len(self.locations) + 1,
            provider_id=provider.id,
            name=name,
            street=_given(template.street, fake.street_address()),
            city=_given(template.city, fake.city()),
            postal_code=_given(template.postal_code, fake.postcode()),
            country=template.country,
            timezone=template.timezone,
        )
        self.locations.append(location)
        members = (template.staff if named else None) or (None,) * blueprint.staff_per_location
        team = [
            self._member(provider, location, len(self.staff) + 1 + n, member)
            for n, member in enumerate(members)
        ]
        self.staff.extend(team)
        hours = template.opening_hours or blueprint.opening_hours
        for opening in hours:
            for weekday in opening.weekdays:
                self.hours.append(
                    OpeningHours(len(self.hours) + 1, location.id, weekday, opening.opens, opening.closes)
                )
        return location, team, hours

    def _member(
        self, provider: Provider, location: Location, member_id: int, given: StaffTemplate | None
    ) -> StaffMember:
        fake = self.fake
        if given is not None and given.hours is not None:
            self.staff_hours[member_id] = given.hours
        name, email = fake.name(), fake.unique.safe_email()
        role = fake.random_element(("therapist", "instructor", "host"))
        return StaffMember(
            id=member_id,
            provider_id=provider.id,
            location_id=location.id,
            name=given.name if given else name,
            email=_given(given.email if given else None, email),
            role=_given(given.role if given else None, role),
        )

    def _service(
        self,
        provider: Provider,
        location: Location,
        team: list[StaffMember],
        template: ServiceTemplate,
        opening_hours: tuple[HoursTemplate, ...],
    ) -> None:
        service = Service(
            id=len(self.services) + 1,
            provider_id=provider.id,
            location_id=location.id,
            name=template.name,
            description=_given(template.description, self.fake.sentence(nb_words=10)),
            kind=template.kind,
            duration_minutes=template.duration_minutes,
            price_minor=template.price_minor,
            currency=self.blueprint.currency,
            price_type=template.price_type,
            color=template.color,
            cancellation_deadline_hours=template.cancellation_deadline_hours,
            booking_window_days=template.booking_window_days,
            cost_minor=template.cost_minor,
            min_participants=template.min_participants,
            max_participants=template.max_bookings if template.kind is not ServiceKind.APPOINTMENT else 1,
        )
        self.services.append(service)
        duration = timedelta(minutes=template.duration_minutes)
        step = timedelta(minutes=template.slot_every_minutes)
        for hours in opening_hours:
            for weekday in hours.weekdays:
                start = datetime.combine(datetime.min, hours.opens)
                closes = datetime.combine(datetime.min, hours.closes)
                while start + duration <= closes:
                    staff = team[len(self.slots) % len(team)]
                    self.slots.append(
                        TimeSlot(
                            id=len(self.slots) + 1,
                            service_id=service.id,
                            staff_id=staff.id,
                            weekday=weekday,
                            start_time=start.time(),
                            end_time=(start + duration).time(),
                            max_bookings=template.max_bookings,
                        )
                    )
                    start += step
