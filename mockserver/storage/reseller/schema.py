"""Tables of the reseller programme (Bardge API): clients, passes, lookups, visits, purchases, codes.

Same conventions as ``schema.py`` (rows keyed ``(tenant_id, id)``, indexes that
follow the queries). Public ids (``bkg_…``, ``lkp_…``) are random so that they
cannot be guessed across sandboxes; each has its own index.
"""

from __future__ import annotations

import sqlalchemy as sa

from mockserver.storage.kernel.schema import metadata


def _tenant_key() -> list[sa.Column[int]]:
    return [
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), primary_key=True),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    ]


reseller_clients = sa.Table(
    "reseller_clients",
    metadata,
    *_tenant_key(),  # id is the client's customer id
    sa.Column("reseller_id", sa.Integer, nullable=False),
    sa.Column("user_id", sa.String, nullable=True),
    sa.Column("issuer_id", sa.Integer, nullable=True),
    sa.Column("member_number", sa.String, nullable=True),
    sa.Column("credits", sa.Integer, nullable=False),
    sa.Column("copay_visits", sa.Integer, nullable=False),
    sa.Column("lookup_enabled", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Index("ix_reseller_clients_user", "tenant_id", "reseller_id", "user_id"),
    sa.Index("ix_reseller_clients_member", "tenant_id", "issuer_id", "member_number"),
)

issued_passes = sa.Table(
    "issued_passes",
    metadata,
    *_tenant_key(),
    sa.Column("reseller_id", sa.Integer, nullable=False),
    sa.Column("client_id", sa.Integer, nullable=False),
    sa.Column("user_id", sa.String, nullable=False),
    sa.Column("pass_id", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("starts_at", sa.DateTime, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Index("ix_issued_passes_user", "tenant_id", "reseller_id", "user_id", unique=True),
    sa.Index("ix_issued_passes_client", "tenant_id", "client_id", "id"),
)

lookups = sa.Table(
    "lookups",
    metadata,
    *_tenant_key(),
    sa.Column("public_id", sa.String(40), nullable=False),
    sa.Column("reseller_id", sa.Integer, nullable=False),
    sa.Column("issuer_id", sa.Integer, nullable=False),
    sa.Column("client_id", sa.Integer, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("client_token", sa.String(60), nullable=True),
    sa.Column("token_expires_at", sa.DateTime, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Index("ix_lookups_public", "tenant_id", "public_id"),
    sa.Index("ix_lookups_token", "tenant_id", "client_token"),
)

visits = sa.Table(
    "visits",
    metadata,
    *_tenant_key(),
    sa.Column("public_id", sa.String(40), nullable=False),
    sa.Column("booking_id", sa.Integer, nullable=False),
    sa.Column("reseller_id", sa.Integer, nullable=False),
    sa.Column("client_id", sa.Integer, nullable=False),
    sa.Column("flow", sa.String(10), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("payment_method", sa.String(20), nullable=True),
    sa.Column("credits_charged", sa.Integer, nullable=False),
    sa.Column("copay_purchase_id", sa.Integer, nullable=True),
    sa.Column("hold_expires_at", sa.DateTime, nullable=True),
    sa.Column("rescheduled_from", sa.String(40), nullable=True),
    sa.Column("rescheduled_to", sa.String(40), nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Index("ix_visits_public", "tenant_id", "public_id"),
    sa.Index("ix_visits_client", "tenant_id", "client_id", "id"),
    sa.Index("ix_visits_booking", "tenant_id", "booking_id"),
)

purchases = sa.Table(
    "purchases",
    metadata,
    *_tenant_key(),
    sa.Column("public_id", sa.String(40), nullable=False),
    sa.Column("reseller_id", sa.Integer, nullable=False),
    sa.Column("client_id", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("amount_minor", sa.Integer, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("credits", sa.Integer, nullable=False),
    sa.Column("visits", sa.Integer, nullable=False),
    sa.Column("visit_id", sa.Integer, nullable=True),
    sa.Column("package_id", sa.Integer, nullable=True),
    sa.Column("expires_at", sa.DateTime, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=True),
    sa.Index("ix_purchases_public", "tenant_id", "public_id"),
)

access_codes = sa.Table(
    "access_codes",
    metadata,
    *_tenant_key(),
    sa.Column("reseller_id", sa.Integer, nullable=False),
    sa.Column("client_id", sa.Integer, nullable=False),
    sa.Column("provider_id", sa.Integer, nullable=False),
    sa.Column("code", sa.String(6), nullable=False),
    sa.Column("expires_at", sa.DateTime, nullable=False),
    sa.Column("used_at", sa.DateTime, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Index("ix_access_codes_code", "tenant_id", "provider_id", "code"),
)

stored_answers = sa.Table(
    "stored_answers",
    metadata,
    sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), primary_key=True),
    # Whose key it is (a reseller's slug): keys are per account, never per sandbox.
    sa.Column("owner", sa.String(120), primary_key=True),
    sa.Column("key", sa.String(255), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
    sa.Column("status", sa.Integer, nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
)
