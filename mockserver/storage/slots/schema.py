"""Slot booking's tables: weekly time slots and the bookings that take their places."""

from __future__ import annotations

import sqlalchemy as sa

from mockserver.storage.kernel.schema import metadata, tenant_key

time_slots = sa.Table(
    "time_slots",
    metadata,
    *tenant_key(),
    sa.Column("service_id", sa.Integer, nullable=False),
    sa.Column("staff_id", sa.Integer, nullable=True),
    sa.Column("weekday", sa.SmallInteger, nullable=False),
    sa.Column("start_time", sa.Time, nullable=False),
    sa.Column("end_time", sa.Time, nullable=False),
    sa.Column("max_bookings", sa.Integer, nullable=False),
    sa.Index("ix_time_slots_service", "tenant_id", "service_id", "weekday", "id"),
)


bookings = sa.Table(
    "bookings",
    metadata,
    *tenant_key(),
    sa.Column("service_id", sa.Integer, nullable=False),
    sa.Column("time_slot_id", sa.Integer, nullable=False),
    sa.Column("customer_id", sa.Integer, nullable=False),
    sa.Column("date", sa.Date, nullable=False),
    sa.Column("starts_at", sa.DateTime, nullable=False),
    sa.Column("ends_at", sa.DateTime, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("cancel_reason", sa.String, nullable=True),
    sa.Column("message", sa.String, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Index("ix_bookings_service", "tenant_id", "service_id", "id"),
    sa.Index("ix_bookings_occurrence", "tenant_id", "time_slot_id", "date", "status"),
    sa.Index("ix_bookings_customer", "tenant_id", "customer_id", "time_slot_id", "date"),
)
