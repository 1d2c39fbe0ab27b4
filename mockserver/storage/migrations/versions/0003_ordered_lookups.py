"""Lookups that take the first or last match by id read one index range, not the tenant.

A lookup such as "the tenant's customer with this email, lowest id first" had an index on
(tenant, email) but not on the id after it. SQLite, knowing no statistics, chose to walk
the tenant's rows in id order and test each (no sort for its ``LIMIT 1``): every new
customer made the next create slower. With the id last in the index the match is found
in it, already ordered. The same for phone numbers, a service's session at an instant,
a reservation's participants and a client's passes.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# (index, table, columns before, columns now)
CHANGED = [
    ("ix_customers_email", "customers", ["tenant_id", "email_key"], ["tenant_id", "email_key", "id"]),
    ("ix_customers_phone", "customers", ["tenant_id", "phone"], ["tenant_id", "phone", "id"]),
    (
        "ix_reservations_service",
        "reservations",
        ["tenant_id", "service_id", "starts_at"],
        ["tenant_id", "service_id", "starts_at", "id"],
    ),
    (
        "ix_participants_reservation",
        "participants",
        ["tenant_id", "reservation_id", "customer_id"],
        ["tenant_id", "reservation_id", "id"],
    ),
    (
        "ix_issued_passes_client",
        "issued_passes",
        ["tenant_id", "client_id"],
        ["tenant_id", "client_id", "id"],
    ),
]


def upgrade() -> None:
    for name, table, _before, now in CHANGED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, now)


def downgrade() -> None:
    for name, table, before, _now in CHANGED:
        op.drop_index(name, table_name=table)
        op.create_index(name, table, before)
