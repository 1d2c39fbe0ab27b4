"""A booking's order: what it costs, what was paid, and every change as an invoice line.

Totals are kept on the order and every change is also written as an entry, so
the invoice explains the balance: charges and add-ons, price adjustments from
edits, payments, cancellation fees and refunds.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from mockserver.domain.kernel.model import Service

from .terms import AddOn


class EntryKind(enum.StrEnum):
    CHARGE = "charge"
    ADD_ON = "add_on"
    ADJUSTMENT = "adjustment"
    PAYMENT = "payment"
    REFUND = "refund"


@dataclass(frozen=True)
class Order:
    id: int
    """The same id as the booking (reservation) the order is for."""
    currency: str
    invoice_number: str
    total_minor: int
    paid_minor: int
    refunded_minor: int
    created_at: datetime
    updated_at: datetime

    @property
    def net_paid_minor(self) -> int:
        return self.paid_minor - self.refunded_minor

    @property
    def balance_due_minor(self) -> int:
        return self.total_minor - self.net_paid_minor


@dataclass(frozen=True)
class OrderEntry:
    id: int
    order_id: int
    kind: EntryKind
    description: str
    amount_minor: int
    created_at: datetime


@dataclass(frozen=True)
class PriceLine:
    kind: EntryKind
    description: str
    amount_minor: int


def price_lines(
    service: Service,
    minutes: int,
    participants: int,
    add_ons: Mapping[AddOn, int],
) -> tuple[PriceLine, ...]:
    """The charges for a booking of ``minutes`` with ``participants`` and these add-on quantities.

    A booking longer or shorter than the service's duration costs pro rata, so a
    rebooking to a different length changes the price.
    """
    base = service.price_for(participants)
    charge = (base * minutes * 2 + service.duration_minutes) // (2 * service.duration_minutes)
    lines = [
        PriceLine(EntryKind.CHARGE, f"{service.name}, {minutes} min, {participants} participant(s)", charge)
    ]
    for add_on, quantity in sorted(add_ons.items(), key=lambda item: item[0].id):
        lines.append(PriceLine(EntryKind.ADD_ON, f"{add_on.name} x{quantity}", add_on.price_minor * quantity))
    return tuple(lines)


def total_of(lines: tuple[PriceLine, ...]) -> int:
    return sum(line.amount_minor for line in lines)


@dataclass(frozen=True)
class OrderChange:
    """An order's new totals and the entries explaining the change."""

    order: Order
    entries: tuple[tuple[EntryKind, str, int], ...]


def invoice_number(reservation_id: int) -> str:
    return f"INV-{reservation_id:06d}"


def opened_order(
    reservation_id: int, currency: str, lines: tuple[PriceLine, ...], when: datetime, *, paid: bool
) -> OrderChange:
    """A new order for these charges, paid in full at once or not at all, with its first lines."""
    total = total_of(lines)
    entries = [(line.kind, line.description, line.amount_minor) for line in lines]
    if paid:
        entries.append((EntryKind.PAYMENT, "paid in full at booking", total))
    order = Order(
        reservation_id, currency, invoice_number(reservation_id), total, total if paid else 0, 0, when, when
    )
    return OrderChange(order, tuple(entries))


def reprice(order: Order, new_total: int, reason: str, now: datetime) -> OrderChange:
    """Move the order to ``new_total``, refunding whatever was paid beyond it."""
    entries: list[tuple[EntryKind, str, int]] = []
    if new_total != order.total_minor:
        entries.append((EntryKind.ADJUSTMENT, reason, new_total - order.total_minor))
    refund = max(0, order.net_paid_minor - new_total)
    if refund:
        entries.append((EntryKind.REFUND, f"refund: {reason}", -refund))
    changed = replace(
        order,
        total_minor=new_total,
        refunded_minor=order.refunded_minor + refund,
        updated_at=max(now, order.updated_at),
    )
    return OrderChange(changed, tuple(entries))
