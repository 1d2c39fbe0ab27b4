"""Release 0.1.0: the baseline.

0.1.0 made its tables with ``create_all`` and kept no version, so there is nothing to run:
``ensure_schema`` stamps such a database with this revision, and what changed since follows.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
