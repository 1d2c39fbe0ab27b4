"""Each sandbox names the making of its data: ``sandboxes.made_id``.

A process keeps its sandboxes' catalogue rows (services, locations, time slots), which change
only when a sandbox is made, reset or imported, under the random number that making drew.
Sandboxes made before this revision share 0 until their next reset or import, which is safe:
their catalogue has not changed since they were made, and an evicted key comes back with a
new number.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sandboxes", sa.Column("made_id", sa.BigInteger, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("sandboxes") as table:
        table.drop_column("made_id")
