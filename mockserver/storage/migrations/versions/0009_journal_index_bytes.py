"""The journal's index holds each entry's size (``journal_schema``): the trim by bytes sums
sizes from the index instead of reading every kept row.

On PostgreSQL the journal is a table of the main database, so its index is replaced here; a
SQLite shard file's is replaced when a process opens it (``journal_shards``).

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    op.create_index("ix_journal_sandbox_id_bytes", "journal", ["sandbox_hash", "id", "stored_bytes"])
    op.drop_index("ix_journal_sandbox_id", table_name="journal")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.create_index("ix_journal_sandbox_id", "journal", ["sandbox_hash", "id"])
        op.drop_index("ix_journal_sandbox_id_bytes", table_name="journal")
