"""The lifecycle API's JSON-API documents, to and from the domain records."""

from __future__ import annotations

from typing import Any

from mockserver.apis.instants import instant, timestamp
from mockserver.documents.currencies import major
from mockserver.domain.kernel.model import Service
from mockserver.domain.lifecycle.booking_lifecycle import CancellationPreview
from mockserver.domain.lifecycle.cases import BookingView
from mockserver.domain.lifecycle.instant import InstantRequest
from mockserver.domain.lifecycle.orders import OrderEntry
from mockserver.domain.lifecycle.rebooking import AddOnRequest, GuestEdit
from mockserver.domain.lifecycle.scheduling import OpenSlot
from mockserver.domain.lifecycle.terms import AddOn, FeeTier, FormField, ServiceTerms

from .vocabulary import MOUNT, STATUS_WORDS

BASE = f"{MOUNT}/api/v1"


def money(amount_minor: int, currency: str) -> dict[str, Any]:
    return {"amount": f"{major(amount_minor, currency):f}", "currency": currency}


# requests


def guests(body: dict[str, Any]) -> tuple[GuestEdit, ...]:
    return tuple(
        GuestEdit(
            email=p["email"],
            name=p.get("name"),
            can_edit=p.get("can_edit", False),
            attending_virtually=p.get("attending_virtually", False),
        )
        for p in body["participants"]
    )


def add_on_requests(body: dict[str, Any]) -> tuple[AddOnRequest, ...]:
    return tuple(AddOnRequest(a["add_on_id"], a["quantity"]) for a in body["addons"])


def instant_request(body: dict[str, Any]) -> InstantRequest:
    return InstantRequest(
        service_uuid=body["service_id"],
        starts_at=instant(body["start_date"], "start_date"),
        ends_at=instant(body["end_date"], "end_date"),
        resource_uuid=body.get("resource_id"),
    )


# documents


def booking_document(view: BookingView) -> dict[str, Any]:
    case = view.case
    reservation, service, folio, order = case.reservation, case.service, case.folio, case.order
    currency = order.currency
    participants = []
    for participant in case.participants:
        person = view.people[participant.customer_id]
        participants.append(
            {
                "id": person.uuid,
                "email": person.email,
                "name": participant.display_name or person.name,
                "status": STATUS_WORDS[participant.status],
                "is_owner": participant.customer_id == folio.owner_id,
                "can_edit": participant.can_edit,
                "attending_virtually": participant.attending_virtually,
                "personalization": dict(participant.answers or {}),
            }
        )
    relationships: dict[str, Any] = {
        "service": {"data": {"type": "services", "id": service.uuid}},
        "resource": {"data": {"type": "resources", "id": view.resource.uuid}},
        "order": {"data": {"type": "orders", "id": order.invoice_number}},
    }
    if view.series:
        relationships["series"] = {"data": [{"type": "bookings", "id": f.uuid} for f in view.series]}
    return {
        "data": {
            "type": "bookings",
            "id": folio.uuid,
            "attributes": {
                "number": folio.number,
                "hash": folio.kiosk_hash,
                "status": STATUS_WORDS[view.status],
                "booking_type": "recurring" if reservation.series_id is not None else "single",
                "start_date": timestamp(reservation.starts_at),
                "end_date": timestamp(reservation.ends_at),
                "check_in_until": timestamp(case.terms.check_in_closes(reservation.starts_at)),
                "owner": {"id": view.owner.uuid, "name": view.owner.name, "email": view.owner.email},
                "participants": participants,
                "addons": [
                    {
                        "add_on_id": add_on.uuid,
                        "name": add_on.name,
                        "quantity": quantity,
                        "unit_price": money(add_on.price_minor, currency),
                    }
                    for add_on, quantity in view.add_ons
                ],
                "edit_in_progress": view.edit_in_progress,
                "created_at": timestamp(reservation.created_at),
                "updated_at": timestamp(reservation.updated_at),
            },
            "relationships": relationships,
            "links": {"self": f"{BASE}/bookings/{folio.uuid}"},
        },
        "included": [
            {
                "type": "orders",
                "id": order.invoice_number,
                "attributes": {
                    "invoice_number": order.invoice_number,
                    "currency": currency,
                    "total": money(order.total_minor, currency),
                    "paid": money(order.paid_minor, currency),
                    "refunded": money(order.refunded_minor, currency),
                    "balance_due": money(order.balance_due_minor, currency),
                    "lines": [_line(entry, currency) for entry in view.entries],
                },
            },
            {
                "type": "services",
                "id": service.uuid,
                "attributes": {"name": service.name, "duration_minutes": service.duration_minutes},
            },
            {"type": "resources", "id": view.resource.uuid, "attributes": {"name": view.resource.name}},
        ],
    }


def _line(entry: OrderEntry, currency: str) -> dict[str, Any]:
    return {
        "kind": entry.kind.value,
        "description": entry.description,
        "amount": money(entry.amount_minor, currency),
        "created_at": timestamp(entry.created_at),
    }


def preview_document(preview: CancellationPreview, currency: str) -> dict[str, Any]:
    own = preview.occurrences[0].quote
    return {
        "data": {
            "type": "cancellation-previews",
            "id": preview.booking.folio.uuid,
            "attributes": {
                "scope": "series" if preview.whole_series else "booking",
                **_tier(own.tier, own.fee_minor, currency),
                "refund_amount": money(preview.refund_minor, currency),
                "total_fee_amount": money(preview.fee_minor, currency),
                "deadline": timestamp(own.tier_deadline),
                "next_tier": None
                if own.next_tier is None
                else {
                    **_tier(own.next_tier, own.next_tier.fee(preview.booking.order.total_minor), currency),
                    "applies_after": timestamp(own.tier_deadline),
                },
                "bookings": [
                    {
                        "booking_id": o.case.folio.uuid,
                        "number": o.case.folio.number,
                        "start_date": timestamp(o.case.reservation.starts_at),
                        "fee_amount": money(o.quote.fee_minor, currency),
                        "refund_amount": money(o.quote.refund_minor, currency),
                    }
                    for o in preview.occurrences
                ],
            },
            "links": {"cancel": f"{BASE}/bookings/{preview.booking.folio.uuid}/cancel"},
        }
    }


def _tier(tier: FeeTier, fee_minor: int, currency: str) -> dict[str, Any]:
    return {
        "fee_type": "percentage" if tier.percent is not None else "amount",
        "fee_percentage": tier.percent,
        "fee_amount": money(fee_minor, currency),
    }


def service_resource(service: Service, terms: ServiceTerms, add_ons: list[AddOn]) -> dict[str, Any]:
    currency = service.currency
    return {
        "type": "services",
        "id": service.uuid,
        "attributes": {
            "name": service.name,
            "description": service.description,
            "kind": service.kind.value,
            "duration_minutes": service.duration_minutes,
            "price": money(service.price_minor, currency),
            "price_type": service.price_type.value,
            "max_participants": service.max_participants,
            "check_in_minutes": terms.check_in_minutes,
            "cancellation_policy": [
                {
                    "hours_before": tier.hours_before,
                    "fee_percentage": tier.percent,
                    "fee_amount": None if tier.amount_minor is None else money(tier.amount_minor, currency),
                }
                for tier in terms.fee_tiers
            ],
            "addons": [
                {
                    "id": a.uuid,
                    "name": a.name,
                    "price": money(a.price_minor, currency),
                    "max_quantity": a.max_quantity,
                }
                for a in add_ons
            ],
            "meta": {
                "can_instant_book": terms.can_instant_book,
                "canEditServiceOptions": terms.can_edit_service_options,
            },
        },
        "links": {
            "self": f"{BASE}/services/{service.uuid}",
            "custom_form": f"{BASE}/services/{service.uuid}/custom-form",
            "availability": f"{BASE}/services/{service.uuid}/availability",
        },
    }


def custom_form_document(service: Service, form: list[FormField]) -> dict[str, Any]:
    return {
        "data": {
            "type": "custom-forms",
            "id": service.uuid,
            "attributes": {
                "fields": [
                    {
                        "uuid": f.uuid,
                        "label": f.label,
                        "type": f.kind.value,
                        "required": f.required,
                        "options": list(f.options),
                    }
                    for f in form
                ]
            },
        }
    }


def availability_document(service: Service, slots: list[OpenSlot]) -> dict[str, Any]:
    return {
        "data": [
            {
                "type": "availability-slots",
                "id": f"{slot.staff.uuid}@{timestamp(slot.starts_at)}",
                "attributes": {
                    "start_date": timestamp(slot.starts_at),
                    "end_date": timestamp(slot.ends_at),
                    "resource_id": slot.staff.uuid,
                    "resource_name": slot.staff.name,
                },
            }
            for slot in slots
        ],
        "meta": {"service_id": service.uuid, "count": len(slots)},
    }
