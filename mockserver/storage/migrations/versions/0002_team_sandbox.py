"""Release 0.2.0: the team sandbox. What older databases kept that no code reads goes.

- ``journal_heads``: a per-sandbox index of the journal that releases before 0.1.0 kept.
- On SQLite, a ``journal`` table in the main file: the journal lives in shard files beside
  it (``storage/control/journal_shards.py``). On PostgreSQL the journal *is* in the main
  database, and stays.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    leftovers = ["journal_heads"]
    if connection.dialect.name == "sqlite":
        leftovers.append("journal")
    present = set(sa.inspect(connection).get_table_names())
    for name in leftovers:
        if name in present:
            op.drop_table(name)


def downgrade() -> None:
    # What was dropped held nothing 0.1.0 reads; 0.1.0 runs without it.
    pass
