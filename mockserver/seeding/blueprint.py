"""A world file, read into typed records once ``world_file`` found it well formed."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Any

from mockserver.domain.kernel.model import BookingStatus, PriceType, ServiceKind
from mockserver.domain.lifecycle.terms import FeeTier, FieldKind, fee_tiers_problem

from .reseller import parse_programme
from .templates import (
    NO_TERMS,
    AddOnTemplate,
    BlockTemplate,
    Blueprint,
    CalendarTemplate,
    CustomerBookingsTemplate,
    FieldTemplate,
    HoursTemplate,
    LocationTemplate,
    ServiceTemplate,
    StaffTemplate,
    TermsTemplate,
)
from .world_file import WorldFileError, read_world


def load_blueprint(path: Path) -> Blueprint:
    """The world file at ``path``; ``WorldFileError`` names each problem with its line."""
    raw = read_world(path)
    try:
        return blueprint_of(raw)
    except (KeyError, TypeError, ValueError) as error:
        raise WorldFileError([f"{path}: {error}"]) from error


def blueprint_of(raw: dict[str, Any]) -> Blueprint:
    """A world document that ``world_file`` has checked (a file's, or one sent whole)."""
    policies = {
        name: tuple(FeeTier(**tier) for tier in tiers)
        for name, tiers in raw.get("cancellation_policies", {}).items()
    }
    return _parse(raw, policies)


def _parse(raw: dict[str, Any], policies: dict[str, tuple[FeeTier, ...]]) -> Blueprint:
    blueprint = Blueprint(
        locale=str(raw["locale"]),
        currency=str(raw["currency"]),
        providers=int(raw["providers"]),
        locations=tuple(_location(x) for x in raw["locations"]),
        staff_per_location=int(raw["staff_per_location"]),
        opening_hours=_hours(raw["opening_hours"]),
        services=tuple(_service(x, policies) for x in raw["services"]),
        customers=int(raw["customers"]),
        bookings_per_service=int(raw["bookings_per_service"]),
        booking_statuses=tuple(BookingStatus(s) for s in raw["booking_statuses"]),
        calendar=_calendar(raw["calendar"]),
        customer_bookings=_customer_bookings(raw["customer_bookings"]),
        programme=parse_programme(raw["reseller"]),
    )
    _check(blueprint)
    return blueprint


def _location(raw: dict[str, Any]) -> LocationTemplate:
    given = {
        name: str(raw[name]) for name in ("provider", "name", "street", "city", "postal_code") if name in raw
    }
    staff = raw.get("staff")
    return LocationTemplate(
        str(raw["timezone"]),
        str(raw["country"]),
        **given,
        opening_hours=_hours(raw["opening_hours"]) if "opening_hours" in raw else None,
        staff=None if staff is None else tuple(_member(member) for member in staff),
    )


def _member(raw: dict[str, Any]) -> StaffTemplate:
    hours = _hours(raw["hours"]) if "hours" in raw else None
    return StaffTemplate(str(raw["name"]), raw.get("email"), raw.get("role"), hours)


def _hours(raw: list[dict[str, Any]]) -> tuple[HoursTemplate, ...]:
    return tuple(
        HoursTemplate(tuple(int(d) for d in x["weekdays"]), _time(x["opens"]), _time(x["closes"]))
        for x in raw
    )


def _service(raw: dict[str, Any], policies: dict[str, tuple[FeeTier, ...]]) -> ServiceTemplate:
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
        description=None if raw.get("description") is None else str(raw["description"]),
        cost_minor=int(raw["cost_minor"]),
        min_participants=int(raw.get("min_participants", 1)),
        terms=_terms(raw["terms"], policies) if "terms" in raw else NO_TERMS,
    )


def _terms(raw: dict[str, Any], policies: dict[str, tuple[FeeTier, ...]]) -> TermsTemplate:
    return TermsTemplate(
        fee_tiers=policies[raw["cancellation_policy"]],
        check_in_minutes=int(raw["check_in_minutes"]),
        can_instant_book=bool(raw.get("can_instant_book", False)),
        can_edit_service_options=bool(raw.get("can_edit_service_options", False)),
        add_ons=tuple(
            AddOnTemplate(str(x["name"]), int(x["price_minor"]), int(x["max_quantity"]))
            for x in raw.get("add_ons", ())
        ),
        custom_form=tuple(
            FieldTemplate(
                str(x["label"]),
                FieldKind(x["type"]),
                bool(x.get("required", False)),
                tuple(str(o) for o in x.get("options", ())),
            )
            for x in raw.get("custom_form", ())
        ),
    )


def _customer_bookings(raw: dict[str, Any]) -> CustomerBookingsTemplate:
    return CustomerBookingsTemplate(
        statuses=tuple(BookingStatus(s) for s in raw["statuses"]),
        series=int(raw["series"]["count"]),
        series_occurrences=int(raw["series"]["occurrences"]),
    )


def _calendar(raw: dict[str, Any]) -> CalendarTemplate:
    blocks = tuple(
        BlockTemplate(
            name=str(x["name"]),
            icon=str(x["icon"]),
            type_id=int(x["type_id"]),
            per_staff=int(x["per_staff"]),
            starts=None if x.get("all_day") else _time(x["starts"]),
            minutes=24 * 60 if x.get("all_day") else int(x["minutes"]),
        )
        for x in raw["blocked_times"]
    )
    return CalendarTemplate(
        weeks=int(raw["weeks"]),
        staff_days_off=int(raw["staff_days_off"]),
        blocked_times=blocks,
        appointments_per_service=int(raw["appointments_per_service"]),
        sessions_per_group_service=int(raw["sessions_per_group_service"]),
        max_seeded_participants=int(raw["max_seeded_participants"]),
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
        if not 1 <= service.min_participants <= service.max_bookings:
            raise ValueError(f"service {service.name!r} needs 1 <= min_participants <= max_bookings")
        if (problem := fee_tiers_problem(service.terms.fee_tiers)) is not None:
            raise ValueError(f"service {service.name!r}: {problem}")
        if any(f.kind is FieldKind.SELECT and not f.options for f in service.terms.custom_form):
            raise ValueError(f"service {service.name!r}: a select field needs options")
    calendar = blueprint.calendar
    if calendar.weeks < 1 or calendar.max_seeded_participants < 1:
        raise ValueError("calendar needs at least one week and one seeded participant")
    weekdays = {day for hours in blueprint.opening_hours for day in hours.weekdays}
    if not 0 <= calendar.staff_days_off < len(weekdays):
        raise ValueError("staff_days_off must leave every staff member a working day")
