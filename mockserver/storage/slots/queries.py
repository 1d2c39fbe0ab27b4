"""Slot booking's prebuilt statements (see ``storage.queries``)."""

from __future__ import annotations

import sqlalchemy as sa

from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.queries import (
    ID,
    TENANT,
    by_id,
    count_of,
    holding_a_place,
    page_of,
    update_by_id,
)
from mockserver.storage.slots import schema as st

b, s = st.bookings.c, st.time_slots.c

TIME_SLOT = by_id(st.time_slots)
SLOTS_PAGE = page_of(st.time_slots, s.service_id == sa.bindparam("service_id"))
SLOTS_COUNT = count_of(st.time_slots, s.service_id == sa.bindparam("service_id"))
SLOTS_ON_WEEKDAY_PAGE = page_of(
    st.time_slots, s.service_id == sa.bindparam("service_id"), s.weekday == sa.bindparam("weekday")
)
SLOTS_ON_WEEKDAY_COUNT = count_of(
    st.time_slots, s.service_id == sa.bindparam("service_id"), s.weekday == sa.bindparam("weekday")
)

BOOKING = by_id(st.bookings)
OWNER = "owner_"
"""The prefix of the customer's columns in ``BOOKING_WITH_OWNER``'s rows."""


# A read that shows a booking shows its customer: on PostgreSQL's plain reads, where each
# statement is a round trip, both come in one (``SqlLedger.get_booking``).
def _with_owners(*conditions: sa.ColumnElement[bool]) -> sa.Select[tuple[object, ...]]:
    """The tenant's bookings that meet ``conditions``, each with its customer's columns."""
    owner = sa.and_(t.customers.c.tenant_id == b.tenant_id, t.customers.c.id == b.customer_id)
    return (
        sa.select(st.bookings, *(column.label(OWNER + column.name) for column in t.customers.c))
        .outerjoin(t.customers, owner)
        .where(b.tenant_id == TENANT, *conditions)
    )


BOOKING_WITH_OWNER = _with_owners(b.id == ID)
BOOKINGS_PAGE = page_of(st.bookings, b.service_id == sa.bindparam("service_id"))
# A page shows each booking's customer: on plain reads, in the page's own statement.
BOOKINGS_PAGE_WITH_OWNERS = (
    _with_owners(b.service_id == sa.bindparam("service_id"))
    .order_by(b.id)
    .offset(sa.bindparam("offset"))
    .limit(sa.bindparam("limit"))
)
BOOKINGS_COUNT = count_of(st.bookings, b.service_id == sa.bindparam("service_id"))
# Seeks ix_bookings_occurrence once per slot: a week reads its own bookings, not history.
BOOKINGS_ON = (
    sa.select(st.bookings)
    .where(
        b.tenant_id == TENANT,
        b.time_slot_id.in_(sa.bindparam("slots", expanding=True)),
        b.date.between(sa.bindparam("first"), sa.bindparam("last")),
    )
    .order_by(b.date, b.time_slot_id, b.id)
)
NEXT_BOOKED_START = sa.select(sa.func.min(b.starts_at)).where(
    b.tenant_id == TENANT,
    b.time_slot_id.in_(sa.bindparam("slots", expanding=True)),
    b.date >= sa.bindparam("day"),
    b.starts_at >= sa.bindparam("after"),
    holding_a_place(b.status),
)
# What a create or a move asks of its occurrence: the bookings holding a place there, and whose
# they are (the places taken, and whether the customer holds one, follow). Its parameters are
# the request's own, not the customer's id, so a create sends it ahead with its locks
# (``reads_for_create``). The occurrence index bounds the rows to the slot's capacity.
HOLDERS_AT = sa.select(b.id, b.customer_id).where(
    b.tenant_id == TENANT,
    b.time_slot_id == sa.bindparam("slot"),
    b.date == sa.bindparam("day"),
    holding_a_place(b.status),
)
# A day's availability counts every slot on the page at once: one statement, not one a slot.
PLACES_TAKEN_BY_SLOT = (
    sa.select(b.time_slot_id, sa.func.count())
    .where(
        b.tenant_id == TENANT,
        b.time_slot_id.in_(sa.bindparam("slots", expanding=True)),
        b.date == sa.bindparam("day"),
        holding_a_place(b.status),
    )
    .group_by(b.time_slot_id)
)
UPDATE_BOOKING = update_by_id(st.bookings)
DELETE_BOOKING = sa.delete(st.bookings).where(b.tenant_id == TENANT, b.id == ID)
