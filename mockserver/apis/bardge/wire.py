"""Bardge wire shapes: request bodies to domain requests, records to ``ResellerV3…`` objects.

Money is an integer ``amount`` in minor units beside its ``currency``. Spa slots
and class instances are dated occurrences of weekly time slots, named
``slot_<slot>_<yyyymmdd>`` and ``ci_<slot>_<yyyymmdd>``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from mockserver.apis.instants import timestamp
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput
from mockserver.domain.kernel.model import Service
from mockserver.domain.reseller.catalogue import Programme
from mockserver.domain.reseller.coverage import credits_cost
from mockserver.domain.reseller.model import Coverage, Flow, Purchase, VisitView
from mockserver.domain.reseller.visits import SlotRef
from mockserver.domain.slots.model import TimeSlot

PREFIX = {Flow.SPA: "slot", Flow.CLASS: "ci"}
_REF = re.compile(r"^(slot|ci)_([0-9]{1,9})_([0-9]{8})$")


def slot_ref(value: str, flow: Flow, field: str) -> SlotRef:
    match = _REF.match(value)
    if match is None or match[1] != PREFIX[flow]:
        other = "a class instance" if flow is Flow.SPA else "a spa slot"
        hint = f"this is {other}; the flows do not mix" if match else "not an id this API issued"
        raise InvalidInput(f"{field} is not valid", problems=(FieldProblem(field, hint),))
    try:
        day = datetime.strptime(match[3], "%Y%m%d").date()
    except ValueError:
        raise InvalidInput(f"{field} is not valid", problems=(FieldProblem(field, "bad date"),)) from None
    return SlotRef(int(match[2]), day)


def occurrence_id(slot: TimeSlot | int, day: date, flow: Flow) -> str:
    slot_id = slot if isinstance(slot, int) else slot.id
    return f"{PREFIX[flow]}_{slot_id}_{day:%Y%m%d}"


def listing(data: list[dict[str, Any]], has_more: bool, url: str) -> dict[str, Any]:
    return {"object": "list", "data": data, "has_more": has_more, "url": url}


def service_preview(service: Service, programme: Programme) -> dict[str, Any]:
    return {
        "id": service.uuid,
        "name": service.name,
        "duration_minutes": service.duration_minutes,
        "price": service.price_for(1),
        "currency": service.currency,
        "credits": credits_cost(service, programme),
    }


# bookings


def booking(view: VisitView, programme: Programme) -> dict[str, Any]:
    visit, core = view.visit, view.booking
    ref = occurrence_id(core.time_slot_id, core.date, visit.flow)
    refund = view.refund
    body: dict[str, Any] = {
        "object": "booking",
        "id": visit.public_id,
        "type": visit.flow.value,
        "status": visit.status.value,
        "client_id": view.client.uuid,
        "provider_id": view.provider.id,
        "service": service_preview(view.service, programme),
        "slot_id": ref if visit.flow is Flow.SPA else None,
        "class_instance_id": ref if visit.flow is Flow.CLASS else None,
        "starts_at": timestamp(core.starts_at),
        "ends_at": timestamp(core.ends_at),
        "payment_method": visit.payment_method.value if visit.payment_method else None,
        "credits_charged": visit.credits_charged,
        "hold_expires_at": timestamp(visit.hold_expires_at) if visit.hold_expires_at else None,
        "rescheduled_from": visit.rescheduled_from,
        "rescheduled_to": visit.rescheduled_to,
        "created_at": timestamp(visit.created_at),
        "updated_at": timestamp(visit.updated_at),
    }
    if refund is not None:
        body["refund"] = {
            "credits": refund.credits,
            "amount": refund.amount_minor,
            "currency": refund.currency,
            "reason": refund.reason,
            "copay_purchase_id": refund.copay_purchase,
        }
    return body


def initiation(view: VisitView, coverage: Coverage, programme: Programme) -> dict[str, Any]:
    method = coverage.default_method
    return {
        "object": "booking_initiation",
        "booking_id": view.visit.public_id,
        "status": view.visit.status.value,
        "hold_expires_at": timestamp(view.visit.hold_expires_at) if view.visit.hold_expires_at else None,
        "credits_required": coverage.credits_cost,
        "credits_available": coverage.credits_available,
        "covered_by": method.value if method else None,
        "copay_required": method is None,
        "copay_amount": coverage.copay_minor,
        "copay_options": [
            {
                "id": o.id,
                "type": o.kind,
                "name": o.name,
                "amount": o.amount_minor,
                "currency": o.currency,
                "visits": o.visits,
            }
            for o in coverage.options
        ],
        "booking": booking(view, programme),
    }


def booking_status(view: VisitView) -> dict[str, Any]:
    return {
        "object": "booking_status",
        "booking_id": view.visit.public_id,
        "status": view.visit.status.value,
        "updated_at": timestamp(view.visit.updated_at),
    }


def purchase(p: Purchase, booking_id: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": p.public_id,
        "amount": p.amount_minor,
        "currency": p.currency,
        "status": p.status.value,
        "created_at": timestamp(p.created_at) if p.created_at else None,
    }
    if booking_id is not None:
        body["booking_id"] = booking_id
    return {**body, **extra}
