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
from mockserver.domain.kernel.model import Provider, Service
from mockserver.domain.reseller.access import Passcode
from mockserver.domain.reseller.coverage import credits_cost
from mockserver.domain.reseller.model import (
    AccessCode,
    ClassCategory,
    Client,
    Coverage,
    CreditPackage,
    Flow,
    IssuedPass,
    Issuer,
    Lookup,
    LookupState,
    PassPlan,
    Programme,
    Purchase,
    VisitView,
)
from mockserver.domain.reseller.offerings import OpenOccurrence, ProviderOffer
from mockserver.domain.reseller.passes import PassDetails
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


# catalogue


def pass_plan(plan: PassPlan) -> dict[str, Any]:
    covers = [name for name, on in (("class", plan.covers_class), ("spa", plan.covers_spa)) if on]
    return {
        "object": "pass",
        "id": plan.id,
        "name": plan.name,
        "description": plan.description,
        "covers": covers,
        "max_credits_per_visit": plan.max_credits_per_visit,
        "price": plan.price_minor,
        "currency": plan.currency,
        "duration_days": plan.duration_days,
        "provider_ids": list(plan.provider_ids),
    }


def provider(offer: ProviderOffer) -> dict[str, Any]:
    p: Provider = offer.provider
    return {
        "object": "provider",
        "id": p.id,
        "name": p.name,
        "slug": p.slug,
        "types": list(offer.kinds),
        "email": p.email,
        "phone": p.phone,
    }


def service_preview(service: Service, programme: Programme) -> dict[str, Any]:
    return {
        "id": service.uuid,
        "name": service.name,
        "duration_minutes": service.duration_minutes,
        "price": service.price_for(1),
        "currency": service.currency,
        "credits": credits_cost(service, programme),
    }


def service(service: Service, programme: Programme) -> dict[str, Any]:
    return {
        "object": "service",
        **service_preview(service, programme),
        "provider_id": service.provider_id,
        "description": service.description,
        "cancellation_deadline_hours": service.cancellation_deadline_hours,
        "booking_window_days": service.booking_window_days,
    }


def spa(offer: ProviderOffer, programme: Programme) -> dict[str, Any]:
    services = [s for s in offer.services if Flow.SPA.offers(s)]
    return {
        "object": "spa",
        "provider": provider(offer),
        "services": [service_preview(s, programme) for s in services],
    }


def availability(
    provider_id: int, svc: Service, day: date, found: list[OpenOccurrence], programme: Programme
) -> dict[str, Any]:
    return {
        "object": "availability",
        "provider_id": provider_id,
        "service": service_preview(svc, programme),
        "date": day.isoformat(),
        "slots": [
            {
                "slot_id": occurrence_id(o.slot, o.day, Flow.SPA),
                "starts_at": timestamp(o.starts_at),
                "ends_at": timestamp(o.ends_at),
                "spots_left": o.places_left,
            }
            for o in found
        ],
    }


def category_details(category: ClassCategory, class_count: int) -> dict[str, Any]:
    return {
        "object": "class_category",
        **category_detail(category),
        "description": category.description,
        "class_count": class_count,
    }


def category_detail(category: ClassCategory) -> dict[str, Any]:
    return {"id": category.id, "name": category.name, "slug": category.slug}


def class_(svc: Service, category: ClassCategory, programme: Programme) -> dict[str, Any]:
    return {
        "object": "class",
        "id": svc.uuid,
        "provider_id": svc.provider_id,
        "name": svc.name,
        "description": svc.description,
        "category": category_detail(category),
        "duration_minutes": svc.duration_minutes,
        "price": svc.price_for(1),
        "currency": svc.currency,
        "credits": credits_cost(svc, programme),
    }


def class_instance(o: OpenOccurrence) -> dict[str, Any]:
    return {
        "object": "class_instance",
        "id": occurrence_id(o.slot, o.day, Flow.CLASS),
        "class_id": o.service.uuid,
        "provider_id": o.service.provider_id,
        "starts_at": timestamp(o.starts_at),
        "ends_at": timestamp(o.ends_at),
        "capacity": o.slot.max_bookings,
        "spots_left": o.places_left,
        "status": "open" if o.places_left else "full",
    }


def credit_package(package: CreditPackage) -> dict[str, Any]:
    return {
        "object": "credit_package",
        "id": package.id,
        "name": package.name,
        "credits": package.credits,
        "price": package.price_minor,
        "currency": package.currency,
    }


def issuer(i: Issuer) -> dict[str, Any]:
    return {"object": "issuer", "id": i.id, "name": i.name, "identifier": i.identifier}


# people and passes


def issued_pass(details: PassDetails, now: datetime) -> dict[str, Any]:
    issued: IssuedPass = details.issued
    status = (
        "expired" if issued.status.value == "active" and issued.expires_at <= now else issued.status.value
    )
    return {
        "object": "issued_pass",
        "id": issued.id,
        "user_id": issued.user_id,
        "client_id": details.client.uuid,
        "pass": {"id": details.plan.id, "name": details.plan.name},
        "status": status,
        "starts_at": timestamp(issued.starts_at),
        "expires_at": timestamp(issued.expires_at),
        "lookup_enabled": details.client.lookup_enabled,
        "created_at": timestamp(issued.created_at),
        "updated_at": timestamp(issued.updated_at),
    }


def client(c: Client) -> dict[str, Any]:
    return {
        "object": "client",
        "id": c.uuid,
        "user_id": c.user_id,
        "name": c.name,
        "email": c.email,
        "issuer_id": c.issuer_id,
        "member_number": c.member_number,
        "lookup_enabled": c.lookup_enabled,
        "created_at": timestamp(c.created_at),
    }


def credits(c: Client, programme: Programme) -> dict[str, Any]:
    return {
        "object": "credits",
        "client_id": c.uuid,
        "balance": c.credits,
        "copay_visits": c.copay_visits,
        "credit_value": programme.credit_value_minor,
        "currency": programme.currency,
    }


def lookup(found: Lookup, c: Client, attempts_allowed: int) -> dict[str, Any]:
    verified = found.status is LookupState.VERIFIED
    return {
        "object": "lookup",
        "id": found.public_id,
        "status": found.status.value,
        "issuer_id": found.issuer_id,
        "expires_at": timestamp(found.expires_at),
        "attempts_remaining": max(0, attempts_allowed - found.attempts),
        "client_id": c.uuid if verified else None,
        "client_token": found.client_token if verified else None,
        "client_token_expires_at": timestamp(found.token_expires_at)
        if verified and found.token_expires_at
        else None,
    }


def access_code(access: AccessCode, c: Client) -> dict[str, Any]:
    return {
        "object": "access_code",
        "code": access.code,
        "client_id": c.uuid,
        "provider_id": access.provider_id,
        "single_use": True,
        "expires_at": timestamp(access.expires_at),
    }


def access_session(access: AccessCode, c: Client) -> dict[str, Any]:
    assert access.used_at is not None
    return {
        "object": "access_session",
        "id": f"acs_{access.id}",
        "code": access.code,
        "client_id": c.uuid,
        "provider_id": access.provider_id,
        "status": "checked_in",
        "checked_in_at": timestamp(access.used_at),
    }


def passcode(p: Passcode) -> dict[str, Any]:
    return {
        "object": "passcode",
        "client_id": p.client.uuid,
        "provider_id": p.provider.id,
        "passcode": {
            "code": p.code,
            "valid_from": timestamp(p.valid_from),
            "valid_until": timestamp(p.valid_until),
        },
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
