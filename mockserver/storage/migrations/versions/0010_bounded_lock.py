"""A PostgreSQL function that takes a sandbox's lock waiting a bounded time
(``write_locks.BOUNDED_LOCK``): a handler's write on the event loop had sent two ``SET LOCAL
lock_timeout`` statements around the lock instead. SQLite's writer takes no such lock.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    # As this revision made it: the code's own (``BOUNDED_LOCK_FUNCTION``) may change later.
    op.execute(
        "CREATE OR REPLACE FUNCTION booking_sandbox_bounded_lock(key bigint) RETURNS void\n"
        "LANGUAGE plpgsql VOLATILE SET lock_timeout = '25ms'\n"
        "AS 'BEGIN PERFORM pg_advisory_xact_lock(key); END'"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS booking_sandbox_bounded_lock(bigint)")
