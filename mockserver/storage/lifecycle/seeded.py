"""Customers' seeded bookings as folios, orders and invoice entries, dated from the anchor.

Orders are worked out with the domain's own pricing and repricing, so a seeded
rejected booking shows the same full refund, and a seeded cancelled one the
same fee and refund, that the API would produce.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any

from mockserver.domain.kernel.model import BookingStatus
from mockserver.domain.lifecycle.folios import AddOnChoice, BookingFolio, booking_number
from mockserver.domain.lifecycle.orders import (
    EntryKind,
    Order,
    OrderChange,
    OrderEntry,
    opened_order,
    price_lines,
    reprice,
)
from mockserver.domain.lifecycle.terms import ServiceTerms
from mockserver.seeding.world import World
from mockserver.storage.calendar.seeded import SeededCalendar


def terms_row(terms: ServiceTerms) -> dict[str, Any]:
    row = asdict(terms)
    row["id"] = row.pop("service_id")
    return row


class SeededFolios:
    def __init__(self, world: World, calendar: SeededCalendar) -> None:
        services = {service.id: service for service in world.services}
        terms = {t.service_id: t for t in world.service_terms}
        add_ons = {a.id: a for a in world.add_ons}
        reservations = {r.id: r for r in calendar.reservations}
        seated: dict[int, int] = {}
        for participant in calendar.participants:
            seated[participant.reservation_id] = seated.get(participant.reservation_id, 0) + 1
        self.folios: list[BookingFolio] = []
        self.orders: list[Order] = []
        self.entries: list[OrderEntry] = []
        for seed in world.folios:
            reservation = reservations[seed.reservation_id]
            service = services[reservation.service_id]
            self.folios.append(
                BookingFolio(
                    reservation.id,
                    seed.uuid,
                    booking_number(reservation.id),
                    seed.kiosk_hash,
                    seed.owner_id,
                    tuple(AddOnChoice(a, n) for a, n in seed.add_ons),
                )
            )
            minutes = int((reservation.ends_at - reservation.starts_at).total_seconds() // 60)
            lines = price_lines(
                service, minutes, seated[reservation.id], {add_ons[a]: n for a, n in seed.add_ons}
            )
            booked = reservation.created_at
            order = self._record(
                opened_order(reservation.id, service.currency, lines, booked, paid=seed.paid)
            )
            if reservation.status is BookingStatus.REJECTED:
                order = self._reprice(order, 0, "request rejected", booked + timedelta(days=1))
            elif reservation.status is BookingStatus.CANCELLED:
                # Cancelled a day after booking, weeks ahead: the first (cheapest) tier applied.
                fee = terms[service.id].fee_tiers[0].fee(order.total_minor)
                order = self._reprice(order, fee, "cancellation", booked + timedelta(days=1))
            self.orders.append(order)

    def _reprice(self, order: Order, total: int, reason: str, when: datetime) -> Order:
        return self._record(reprice(order, total, reason, when))

    def _record(self, change: OrderChange) -> Order:
        for kind, description, amount in change.entries:
            self._entry(change.order.id, kind, description, amount, change.order.updated_at)
        return change.order

    def _entry(self, order_id: int, kind: EntryKind, description: str, amount: int, when: datetime) -> None:
        self.entries.append(OrderEntry(len(self.entries) + 1, order_id, kind, description, amount, when))
