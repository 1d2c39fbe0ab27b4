"""ReserveKit's JSON shapes, to and from the domain records."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from mockserver.domain.kernel.customers import ContactDetails
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput
from mockserver.domain.kernel.model import Customer, Service
from mockserver.domain.slots.bookings import BookingChanges, NewBooking
from mockserver.domain.slots.model import Booking, TimeSlot

from .vocabulary import STATUS_FROM_WIRE, STATUS_TO_WIRE

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# requests


def new_booking(body: dict[str, Any], service_id_in_query: int | None) -> NewBooking:
    in_body = body.get("service_id")
    if in_body is not None and service_id_in_query is not None and in_body != service_id_in_query:
        raise InvalidInput(
            "service_id in the query and in the body differ",
            problems=(FieldProblem("service_id", "give it once, or the same in both places"),),
        )
    return NewBooking(
        day=date.fromisoformat(body["date"]),
        time_slot_id=body["time_slot_id"],
        service_id=in_body if in_body is not None else service_id_in_query,
        contact=ContactDetails(
            name=body.get("customer_name"),
            email=body.get("customer_email"),
            phone=body.get("customer_phone"),
        ),
        message=body.get("message"),
    )


def booking_changes(body: dict[str, Any]) -> BookingChanges:
    status = body.get("status")
    return BookingChanges(
        day=date.fromisoformat(body["date"]) if "date" in body else None,
        status=STATUS_FROM_WIRE[status] if status is not None else None,
        cancel_reason=body.get("cancel_reason"),
        message=body.get("message"),
    )


def contact_changes(body: dict[str, Any]) -> ContactDetails:
    return ContactDetails(name=body.get("name"), email=body.get("email"), phone=body.get("phone"))


# responses


def customer(record: Customer) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "email": record.email,
        "phone": record.phone,
        "created_at": timestamp(record.created_at),
        "updated_at": timestamp(record.updated_at),
    }


def booking(record: Booking, owner: Customer) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": record.id,
        "service_id": record.service_id,
        "date": record.date.isoformat(),
        "time_slot_id": record.time_slot_id,
        "status": STATUS_TO_WIRE[record.status],
    }
    if record.cancel_reason is not None:
        body["cancel_reason"] = record.cancel_reason
    if record.message is not None:
        body["message"] = record.message
    body["created_at"] = timestamp(record.created_at)
    body["updated_at"] = timestamp(record.updated_at)
    body["customer"] = customer(owner)
    return body


def pagination(page: int, page_size: int, total_count: int) -> dict[str, int]:
    return {
        "current_page": page,
        "total_pages": -(-total_count // page_size),
        "total_count": total_count,
        "page_size": page_size,
    }


def service(record: Service) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "description": record.description,
        "duration_minutes": record.duration_minutes,
        "price": record.price_minor / 100,
        "currency": record.currency,
    }


def time_slot(slot: TimeSlot, on: date | None = None, places_left: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": slot.id,
        "service_id": slot.service_id,
        "day_of_week": WEEKDAY_NAMES[slot.weekday],
        "start_time": slot.start_time.strftime("%H:%M"),
        "end_time": slot.end_time.strftime("%H:%M"),
        "max_bookings": slot.max_bookings,
    }
    if on is not None and places_left is not None:
        body["date"] = on.isoformat()
        body["available_bookings"] = places_left
    return body
