"""What a reseller's clients can book: providers, spa services and their free slots, classes.

Providers are spas, gyms or both, by the services they offer (appointments make
a spa, group classes a gym). A spa's availability and a class's instances are
the dated occurrences of the service's weekly time slots that can still be
booked, each with the places left on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from mockserver.domain.kernel.errors import FieldProblem, InvalidInput, NotFound, SlotUnavailable
from mockserver.domain.kernel.model import Provider, Service
from mockserver.domain.reseller.catalogue import ClassCategory, PassPlan
from mockserver.domain.reseller.model import Flow
from mockserver.domain.slots.bookings import occurrence_of
from mockserver.domain.slots.model import TimeSlot

from .session import ResellerSession

MAX_DAYS = 31


@dataclass(frozen=True)
class ProviderOffer:
    provider: Provider
    kinds: tuple[str, ...]
    """``spa`` and/or ``gym``."""
    services: tuple[Service, ...]


@dataclass(frozen=True)
class OpenOccurrence:
    slot: TimeSlot
    service: Service
    day: date
    starts_at: datetime
    ends_at: datetime
    places_left: int


class Offerings:
    def __init__(self, session: ResellerSession) -> None:
        self._s = session

    def providers(self, kind: str | None = None, only: tuple[int, ...] | None = None) -> list[ProviderOffer]:
        services = self._services()
        offers = []
        for provider in self._s.ledger.providers():
            if only is not None and provider.id not in only:
                continue
            own = tuple(s for s in services if s.provider_id == provider.id)
            kinds = tuple(
                k for k, flow in (("spa", Flow.SPA), ("gym", Flow.CLASS)) if any(flow.offers(s) for s in own)
            )
            if kind is None or kind in kinds:
                offers.append(ProviderOffer(provider, kinds, own))
        return offers

    def provider(self, provider_id: int) -> ProviderOffer:
        offers = self.providers(only=(self._s.provider(provider_id).id,))
        return offers[0]

    def providers_for_pass(self, plan: PassPlan) -> list[ProviderOffer]:
        return self.providers(only=plan.provider_ids)

    def service(self, provider_id: int, service_uuid: str, flow: Flow) -> Service:
        provider = self.provider(provider_id)
        service = next(
            (s for s in provider.services if s.uuid == service_uuid.lower() and flow.offers(s)), None
        )
        if service is None:
            raise NotFound("service" if flow is Flow.SPA else "class", service_uuid)
        return service

    def availability(self, spa_service: Service, day: date) -> list[OpenOccurrence]:
        """The spa service's slots on ``day`` that still have a place."""
        return self._open(spa_service, day, day, include_full=False)

    def categories(self) -> tuple[ClassCategory, ...]:
        return self._s.programme.categories

    def class_counts(self) -> dict[int, int]:
        """How many classes each category holds, by category id."""
        counts = dict.fromkeys((c.id for c in self.categories()), 0)
        for service in self.classes(None, None):
            counts[self.category_of(service).id] += 1
        return counts

    def category_of(self, service: Service) -> ClassCategory:
        category = self._s.programme.category(self._s.programme.service_categories.get(service.name, 0))
        assert category is not None, "every class service has a seeded category"
        return category

    def classes(self, provider_id: int | None, category_id: int | None) -> list[Service]:
        """The programme's classes: group services it gives a category (a class is shown with
        its category; an imported group service under a name the world gave none is not listed)."""
        if provider_id is not None:
            self._s.provider(provider_id)
        categories = self._s.programme.service_categories
        return [
            s
            for s in self._services()
            if Flow.CLASS.offers(s)
            and s.name in categories
            and provider_id in (None, s.provider_id)
            and category_id in (None, categories[s.name])
        ]

    def class_by_uuid(self, class_uuid: str) -> Service:
        categories = self._s.programme.service_categories
        service = next(
            (
                s
                for s in self._services()
                if s.uuid == class_uuid.lower() and Flow.CLASS.offers(s) and s.name in categories
            ),
            None,
        )
        if service is None:
            raise NotFound("class", class_uuid)
        return service

    def instances(self, service: Service, first: date, days: int) -> list[OpenOccurrence]:
        if not 1 <= days <= MAX_DAYS:
            raise InvalidInput("days out of range", problems=(FieldProblem("days", f"1 to {MAX_DAYS}"),))
        return self._open(service, first, first + timedelta(days=days - 1), include_full=True)

    def _open(self, service: Service, first: date, last: date, *, include_full: bool) -> list[OpenOccurrence]:
        core, now = self._s.core, self._s.now()
        location = core.get_location(service.location_id)
        assert location is not None, "the catalogue is read-only"
        slots, _ = core.list_time_slots(service.id, None, 0, 500)
        taken = self._s.ledger.places_taken_between([slot.id for slot in slots], first, last, now)
        found = []
        day = first
        while day <= last:
            for slot in sorted((s for s in slots if s.occurs_on(day)), key=lambda s: s.start_time):
                try:
                    occurrence = occurrence_of(slot, service, location, day, now=now)
                except SlotUnavailable:
                    continue  # started already, or beyond the booking window
                left = max(0, slot.max_bookings - taken.get((slot.id, day), 0))
                if left or include_full:
                    found.append(
                        OpenOccurrence(slot, service, day, occurrence.starts_at, occurrence.ends_at, left)
                    )
            day += timedelta(days=1)
        return found

    def _services(self) -> list[Service]:
        services, _ = self._s.core.list_services(0, 1000)
        return services
