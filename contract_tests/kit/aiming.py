"""Aiming generated bookings at real, free-ish times, from what the target data names.

Random instants almost never fall inside a shift or name a real merchant, so
without aiming the stateful phase would rarely get past a create to follow its
links. Only bodies valid by the schema are aimed: negative cases stay negative.
Each API is aimed only where the target data holds what its bodies need.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator

from mockserver.documents.resources import spec_document
from mockserver.http.validation.formats import build_format_checker, id_number

from .target_data import TargetData

NEAR_DAYS = 28
"""How far ahead aimed times lie where the target data gives no booking window."""


def aim(schema: Any, api: str, data: TargetData, now: datetime) -> None:
    """``now`` is the target's clock reading: the aimed times lie weeks after it."""
    section = data.of(api)
    if api == "merchant":
        known = all(section.get(k) for k in ("merchant_name", "locations", "services"))
        _aim_merchant(schema, section if known else None, now)
    elif api == "lifecycle" and section.get("instant_services"):
        _aim_lifecycle(schema, section, now)


def _validators(api: str, names: dict[tuple[str, str], str]) -> dict[tuple[str, str], Any]:
    components = spec_document(api)["components"]
    return {
        key: OAS30Validator(
            {"$ref": f"#/components/schemas/{name}", "components": components},
            format_checker=build_format_checker(),
        )
        for key, name in names.items()
    }


def _working_hours(
    timezone: str, now: datetime, hours: tuple[int, ...], window_days: int | None = None
) -> list[datetime]:
    """Weekday hours in the zone from the day after tomorrow, inside the booking window where
    the target data gives one, else the next four weeks (no document gives a window's length,
    and a vendor's is at least that in practice). Some are taken: the target's answer says so."""
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    ahead = range(2, min(window_days or NEAR_DAYS, 2 * NEAR_DAYS))
    days = [today + timedelta(days=n) for n in ahead if (today + timedelta(days=n)).weekday() < 5]
    return [datetime.combine(day, time(hour), zone).astimezone(UTC) for day in days for hour in hours]


def _stamp(instant: datetime) -> str:
    return instant.strftime("%Y-%m-%dT%H:%M:%SZ")


def _aim_merchant(schema: Any, merchant: Mapping[str, Any] | None, now: datetime) -> None:
    """Bodies aimed at the merchant the target data names; and, whatever the data, no valid
    recurring series: one would book dozens of occurrences under one id, which the kit could
    not cancel again on a vendor's server (the recurring rule has a scenario that tidies)."""
    valid_as = _validators(
        "merchant",
        {
            ("POST", "/bookings/customer"): "CustomerBookingRequest",
            ("POST", "/bookings/merchant"): "MerchantBookingRequest",
            ("DELETE", "/bookings/customer/{booking_id}"): "CustomerCancellation",
        },
    )
    single_of = _single_occurrence(valid_as[("POST", "/bookings/merchant")])
    name = merchant["merchant_name"] if merchant is not None else None
    if merchant is not None:
        _aim_merchant_bodies(schema, merchant, now, valid_as)

    @schema.hook
    def map_case(context: Any, case: Any) -> Any:
        """A valid customer cancellation names the booking of its path and its merchant; a valid
        merchant booking books one occurrence (examples and generated bodies alike)."""
        key = (case.operation.method.upper(), case.operation.path)
        if key == ("POST", "/bookings/merchant"):
            case.body = single_of(case.body)
        booking = id_number(str((case.path_parameters or {}).get("booking_id", "")))
        cancelling = key == ("DELETE", "/bookings/customer/{booking_id}") and booking is not None
        if cancelling and name is not None and valid_as[key].is_valid(case.body):
            case.body = {"booking_id": booking, "merchant_name": name}
        return case


def _single_occurrence(validator: Any) -> Any:
    def single(body: Any) -> Any:
        if not isinstance(body, dict) or not body.get("is_recurring") or not validator.is_valid(body):
            return body
        return {**{k: v for k, v in body.items() if k != "recurrence_rule"}, "is_recurring": False}

    return single


def _aim_merchant_bodies(
    schema: Any, merchant: Mapping[str, Any], now: datetime, valid_as: dict[tuple[str, str], Any]
) -> None:
    # Each service at the location it is offered at, wherever that is in the data's list: a
    # merchant's first location may offer nothing (its walk-ins are seated there).
    zones = {location["id"]: location["timezone"] for location in merchant["locations"]}
    hours = (9, 10, 11, 14, 15, 16)
    offered: list[tuple[int, int, list[str]]] = []
    for service in merchant["services"]:
        if service["location_id"] in zones:
            window = service.get("booking_window_days")
            starts = _working_hours(
                zones[service["location_id"]], now, hours, int(window) if window else None
            )
            offered.append((service["id"], service["location_id"], [_stamp(at) for at in starts]))
    if not offered:
        return
    customers = [{"id": uuid} for uuid in (merchant.get("customer_ids") or {}).values()][-1:]
    name = merchant["merchant_name"]
    at_a_time = st.sampled_from(offered).flatmap(
        lambda chosen: st.tuples(st.just(chosen[0]), st.just(chosen[1]), st.sampled_from(chosen[2]))
    )

    @schema.hook
    def flatmap_body(context: Any, body: Any) -> Any:
        validator = valid_as.get((context.operation.method.upper(), context.operation.path))
        if validator is None or not validator.is_valid(body):
            return st.just(body)
        if context.operation.path == "/bookings/customer":
            realistic = at_a_time.map(
                lambda chosen: {
                    **body,
                    "merchant_name": name,
                    "service_id": chosen[0],
                    "location_id": chosen[1],
                    "timeStamp": chosen[2],
                }
            )
            return st.one_of(st.just(body), realistic)
        if context.operation.path == "/bookings/merchant" and customers:
            realistic = at_a_time.map(
                lambda chosen: {
                    **{key: value for key, value in body.items() if key != "recurrence_rule"},
                    "service_id": chosen[0],
                    "timestamp": chosen[2],
                    "customers": customers,
                    "is_recurring": False,
                }
            )
            return st.one_of(st.just(body), realistic)
        return st.just(body)


def _aim_lifecycle(schema: Any, lifecycle: Mapping[str, Any], now: datetime) -> None:
    valid_instant = _validators("lifecycle", {("POST", "/api/v1/bookings/instant"): "InstantBookingRequest"})
    bodies = [
        {
            "service_id": service["id"],
            "start_date": _stamp(start),
            "end_date": _stamp(start + timedelta(minutes=service["duration_minutes"])),
        }
        for service in lifecycle["instant_services"]
        for start in _working_hours(service["timezone"], now, (9, 10, 14, 15))
    ]
    validator = next(iter(valid_instant.values()))

    @schema.hook
    def flatmap_body(context: Any, body: Any) -> Any:
        if context.operation.path != "/api/v1/bookings/instant" or not validator.is_valid(body):
            return st.just(body)
        return st.one_of(st.just(body), st.sampled_from(bodies))
