"""``coverage``: what each sandbox's traffic exercised, kept apart from the journal's limit.

On SQLite it lives in the journal's shard files, made when a shard is opened; on PostgreSQL
the journal's tables are in the main database, so it is made here.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.create_table(
        "coverage",
        sa.Column("sandbox_hash", sa.String(64), primary_key=True),
        sa.Column("api", sa.String(40), primary_key=True),
        sa.Column("kind", sa.String(10), primary_key=True),
        sa.Column("item", sa.String(300), primary_key=True),
        sa.Column("status", sa.Integer, primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_table("coverage")
