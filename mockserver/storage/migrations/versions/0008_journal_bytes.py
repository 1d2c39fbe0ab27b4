"""``journal.stored_bytes``: what each entry holds, for the journal's bound in bytes.

On PostgreSQL the journal is a table of the main database, so the column is added here; a
SQLite shard file gains it when a process opens it (``journal_shards``). Entries journaled
before it count 0 bytes until they are trimmed away by count.

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.add_column("journal", sa.Column("stored_bytes", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.drop_column("journal", "stored_bytes")
