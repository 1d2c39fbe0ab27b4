"""The reseller ledger's statements, built once (see ``queries.py`` for why)."""

from __future__ import annotations

import sqlalchemy as sa

from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.queries import TENANT, by_id, holding_a_place, update_by_id
from mockserver.storage.reseller import schema as p
from mockserver.storage.slots import schema as st

rc, cu, v, b = p.reseller_clients, t.customers, p.visits, st.bookings


_CLIENTS = sa.select(rc, cu.c.uuid, cu.c.name, cu.c.email).join(
    cu, sa.and_(cu.c.tenant_id == rc.c.tenant_id, cu.c.id == rc.c.id)
)
CLIENT = _CLIENTS.where(rc.c.tenant_id == TENANT, rc.c.id == sa.bindparam("id"))
CLIENT_BY_UUID = _CLIENTS.where(rc.c.tenant_id == TENANT, cu.c.uuid == sa.bindparam("uuid"))
CLIENT_BY_USER = _CLIENTS.where(
    rc.c.tenant_id == TENANT,
    rc.c.reseller_id == sa.bindparam("reseller"),
    rc.c.user_id == sa.bindparam("user"),
)
CLIENT_BY_EMAIL = _CLIENTS.where(
    rc.c.tenant_id == TENANT,
    rc.c.reseller_id == sa.bindparam("reseller"),
    cu.c.email_key == sa.bindparam("email"),
).order_by(rc.c.id)
CLIENT_BY_MEMBER = _CLIENTS.where(
    rc.c.tenant_id == TENANT,
    rc.c.reseller_id == sa.bindparam("reseller"),
    rc.c.issuer_id == sa.bindparam("issuer"),
    rc.c.member_number == sa.bindparam("member"),
)
UPDATE_CLIENT = update_by_id(rc)

ISSUED_PASS = sa.select(p.issued_passes).where(
    p.issued_passes.c.tenant_id == TENANT,
    p.issued_passes.c.reseller_id == sa.bindparam("reseller"),
    p.issued_passes.c.user_id == sa.bindparam("user"),
)
PASS_OF_CLIENT = (
    sa.select(p.issued_passes)
    .where(p.issued_passes.c.tenant_id == TENANT, p.issued_passes.c.client_id == sa.bindparam("client"))
    .order_by(p.issued_passes.c.id.desc())
    .limit(1)
)
UPDATE_ISSUED_PASS = update_by_id(p.issued_passes)

LOOKUP = sa.select(p.lookups).where(
    p.lookups.c.tenant_id == TENANT, p.lookups.c.public_id == sa.bindparam("public")
)
LOOKUP_BY_TOKEN = sa.select(p.lookups).where(
    p.lookups.c.tenant_id == TENANT, p.lookups.c.client_token == sa.bindparam("token")
)
UPDATE_LOOKUP = update_by_id(p.lookups)

VISIT = sa.select(v).where(v.c.tenant_id == TENANT, v.c.public_id == sa.bindparam("public"))
VISIT_BY_ID = by_id(v)
BOOKING_VISITS = sa.select(v).where(
    v.c.tenant_id == TENANT, v.c.booking_id.in_(sa.bindparam("bookings", expanding=True))
)
UPDATE_VISIT = update_by_id(v)
CLIENT_VISITS = (
    sa.select(v)
    .where(v.c.tenant_id == TENANT, v.c.client_id == sa.bindparam("client"), v.c.id < sa.bindparam("before"))
    .order_by(v.c.id.desc())
    .limit(sa.bindparam("limit"))
)
CLIENT_VISITS_IN = CLIENT_VISITS.where(v.c.status.in_(sa.bindparam("statuses", expanding=True)))

# A place is held by a core booking in a place-holding status, unless it is a
# reseller's initiated booking whose hold has run out (settled lazily, see
# ``domain.reseller.session``).
_HELD = sa.and_(
    holding_a_place(b.c.status),
    sa.or_(v.c.id.is_(None), v.c.status != "initiated", v.c.hold_expires_at > sa.bindparam("now")),
)
_HOLDING = sa.and_(
    b.c.tenant_id == TENANT, b.c.time_slot_id == sa.bindparam("slot"), b.c.date == sa.bindparam("day"), _HELD
)
_BOOKINGS_AND_VISITS = b.outerjoin(v, sa.and_(v.c.tenant_id == b.c.tenant_id, v.c.booking_id == b.c.id))
# The bookings holding a place on one occurrence, with their customers: a hold counts them and
# looks for its client among them in one statement (a lookup, then a count, were two).
HOLDERS = sa.select(b.c.id, b.c.customer_id).select_from(_BOOKINGS_AND_VISITS).where(_HOLDING)
# Every occurrence of some slots over a range of days, in one grouped statement: a week of a
# class's instances, one count each, was a round trip each on PostgreSQL.
PLACES_TAKEN_BETWEEN = (
    sa.select(b.c.time_slot_id, b.c.date, sa.func.count())
    .select_from(_BOOKINGS_AND_VISITS)
    .where(
        b.c.tenant_id == TENANT,
        b.c.time_slot_id.in_(sa.bindparam("slots", expanding=True)),
        b.c.date >= sa.bindparam("first"),
        b.c.date <= sa.bindparam("last"),
        _HELD,
    )
    .group_by(b.c.time_slot_id, b.c.date)
)

PURCHASE = sa.select(p.purchases).where(
    p.purchases.c.tenant_id == TENANT, p.purchases.c.public_id == sa.bindparam("public")
)
PURCHASE_BY_ID = by_id(p.purchases)
UPDATE_PURCHASE = update_by_id(p.purchases)

ACCESS_CODE = sa.select(p.access_codes).where(
    p.access_codes.c.tenant_id == TENANT,
    p.access_codes.c.provider_id == sa.bindparam("provider"),
    p.access_codes.c.code == sa.bindparam("code"),
)
UPDATE_ACCESS_CODE = update_by_id(p.access_codes)

_ANSWER_OF = (
    p.stored_answers.c.tenant_id == TENANT,
    p.stored_answers.c.owner == sa.bindparam("owner"),
    p.stored_answers.c.key == sa.bindparam("key"),
)
STORED_ANSWER = sa.select(p.stored_answers).where(*_ANSWER_OF)
FORGET_ANSWER = sa.delete(p.stored_answers).where(*_ANSWER_OF)
