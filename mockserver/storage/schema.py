"""Tables, in SQLAlchemy Core so that PostgreSQL can follow SQLite unchanged.

Every row belongs to one tenant (one API key's sandbox) and ids are numbered
per tenant, so each sandbox sees the ids its seed promises. Indexes follow the
queries in ``ledger.py``: nothing scans a tenant's bookings.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()


def _tenant_key() -> list[sa.Column[int]]:
    return [
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), primary_key=True),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    ]


# One row per sandbox key: what every API's tenant of that key shares (its
# clock, and the seed or scenario its data comes from). The key itself is never
# stored, only its SHA-256.
sandboxes = sa.Table(
    "sandboxes",
    metadata,
    sa.Column("key_hash", sa.String(64), primary_key=True),
    sa.Column("seed", sa.Integer, nullable=False),
    sa.Column("scenario", sa.String(80), nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("clock_offset_us", sa.BigInteger, nullable=False, default=0),
    sa.Column("clock_frozen_at", sa.DateTime, nullable=True),
)

# One API's data for one sandbox key.
tenants = sa.Table(
    "tenants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("sandbox_hash", sa.String(64), sa.ForeignKey("sandboxes.key_hash"), nullable=False),
    sa.Column("api", sa.String(40), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Index("ix_tenants_sandbox", "sandbox_hash"),
)

id_counters = sa.Table(
    "id_counters",
    metadata,
    sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), primary_key=True),
    sa.Column("entity", sa.String(40), primary_key=True),
    sa.Column("next_id", sa.Integer, nullable=False),
)

providers = sa.Table(
    "providers",
    metadata,
    *_tenant_key(),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("slug", sa.String, nullable=False),
    sa.Column("email", sa.String, nullable=False),
    sa.Column("phone", sa.String, nullable=False),
    sa.Index("ix_providers_slug", "tenant_id", "slug"),
)

locations = sa.Table(
    "locations",
    metadata,
    *_tenant_key(),
    sa.Column("provider_id", sa.Integer, nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("street", sa.String, nullable=False),
    sa.Column("city", sa.String, nullable=False),
    sa.Column("postal_code", sa.String, nullable=False),
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("timezone", sa.String, nullable=False),
)

staff = sa.Table(
    "staff",
    metadata,
    *_tenant_key(),
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
    *_tenant_key(),
    sa.Column("staff_id", sa.Integer, nullable=False),
    sa.Column("weekday", sa.SmallInteger, nullable=False),
    sa.Column("starts", sa.Time, nullable=False),
    sa.Column("ends", sa.Time, nullable=False),
    sa.Index("ix_staff_shifts_staff", "tenant_id", "staff_id", "weekday"),
)

blocked_times = sa.Table(
    "blocked_times",
    metadata,
    *_tenant_key(),
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

services = sa.Table(
    "services",
    metadata,
    *_tenant_key(),
    sa.Column("provider_id", sa.Integer, nullable=False),
    sa.Column("location_id", sa.Integer, nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("description", sa.String, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("duration_minutes", sa.Integer, nullable=False),
    sa.Column("price_minor", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("price_type", sa.String(20), nullable=False),
    sa.Column("color", sa.String(7), nullable=False),
    sa.Column("cancellation_deadline_hours", sa.Integer, nullable=False),
    sa.Column("booking_window_days", sa.Integer, nullable=False),
    sa.Column("cost_minor", sa.Integer, nullable=False),
    sa.Column("min_participants", sa.Integer, nullable=False),
    sa.Column("max_participants", sa.Integer, nullable=False),
    sa.Column("uuid", sa.String(36), nullable=False),
    sa.Index("ix_services_uuid", "tenant_id", "uuid"),
)

opening_hours = sa.Table(
    "opening_hours",
    metadata,
    *_tenant_key(),
    sa.Column("location_id", sa.Integer, nullable=False),
    sa.Column("weekday", sa.SmallInteger, nullable=False),
    sa.Column("opens", sa.Time, nullable=False),
    sa.Column("closes", sa.Time, nullable=False),
)

time_slots = sa.Table(
    "time_slots",
    metadata,
    *_tenant_key(),
    sa.Column("service_id", sa.Integer, nullable=False),
    sa.Column("staff_id", sa.Integer, nullable=True),
    sa.Column("weekday", sa.SmallInteger, nullable=False),
    sa.Column("start_time", sa.Time, nullable=False),
    sa.Column("end_time", sa.Time, nullable=False),
    sa.Column("max_bookings", sa.Integer, nullable=False),
    sa.Index("ix_time_slots_service", "tenant_id", "service_id", "weekday", "id"),
)

customers = sa.Table(
    "customers",
    metadata,
    *_tenant_key(),
    sa.Column("uuid", sa.String(36), nullable=False),
    sa.Column("name", sa.String, nullable=True),
    sa.Column("email", sa.String, nullable=True),
    sa.Column("email_key", sa.String, nullable=True),
    sa.Column("phone", sa.String, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Index("ix_customers_email", "tenant_id", "email_key"),
    sa.Index("ix_customers_phone", "tenant_id", "phone"),
    sa.Index("ix_customers_uuid", "tenant_id", "uuid"),
)

bookings = sa.Table(
    "bookings",
    metadata,
    *_tenant_key(),
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

reservations = sa.Table(
    "reservations",
    metadata,
    *_tenant_key(),
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
    sa.Index("ix_reservations_service", "tenant_id", "service_id", "starts_at"),
    sa.Index("ix_reservations_series", "tenant_id", "series_id", "starts_at"),
)

participants = sa.Table(
    "participants",
    metadata,
    *_tenant_key(),
    sa.Column("reservation_id", sa.Integer, nullable=False),
    sa.Column("customer_id", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("joined_at", sa.DateTime, nullable=False),
    sa.Column("cancelled_at", sa.DateTime, nullable=True),
    sa.Column("can_edit", sa.Boolean, nullable=False, default=False),
    sa.Column("attending_virtually", sa.Boolean, nullable=False, default=False),
    sa.Column("display_name", sa.String, nullable=True),
    sa.Column("answers", sa.JSON, nullable=True),
    sa.Index("ix_participants_reservation", "tenant_id", "reservation_id", "customer_id"),
)

# The customer booking lifecycle: booking terms, add-ons and custom forms of
# services; folios and orders of customers' bookings (one each per reservation).

service_terms = sa.Table(
    "service_terms",
    metadata,
    *_tenant_key(),  # id is the service's id
    sa.Column("can_instant_book", sa.Boolean, nullable=False),
    sa.Column("can_edit_service_options", sa.Boolean, nullable=False),
    sa.Column("check_in_minutes", sa.Integer, nullable=False),
    sa.Column("fee_tiers", sa.JSON, nullable=False),
)

add_ons = sa.Table(
    "add_ons",
    metadata,
    *_tenant_key(),
    sa.Column("uuid", sa.String(36), nullable=False),
    sa.Column("service_id", sa.Integer, nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("price_minor", sa.Integer, nullable=False),
    sa.Column("max_quantity", sa.Integer, nullable=False),
    sa.Index("ix_add_ons_service", "tenant_id", "service_id", "id"),
)

form_fields = sa.Table(
    "form_fields",
    metadata,
    *_tenant_key(),
    sa.Column("uuid", sa.String(36), nullable=False),
    sa.Column("service_id", sa.Integer, nullable=False),
    sa.Column("label", sa.String, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("required", sa.Boolean, nullable=False),
    sa.Column("options", sa.JSON, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Index("ix_form_fields_service", "tenant_id", "service_id", "position"),
)

folios = sa.Table(
    "folios",
    metadata,
    *_tenant_key(),  # id is the reservation's id
    sa.Column("uuid", sa.String(36), nullable=False),
    sa.Column("number", sa.String(20), nullable=False),
    sa.Column("kiosk_hash", sa.String(64), nullable=False),
    sa.Column("owner_id", sa.Integer, nullable=False),
    sa.Column("add_ons", sa.JSON, nullable=False),
    sa.Column("pending_edit", sa.JSON, nullable=True),
    sa.Index("ix_folios_uuid", "tenant_id", "uuid"),
    sa.Index("ix_folios_number", "tenant_id", "number"),
)

orders = sa.Table(
    "orders",
    metadata,
    *_tenant_key(),  # id is the reservation's id
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("invoice_number", sa.String(20), nullable=False),
    sa.Column("total_minor", sa.Integer, nullable=False),
    sa.Column("paid_minor", sa.Integer, nullable=False),
    sa.Column("refunded_minor", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
)

order_entries = sa.Table(
    "order_entries",
    metadata,
    *_tenant_key(),
    sa.Column("order_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("description", sa.String, nullable=False),
    sa.Column("amount_minor", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Index("ix_order_entries_order", "tenant_id", "order_id", "id"),
)
