"""Tables, in SQLAlchemy Core so that PostgreSQL can follow SQLite unchanged.

Every row belongs to one tenant (one API key's sandbox) and ids are numbered
per tenant, so each sandbox sees the ids its seed promises. Indexes follow the
queries in ``ledger.py``: nothing scans a tenant's bookings.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()


def tenant_key() -> list[sa.Column[int]]:
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
    # Drawn at random whenever the sandbox's data is made: created, reset or imported, in that
    # change's own transaction. Its tenants' catalogue rows change only then, so a process
    # keeps them under it (``kept_catalogue.py``); a number never drawn twice names one making.
    sa.Column("made_id", sa.BigInteger, nullable=False, server_default="0"),
    # The world its data is seeded from: null for the server's own (``serve --world``), else
    # the digest of a ``worlds`` row a reset or an import gave it.
    sa.Column("world", sa.String(64), nullable=True),
)

# The worlds resets and imports gave sandboxes, by the SHA-256 of their canonical JSON: every
# process reads a sandbox's world from here, once. Kept while a sandbox names it.
worlds = sa.Table(
    "worlds",
    metadata,
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("document", sa.Text, nullable=False),
)

# When each sandbox was last used, in wall-clock seconds (not its own clock, which a
# test may freeze or send years ahead): what idle eviction reads. A table of its
# own, so a touch writes one narrow row and older databases gain it unchanged.
sandbox_use = sa.Table(
    "sandbox_use",
    metadata,
    sa.Column("key_hash", sa.String(64), sa.ForeignKey("sandboxes.key_hash"), primary_key=True),
    sa.Column("last_used", sa.Float, nullable=False),
    sa.Index("ix_sandbox_use_last_used", "last_used"),
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
    *tenant_key(),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("slug", sa.String, nullable=False),
    sa.Column("email", sa.String, nullable=False),
    sa.Column("phone", sa.String, nullable=False),
    sa.Index("ix_providers_slug", "tenant_id", "slug"),
)

locations = sa.Table(
    "locations",
    metadata,
    *tenant_key(),
    sa.Column("provider_id", sa.Integer, nullable=False),
    sa.Column("name", sa.String, nullable=False),
    sa.Column("street", sa.String, nullable=False),
    sa.Column("city", sa.String, nullable=False),
    sa.Column("postal_code", sa.String, nullable=False),
    sa.Column("country", sa.String(2), nullable=False),
    sa.Column("timezone", sa.String, nullable=False),
)


services = sa.Table(
    "services",
    metadata,
    *tenant_key(),
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
    *tenant_key(),
    sa.Column("location_id", sa.Integer, nullable=False),
    sa.Column("weekday", sa.SmallInteger, nullable=False),
    sa.Column("opens", sa.Time, nullable=False),
    sa.Column("closes", sa.Time, nullable=False),
)


customers = sa.Table(
    "customers",
    metadata,
    *tenant_key(),
    sa.Column("uuid", sa.String(36), nullable=False),
    sa.Column("name", sa.String, nullable=True),
    sa.Column("email", sa.String, nullable=True),
    sa.Column("email_key", sa.String, nullable=True),
    sa.Column("phone", sa.String, nullable=True),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Column("updated_at", sa.DateTime, nullable=False),
    sa.Index("ix_customers_email", "tenant_id", "email_key", "id"),
    sa.Index("ix_customers_phone", "tenant_id", "phone", "id"),
    sa.Index("ix_customers_uuid", "tenant_id", "uuid"),
)


# The customer booking lifecycle: booking terms, add-ons and custom forms of
# services; folios and orders of customers' bookings (one each per reservation).
