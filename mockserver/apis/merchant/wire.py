"""The merchant API's JSON shapes, to and from the domain records."""

from __future__ import annotations

from typing import Any

from mockserver.apis.instants import instant, timestamp
from mockserver.documents.currencies import formatted
from mockserver.domain.calendar.events import Attendee, CalendarEntry
from mockserver.domain.calendar.model import BlockedTime
from mockserver.domain.calendar.recurrence import Frequency, RecurrenceRule
from mockserver.domain.calendar.requests import CustomerBooking, MerchantBooking, ReservationView
from mockserver.domain.calendar.roster import CustomerRef
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput
from mockserver.domain.kernel.model import Customer, Location, Service

from .vocabulary import STATUS_TO_WIRE

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


# requests


def customer_booking(body: dict[str, Any]) -> CustomerBooking:
    return CustomerBooking(
        merchant_slug=body["merchant_name"],
        service_id=body["service_id"],
        location_id=body["location_id"],
        starts_at=instant(body["timeStamp"], "timeStamp"),
        customer_note=body.get("customer_note"),
        join_id=body.get("booking_id"),
    )


def merchant_booking(body: dict[str, Any]) -> MerchantBooking:
    rule = body.get("recurrence_rule")
    if body["is_recurring"] and rule is None:
        raise InvalidInput(
            "recurrence_rule is required when is_recurring is true",
            problems=(FieldProblem("recurrence_rule", "required when is_recurring is true"),),
        )
    if not body["is_recurring"] and rule is not None:
        raise InvalidInput(
            "recurrence_rule is only accepted when is_recurring is true",
            problems=(FieldProblem("recurrence_rule", "send is_recurring: true with it"),),
        )
    return MerchantBooking(
        service_id=body["service_id"],
        starts_at=instant(body["timestamp"], "timestamp"),
        customers=tuple(
            CustomerRef(
                uuid=c["id"].lower() if "id" in c else None,
                first_name=c.get("first_name"),
                last_name=c.get("last_name"),
                email=c.get("email"),
                phone=c.get("phone_number"),
            )
            for c in body["customers"]
        ),
        merchant_note=body.get("merchant_note"),
        recurrence=recurrence(rule) if rule is not None else None,
    )


def recurrence(rule: dict[str, Any]) -> RecurrenceRule:
    return RecurrenceRule(
        frequency=Frequency(rule["frequency"]),
        until=instant(rule["until"], "recurrence_rule.until"),
        interval=rule.get("interval", 1),
        weekdays=tuple(WEEKDAYS.index(day) for day in rule.get("weekdays", ())),
    )


# responses


def money(amount: int, currency: str) -> dict[str, Any]:
    return {"amount": amount, "currency": currency, "formatted": formatted(amount, currency)}


def formatted_location(location: Location) -> str:
    return f"{location.street}, {location.city} {location.postal_code}"


def group_fields(service: Service, participants: int) -> dict[str, Any]:
    if not service.is_group:
        return {}
    return {
        "current_participants": participants,
        "min_participants": service.min_participants,
        "max_participants": service.max_participants,
    }


def customer_booking_view(view: ReservationView) -> dict[str, Any]:
    service, reservation = view.service, view.reservation
    body = {
        "from_date": timestamp(view.reservation.starts_at),
        "to_date": timestamp(view.reservation.ends_at),
        "service_name": service.name,
        "cancel_deadline": service.cancellation_deadline_hours,
        "formatted_location": formatted_location(view.location),
        "price": money(service.price_for(1), service.currency),
        "price_type": service.price_type.value,
        "merchant_name": view.provider.name,
        "is_cancelled": view.cancelled,
        "booking_type": service.kind.value,
        **group_fields(service, view.participants),
    }
    if reservation.cancelled_by_merchant_on is not None:
        body["cancelled_by_merchant_on"] = timestamp(reservation.cancelled_by_merchant_on)
        body["cancellation_reason"] = reservation.cancellation_reason or ""
    return body


def calendar_booking(entry: CalendarEntry) -> dict[str, Any]:
    reservation, service = entry.reservation, entry.service
    body: dict[str, Any] = {"id": reservation.id}
    body["from_date"] = timestamp(reservation.starts_at)
    body["to_date"] = timestamp(reservation.ends_at)
    if reservation.customer_note is not None:
        body["customer_note"] = reservation.customer_note
    if reservation.merchant_note is not None:
        body["merchant_note"] = reservation.merchant_note
    body.update(
        service_name=service.name,
        service_color=service.color,
        service_duration=service.duration_minutes,
        price=money(service.price_for(len(entry.participants)), service.currency),
        cost=money(service.cost_minor, service.currency),
    )
    if not service.is_group and entry.participants:
        body.update(_names(entry.participants[0]))
    body["booking_type"] = service.kind.value
    body["employee_id"] = reservation.staff_id
    body.update(group_fields(service, len(entry.participants)))
    if reservation.series_id is not None:
        body["series_id"] = reservation.series_id
    # What the vendor's backend adds (docs/fidelity.md): status, recurrence, service, and who is in.
    body["booking_status"] = STATUS_TO_WIRE[reservation.status]
    body["is_recurring"] = reservation.series_id is not None
    body["service_id"] = service.id
    # The sandbox keeps a note per booking: an appointment's is its one participant's.
    note = None if service.is_group else reservation.customer_note
    body["participants"] = [calendar_participant(attendee, note) for attendee in entry.attendees]
    return body


def calendar_participant(attendee: Attendee, note: str | None) -> dict[str, Any]:
    place, customer = attendee.place, attendee.customer
    first, last = _split_name(customer)
    return {
        "id": place.id,
        "customer_id": customer.uuid,
        "first_name": first or None,
        "last_name": last or None,
        "customer_note": note,
        "status": STATUS_TO_WIRE[place.status],
    }


def _split_name(customer: Customer) -> tuple[str, str]:
    """First and last name, as the merchant API shows them apart (the seeded names have both)."""
    first, _, last = (customer.name or "").partition(" ")
    return first, last


def _names(customer: Customer) -> dict[str, str]:
    first, last = _split_name(customer)
    names = {"first_name": first, "last_name": last, "phone_number": customer.phone}
    return {name: value for name, value in names.items() if value}


def blocked_time(block: BlockedTime) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": block.id,
        "employee_id": block.staff_id,
        "name": block.name,
        "from_date": timestamp(block.starts_at),
        "to_date": timestamp(block.ends_at),
        "all_day": block.all_day,
    }
    if block.icon is not None:
        body["icon"] = block.icon
    if block.blocked_type_id is not None:
        body["blocked_type_id"] = block.blocked_type_id
    return body
