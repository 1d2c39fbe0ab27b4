"""The customer booking lifecycle's prebuilt statements (see ``storage.queries``)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from mockserver.storage.calendar import schema as ct
from mockserver.storage.calendar.queries import attendees_where
from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.queries import TENANT, by_id, update_by_id
from mockserver.storage.lifecycle import schema as lt

# the customer booking lifecycle

r, pt = ct.reservations.c, ct.participants.c

SERVICE_BY_UUID = sa.select(t.services).where(
    t.services.c.tenant_id == TENANT, t.services.c.uuid == sa.bindparam("uuid")
)
STAFF = by_id(ct.staff)
STAFF_BY_UUID = sa.select(ct.staff).where(
    ct.staff.c.tenant_id == TENANT, ct.staff.c.uuid == sa.bindparam("uuid")
)
SERVICE_TERMS = by_id(lt.service_terms)
ADD_ONS_OF = (
    sa.select(lt.add_ons)
    .where(lt.add_ons.c.tenant_id == TENANT, lt.add_ons.c.service_id == sa.bindparam("service"))
    .order_by(lt.add_ons.c.id)
)
FORM_OF = (
    sa.select(lt.form_fields)
    .where(lt.form_fields.c.tenant_id == TENANT, lt.form_fields.c.service_id == sa.bindparam("service"))
    .order_by(lt.form_fields.c.position)
)
AS_RESERVATION, AS_ORDER = "reservation_", "order_"
"""The prefixes of the reservation's and the order's columns in ``BOOKING_BY_UUID``'s rows."""
# A booking is its folio, its reservation and its order, one id: read together, not in turn.
BOOKING_BY_UUID = (
    sa.select(
        lt.folios,
        *(column.label(AS_RESERVATION + column.name) for column in ct.reservations.c),
        *(column.label(AS_ORDER + column.name) for column in lt.orders.c),
    )
    .outerjoin(ct.reservations, sa.and_(r.tenant_id == lt.folios.c.tenant_id, r.id == lt.folios.c.id))
    .outerjoin(
        lt.orders, sa.and_(lt.orders.c.tenant_id == lt.folios.c.tenant_id, lt.orders.c.id == lt.folios.c.id)
    )
    .where(lt.folios.c.tenant_id == TENANT, lt.folios.c.uuid == sa.bindparam("uuid"))
)
FOLIO_BY_NUMBER = sa.select(lt.folios).where(
    lt.folios.c.tenant_id == TENANT, lt.folios.c.number == sa.bindparam("number")
)
FOLIOS_BY_ID = sa.select(lt.folios).where(
    lt.folios.c.tenant_id == TENANT, lt.folios.c.id.in_(sa.bindparam("ids", expanding=True))
)
UPDATE_FOLIO = update_by_id(lt.folios)
SERIES_MEMBERS = (
    sa.select(ct.reservations)
    .where(r.tenant_id == TENANT, r.series_id == sa.bindparam("series"))
    .order_by(r.starts_at, r.id)
)
PARTICIPANTS_OF = (
    sa.select(ct.participants)
    .where(pt.tenant_id == TENANT, pt.reservation_id == sa.bindparam("reservation"))
    .order_by(pt.id)
)
UPDATE_PARTICIPANT = update_by_id(ct.participants)
ORDER = by_id(lt.orders)
UPDATE_ORDER = update_by_id(lt.orders)


def entries_where(order: sa.ColumnElement[bool]) -> sa.Select[Any]:
    """``ENTRIES_OF`` the order ``order`` picks (the same columns, whatever the key)."""
    return (
        sa.select(lt.order_entries)
        .where(lt.order_entries.c.tenant_id == TENANT, order)
        .order_by(lt.order_entries.c.id)
    )


ENTRIES_OF = entries_where(lt.order_entries.c.order_id == sa.bindparam("order"))
# A booking's places and its order's lines found by its uuid, as its read finds it: a folio's id
# is its reservation's and its order's. Read with the booking where a request names it, they
# answer ``ATTENDEES`` and ``ENTRIES_OF`` once its row has given its ids.
_FOLIO_ID = (
    sa.select(lt.folios.c.id)
    .where(lt.folios.c.tenant_id == TENANT, lt.folios.c.uuid == sa.bindparam("uuid"))
    .scalar_subquery()
)
ATTENDEES_BY_UUID = attendees_where(pt.reservation_id == _FOLIO_ID)
ENTRIES_BY_UUID = entries_where(lt.order_entries.c.order_id == _FOLIO_ID)
