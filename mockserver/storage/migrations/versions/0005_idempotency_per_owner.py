"""Idempotency keys are per reseller, not per sandbox: ``stored_answers.owner`` joins the key.

One reseller's ``Idempotency-Key`` used to collide with another's in the same sandbox (a
409 for the second, and a way to learn that the first had used it). Stored answers are a
replay cache of at most 24 hours, so the table is made anew with its new primary key rather
than rewritten in place (SQLite cannot alter a primary key): a retry of a request answered
before the upgrade is run again instead of replayed.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _table(*key: sa.Column[str]) -> None:
    op.create_table(
        "stored_answers",
        sa.Column("tenant_id", sa.Integer, sa.ForeignKey("tenants.id"), primary_key=True),
        *key,
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("status", sa.Integer, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def upgrade() -> None:
    op.drop_table("stored_answers")
    _table(
        sa.Column("owner", sa.String(120), primary_key=True),
        sa.Column("key", sa.String(255), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("stored_answers")
    _table(sa.Column("key", sa.String(255), primary_key=True))
