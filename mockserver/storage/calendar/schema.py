"""The merchant calendar's tables: staff, shifts, blocked times, reservations, participants."""

from __future__ import annotations

import sqlalchemy as sa

from mockserver.storage.kernel.schema import metadata, tenant_key

staff = sa.Table(
    "staff",
    metadata,
    *tenant_key(),
    sa.Column("provider_id", sa.Integer, nullable=False),
    sa.Column("location_id", sa.Integer, nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("email", sa.String, nullable=False),
    sa.Column("role", sa.String, nullable=False),
    sa.Column("uuid", sa.String(36), nullable=False),
    sa.Index("ix_staff_location", "tenant_id", "location_id", "id"),
    sa.Index("ix_staff_uuid", "tenant_id", "uuid"),
)


staff_shifts = sa.Table(
    "staff_shifts",
    metadata,
    *tenant_key(),
    sa.Column("staff_id", sa.Integer, nullable=False),
    sa.Column("weekday", sa.SmallInteger, nullable=False),
    sa.Column("starts", sa.Time, nullable=False),
    sa.Column("ends", sa.Time, nullable=False),
    sa.Index("ix_staff_shifts_staff", "tenant_id", "staff_id", "weekday"),
)


blocked_times = sa.Table(
    "blocked_times",
    metadata,
    *tenant_key(),
    sa.Column("provider_id", sa.Integer, nullable=False),
    sa.Column("staff_id", sa.Integer, nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("starts_at", sa.DateTime, nullable=False),
    sa.Column("ends_at", sa.DateTime, nullable=False),
    sa.Column("all_day", sa.Boolean, nullable=False),
    sa.Column("icon", sa.String, nullable=True),
    sa.Column("blocked_type_id", sa.Integer, nullable=True),
    sa.Index("ix_blocked_times_staff", "tenant_id", "staff_id", "starts_at"),
    sa.Index("ix_blocked_times_provider", "tenant_id", "provider_id", "starts_at"),
)


reservations = sa.Table(
    "reservations",
    metadata,
    *tenant_key(),
    sa.Column("provider_id", sa.Integer, nullable=False),
    sa.Column("service_id", sa.Integer, nullable=False),
    sa.Column("location_id", sa.Integer, nullable=False),
    sa.Column("staff_id", sa.Integer, nullable=False),
    sa.Column("starts_at", sa.DateTime, nullable=False),
    sa.Column("ends_at", sa.DateTime, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("customer_note", sa.String, nullable=True),
    sa.Column("merchant_note", sa.String, nullable=True),
    sa.Column("series_id", sa.Integer, nullable=True),
    sa.Column("cancelled_by_merchant_on", sa.DateTime, nullable=True),
    sa.Column("cancellation_reason", sa.String, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Index("ix_reservations_staff", "tenant_id", "staff_id", "starts_at"),
    sa.Index("ix_reservations_provider", "tenant_id", "provider_id", "starts_at"),
    sa.Index("ix_reservations_service", "tenant_id", "service_id", "starts_at", "id"),
    sa.Index("ix_reservations_series", "tenant_id", "series_id", "starts_at"),
)


participants = sa.Table(
    "participants",
    metadata,
    *tenant_key(),
    sa.Column("reservation_id", sa.Integer, nullable=False),
    sa.Column("customer_id", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("joined_at", sa.DateTime, nullable=False),
    sa.Column("cancelled_at", sa.DateTime, nullable=True),
    sa.Column("can_edit", sa.Boolean, nullable=False, default=False),
    sa.Column("attending_virtually", sa.Boolean, nullable=False, default=False),
    sa.Column("display_name", sa.String, nullable=True),
    sa.Column("answers", sa.JSON, nullable=True),
    sa.Index("ix_participants_reservation", "tenant_id", "reservation_id", "id"),
)
