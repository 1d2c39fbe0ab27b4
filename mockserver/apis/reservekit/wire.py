"""ReserveKit's JSON shapes, to and from the domain records."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from mockserver.apis.instants import timestamp_micros
from mockserver.domain.kernel.customers import ContactDetails
from mockserver.domain.kernel.model import Customer, Service
from mockserver.domain.slots.bookings import BookingChanges, NewBooking
from mockserver.domain.slots.model import Booking, TimeSlot

from .vocabulary import STATUS_FROM_WIRE, STATUS_TO_WIRE

# The vendor's time-slot guide shows times as "YYYY-MM-DD HH:MM:SS" on a placeholder date (slots
# recur weekly); its examples use this one.
PLACEHOLDER_DATE = "2023-01-01"
_SLOT_TIME = "%s %02d:%02d:%02d"
# Records the sandbox keeps no revision count for: the vendor's swagger declares `version`
# without saying what it counts, and every sandbox record is shown at its first.
VERSION = 1


def account_id(sandbox_hash: str) -> str:
    """The account that owns the key's services and bookings (the vendor's ``user_id`` and
    ``provider_id``, strings): one account per sandbox key, named without showing the key."""
    return f"usr_{sandbox_hash[:20]}"


def day_of_week(weekday: int) -> int:
    """The vendor's day number (0 is Sunday, as its guide's tables say) of a Monday-first weekday."""
    return (weekday + 1) % 7


# requests


def new_booking(body: dict[str, Any], service_id: int | None) -> NewBooking:
    return NewBooking(
        day=date.fromisoformat(body["date"]),
        time_slot_id=body["time_slot_id"],
        service_id=service_id,
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
        "created_at": timestamp_micros(record.created_at),
        "updated_at": timestamp_micros(record.updated_at),
    }


def booking(record: Booking, owner: Customer, account: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": record.id,
        "service_id": record.service_id,
        "date": record.date.isoformat(),
        "time_slot_id": record.time_slot_id,
        "status": STATUS_TO_WIRE[record.status],
        "customer_id": owner.id,
        "user_id": account,
        "version": VERSION,
    }
    if record.cancel_reason is not None:
        body["cancel_reason"] = record.cancel_reason
    if record.message is not None:
        body["message"] = record.message
    body["created_at"] = timestamp_micros(record.created_at)
    body["updated_at"] = timestamp_micros(record.updated_at)
    body["customer"] = customer(owner)
    return body


def pagination(page: int, page_size: int, total_count: int) -> dict[str, int]:
    return {
        "current_page": page,
        "total_pages": -(-total_count // page_size),
        "total_count": total_count,
        "page_size": page_size,
    }


def service(record: Service, zone: str, account: str, since: datetime) -> dict[str, Any]:
    return {
        "id": record.id,
        "name": record.name,
        "description": record.description,
        "timezone": zone,
        "provider_id": account,
        "version": VERSION,
        "created_at": timestamp_micros(since),
        "updated_at": timestamp_micros(since),
    }


def time_slot(
    slot: TimeSlot, since: datetime, on: date | None = None, places_left: int | None = None
) -> dict[str, Any]:
    made = timestamp_micros(since)
    start, end = slot.start_time, slot.end_time
    body: dict[str, Any] = {
        "id": slot.id,
        "service_id": slot.service_id,
        "day_of_week": day_of_week(slot.weekday),
        # ``strftime("%H:%M:%S")`` spelt out: a third of its time, and an availability writes six.
        "start_time": _SLOT_TIME % (PLACEHOLDER_DATE, start.hour, start.minute, start.second),
        "end_time": _SLOT_TIME % (PLACEHOLDER_DATE, end.hour, end.minute, end.second),
        "max_bookings": slot.max_bookings,
        "created_at": made,
        "updated_at": made,
    }
    if on is not None and places_left is not None:
        body["date"] = on.isoformat()
        body["available_bookings"] = places_left
    return body
