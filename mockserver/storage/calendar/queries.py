"""The merchant calendar's prebuilt statements (see ``storage.queries``)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from mockserver.storage.calendar import schema as ct
from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.queries import TENANT, by_id, holding_a_place, update_by_id

# Merchant calendars. Overlap queries bound ``starts_at`` from below by ``earliest``
# (the range start minus the longest entry), so they walk an index range of one
# staff member's or provider's days instead of every earlier row.
r, bt, pt, sf = ct.reservations.c, ct.blocked_times.c, ct.participants.c, ct.staff.c

PROVIDER = by_id(t.providers)
PROVIDER_BY_SLUG = (
    sa.select(t.providers)
    .where(t.providers.c.tenant_id == TENANT, t.providers.c.slug == sa.bindparam("slug"))
    .limit(1)
)
LOCATIONS_OF = (
    sa.select(t.locations)
    .where(t.locations.c.tenant_id == TENANT, t.locations.c.provider_id == sa.bindparam("provider"))
    .order_by(t.locations.c.id)
)
STAFF_AT_LOCATION = (
    sa.select(ct.staff)
    .where(sf.tenant_id == TENANT, sf.location_id == sa.bindparam("location"))
    .order_by(sf.id)
)
SHIFTS_ON = (
    sa.select(ct.staff_shifts)
    .where(
        ct.staff_shifts.c.tenant_id == TENANT,
        ct.staff_shifts.c.staff_id == sa.bindparam("staff"),
        ct.staff_shifts.c.weekday == sa.bindparam("weekday"),
    )
    .order_by(ct.staff_shifts.c.starts)
)


def _overlapping(columns: Any) -> list[sa.ColumnElement[bool]]:
    return [
        columns.tenant_id == TENANT,
        columns.starts_at >= sa.bindparam("earliest"),
        columns.starts_at < sa.bindparam("end"),
        columns.ends_at > sa.bindparam("start"),
    ]


BLOCK_OVERLAP = sa.select(bt.id).where(*_overlapping(bt), bt.staff_id == sa.bindparam("staff")).limit(1)
RESERVATION_OVERLAP = (
    sa.select(r.id)
    .where(
        *_overlapping(r),
        r.staff_id == sa.bindparam("staff"),
        holding_a_place(r.status),
        r.id != sa.bindparam("excluding"),
    )
    .limit(1)
)
# Blocked and booked, asked as one question: they were two statements (two round trips on
# PostgreSQL, one after the other) for one staff member's one range.
STAFF_OVERLAPS = sa.select(
    sa.exists(BLOCK_OVERLAP).label("blocked"), sa.exists(RESERVATION_OVERLAP).label("booked")
)
RESERVATION = by_id(ct.reservations)
GROUP_SESSION_AT = (
    sa.select(ct.reservations)
    .where(
        r.tenant_id == TENANT,
        r.service_id == sa.bindparam("service"),
        r.starts_at == sa.bindparam("at"),
        holding_a_place(r.status),
    )
    .order_by(r.id)
    .limit(1)
)
RESERVATIONS_BETWEEN = (
    sa.select(ct.reservations)
    .where(*_overlapping(r), r.provider_id == sa.bindparam("provider"), holding_a_place(r.status))
    .order_by(r.starts_at, r.id)
)
NEXT_RESERVED_START = sa.select(sa.func.min(r.starts_at)).where(
    r.tenant_id == TENANT,
    r.provider_id == sa.bindparam("provider"),
    r.starts_at >= sa.bindparam("after"),
    holding_a_place(r.status),
)
BLOCKED_BETWEEN = (
    sa.select(ct.blocked_times)
    .where(*_overlapping(bt), bt.provider_id == sa.bindparam("provider"))
    .order_by(bt.starts_at, bt.id)
)
UPDATE_RESERVATION = update_by_id(ct.reservations)

LATEST_PARTICIPATION = (
    sa.select(ct.participants)
    .where(
        pt.tenant_id == TENANT,
        pt.reservation_id == sa.bindparam("reservation"),
        pt.customer_id == sa.bindparam("customer"),
    )
    .order_by(pt.id.desc())
    .limit(1)
)
# Unordered: asked to order by id, SQLite walks every participant of the tenant rather than
# sort the few these reservations have (the ledger sorts them).
ACTIVE_PARTICIPANTS = sa.select(ct.participants).where(
    pt.tenant_id == TENANT,
    pt.reservation_id.in_(sa.bindparam("reservations", expanding=True)),
    holding_a_place(pt.status),
)
HOLDER = "holder_"
"""The prefix of the customer's columns in ``ATTENDEES``' rows."""


# A calendar shows each active place with who holds it: one statement, not the places and
# then their customers (a round trip fewer on PostgreSQL, a statement fewer on SQLite).
def attendees_where(reservation: sa.ColumnElement[bool]) -> sa.Select[Any]:
    """``ATTENDEES`` of the reservations ``reservation`` picks (the same columns, whatever the key)."""
    return (
        sa.select(ct.participants, *(column.label(HOLDER + column.name) for column in t.customers.c))
        .join(
            t.customers, sa.and_(t.customers.c.tenant_id == pt.tenant_id, t.customers.c.id == pt.customer_id)
        )
        .where(pt.tenant_id == TENANT, reservation, holding_a_place(pt.status))
    )


ATTENDEES = attendees_where(pt.reservation_id.in_(sa.bindparam("reservations", expanding=True)))
UPDATE_PARTICIPANTS = sa.update(ct.participants).where(
    pt.tenant_id == sa.bindparam("k_tenant"), pt.id.in_(sa.bindparam("k_ids", expanding=True))
)
