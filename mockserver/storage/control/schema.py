"""The control plane's tables: fault rules, webhook endpoints and deliveries, leases.

They are keyed by the sandbox key's hash (``sandboxes.key_hash``), not by a
tenant: a sandbox's faults and webhooks span every API its key is used on. (The
journal has files of its own: ``journal_schema``, ``journal_shards``.)
"""

from __future__ import annotations

import sqlalchemy as sa

from mockserver.storage.kernel.schema import metadata

fault_rules = sa.Table(
    "fault_rules",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sandbox_hash", sa.String(64), nullable=False),
    sa.Column("api", sa.String(40), nullable=True),
    sa.Column("method", sa.String(10), nullable=True),
    sa.Column("path", sa.String(300), nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("probability", sa.Float, nullable=False),
    sa.Column("count", sa.Integer, nullable=True),
    sa.Column("fired", sa.Integer, nullable=False, default=0),
    sa.Column("params", sa.JSON, nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    # A rate limit's current window, in real (monotonic-ish wall) seconds.
    sa.Column("window_started", sa.Float, nullable=True),
    sa.Column("window_count", sa.Integer, nullable=False, default=0),
    sa.Index("ix_fault_rules_sandbox", "sandbox_hash", "id"),
)

webhooks = sa.Table(
    "webhooks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sandbox_hash", sa.String(64), nullable=False),
    sa.Column("url", sa.String, nullable=False),
    sa.Column("events", sa.JSON, nullable=False),
    sa.Column("description", sa.String, nullable=True),
    sa.Column("secret", sa.String(80), nullable=False),
    sa.Column("created_at", sa.DateTime, nullable=False),
    sa.Index("ix_webhooks_sandbox", "sandbox_hash", "id"),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("sandbox_hash", sa.String(64), nullable=False),
    sa.Column("webhook_id", sa.Integer, nullable=False),
    sa.Column("event", sa.String(40), nullable=False),
    sa.Column("event_id", sa.String(40), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, default=0),
    sa.Column("state", sa.String(10), nullable=False),
    # When the next attempt is due, on the sandbox clock (advancing it brings retries forward).
    sa.Column("next_attempt_at", sa.DateTime, nullable=True),
    sa.Column("last_status", sa.Integer, nullable=True),
    sa.Column("last_error", sa.String, nullable=True),
    # A worker's claim on a due delivery (real time), so two workers never send it twice.
    sa.Column("claimed_until", sa.Float, nullable=True),
    sa.Index("ix_deliveries_webhook", "sandbox_hash", "webhook_id", "id"),
    sa.Index("ix_deliveries_pending", "state", "next_attempt_at"),
)

# One holder's claim on a sandbox for a while (a contract kit's run), in real seconds as the
# deliveries' claims are: the sandbox clock is what the holder moves.
leases = sa.Table(
    "leases",
    metadata,
    sa.Column("sandbox_hash", sa.String(64), primary_key=True),
    sa.Column("holder", sa.String(200), nullable=False),
    sa.Column("since", sa.Float, nullable=False),
    sa.Column("until", sa.Float, nullable=False),
)
