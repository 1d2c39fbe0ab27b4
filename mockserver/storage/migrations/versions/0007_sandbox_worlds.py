"""A sandbox's own world: ``sandboxes.world`` and the ``worlds`` it names.

A reset (or a state import) may give one sandbox a world of its own instead of the server's
world file. Sandboxes made before this revision keep the server's world (null).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "worlds",
        sa.Column("digest", sa.String(64), primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
    )
    op.add_column("sandboxes", sa.Column("world", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sandboxes") as table:
        table.drop_column("world")
    op.drop_table("worlds")
