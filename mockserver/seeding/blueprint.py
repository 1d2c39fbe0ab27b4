"""The fixture file, read into typed records and checked on the way in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

import yaml

from mockserver.domain.model import BookingStatus, PriceType, ServiceKind


class BlueprintError(ValueError):
    """The fixture file does not describe a usable world."""


@dataclass(frozen=True)
class HoursTemplate:
    weekdays: tuple[int, ...]
    opens: time
    closes: time


@dataclass(frozen=True)
class LocationTemplate:
    timezone: str
    country: str


@dataclass(frozen=True)
class ServiceTemplate:
    name: str
    kind: ServiceKind
    duration_minutes: int
    slot_every_minutes: int
    price_minor: int
    price_type: PriceType
    max_bookings: int
    cancellation_deadline_hours: int
    booking_window_days: int
    color: str


@dataclass(frozen=True)
class Blueprint:
    locale: str
    currency: str
    providers: int
    locations: tuple[LocationTemplate, ...]
    staff_per_location: int
    opening_hours: tuple[HoursTemplate, ...]
    services: tuple[ServiceTemplate, ...]
    customers: int
    bookings_per_service: int
    booking_statuses: tuple[BookingStatus, ...]


def load_blueprint(path: Path) -> Blueprint:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        return _parse(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise BlueprintError(f"{path.name}: {error!r}") from error


def _parse(raw: dict[str, Any]) -> Blueprint:
    blueprint = Blueprint(
        locale=str(raw["locale"]),
        currency=str(raw["currency"]),
        providers=int(raw["providers"]),
        locations=tuple(LocationTemplate(str(x["timezone"]), str(x["country"])) for x in raw["locations"]),
        staff_per_location=int(raw["staff_per_location"]),
        opening_hours=tuple(
            HoursTemplate(tuple(int(d) for d in x["weekdays"]), _time(x["opens"]), _time(x["closes"]))
            for x in raw["opening_hours"]
        ),
        services=tuple(_service(x) for x in raw["services"]),
        customers=int(raw["customers"]),
        bookings_per_service=int(raw["bookings_per_service"]),
        booking_statuses=tuple(BookingStatus(s) for s in raw["booking_statuses"]),
    )
    _check(blueprint)
    return blueprint


def _service(raw: dict[str, Any]) -> ServiceTemplate:
    return ServiceTemplate(
        name=str(raw["name"]),
        kind=ServiceKind(raw["kind"]),
        duration_minutes=int(raw["duration_minutes"]),
        slot_every_minutes=int(raw["slot_every_minutes"]),
        price_minor=int(raw["price_minor"]),
        price_type=PriceType(raw["price_type"]),
        max_bookings=int(raw["max_bookings"]),
        cancellation_deadline_hours=int(raw["cancellation_deadline_hours"]),
        booking_window_days=int(raw["booking_window_days"]),
        color=str(raw["color"]),
    )


def _time(value: str) -> time:
    return time.fromisoformat(value)


def _check(blueprint: Blueprint) -> None:
    if blueprint.providers < 1 or not blueprint.locations or not blueprint.services:
        raise ValueError("a world needs at least one provider, location and service")
    if blueprint.customers < 1 or blueprint.staff_per_location < 1:
        raise ValueError("a world needs at least one customer and one staff member per location")
    for hours in blueprint.opening_hours:
        if hours.opens >= hours.closes or not all(0 <= d <= 6 for d in hours.weekdays):
            raise ValueError(f"bad opening hours {hours}")
    for service in blueprint.services:
        if min(service.duration_minutes, service.slot_every_minutes, service.max_bookings) < 1:
            raise ValueError(f"service {service.name!r} needs a positive duration, step and capacity")
