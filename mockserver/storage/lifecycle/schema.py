"""The customer booking lifecycle's tables: terms, add-ons, custom forms, folios, orders."""

from __future__ import annotations

import sqlalchemy as sa

from mockserver.storage.kernel.schema import metadata, tenant_key

service_terms = sa.Table(
    "service_terms",
    metadata,
    *tenant_key(),  # id is the service's id
    sa.Column("can_instant_book", sa.Boolean, nullable=False),
    sa.Column("can_edit_service_options", sa.Boolean, nullable=False),
    sa.Column("check_in_minutes", sa.Integer, nullable=False),
    sa.Column("fee_tiers", sa.JSON, nullable=False),
)


add_ons = sa.Table(
    "add_ons",
    metadata,
    *tenant_key(),
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
    *tenant_key(),
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
    *tenant_key(),  # id is the reservation's id
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
    *tenant_key(),  # id is the reservation's id
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
    *tenant_key(),
    sa.Column("order_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("description", sa.String, nullable=False),
    sa.Column("amount_minor", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Index("ix_order_entries_order", "tenant_id", "order_id", "id"),
)
