"""The Bardge catalogue on the wire: plans, providers, services, classes, packages, issuers."""

from __future__ import annotations

from datetime import date
from typing import Any

from mockserver.apis.instants import timestamp
from mockserver.domain.kernel.model import Provider, Service
from mockserver.domain.reseller.catalogue import ClassCategory, CreditPackage, Issuer, PassPlan, Programme
from mockserver.domain.reseller.coverage import credits_cost
from mockserver.domain.reseller.model import Flow
from mockserver.domain.reseller.offerings import OpenOccurrence, ProviderOffer

from .wire import occurrence_id, service_preview

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
