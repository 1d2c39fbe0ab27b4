"""What a handler names to the store before its transaction, and the reads each stands for.

A handler knows some of what it will read from its request alone: the create it makes, the
customer its token names, the booking its path names, a replay's key, a client token.
``SandboxStore.open(ahead=...)`` takes them; on PostgreSQL their reads go with a write's locks
(``database/write_behind.py``) or a read's first statement (``database/read_ahead.py``). Each
context's storage module says its reads as its ledger asks them.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from mockserver.domain.calendar.requests import MerchantBooking
from mockserver.domain.calendar.roster import CustomerRef
from mockserver.domain.kernel.idempotency import AnswerKey
from mockserver.domain.lifecycle.folios import BookingByUuid
from mockserver.domain.reseller.model import ClientToken, VisitByPublicId
from mockserver.domain.slots.bookings import BookingById, NewBooking
from mockserver.storage.calendar import ledger as calendar
from mockserver.storage.lifecycle import ledger as lifecycle
from mockserver.storage.reseller import ledger as reseller
from mockserver.storage.slots import ledger as slots

Ahead = (
    NewBooking
    | MerchantBooking
    | CustomerRef
    | BookingByUuid
    | BookingById
    | AnswerKey
    | ClientToken
    | VisitByPublicId
)
"""What a handler names to the store before its transaction (``SandboxStore.open``): the
create it makes, the customer its token names, the booking its path names (by uuid in the
lifecycle API, by id in ReserveKit's, by public id in Bardge's), a replay's key, a client token."""


def reads_named(tenant_id: int, named: Ahead) -> list[tuple[sa.Select[Any], dict[str, Any]]]:
    """The reads ``named`` stands for, as its context's ledger asks them (same statement, same
    parameters: a read ahead is handed only to the statement that matches it)."""
    if isinstance(named, NewBooking):
        return slots.reads_for_create(tenant_id, named)
    if isinstance(named, MerchantBooking):
        return calendar.reads_for_create(tenant_id, named)
    if isinstance(named, BookingByUuid):
        return lifecycle.booking_reads(tenant_id, named)
    if isinstance(named, BookingById):
        return slots.booking_reads(tenant_id, named)
    if isinstance(named, AnswerKey | ClientToken | VisitByPublicId):
        return reseller.reads_ahead(tenant_id, named)
    return calendar.customer_reads(tenant_id, named)
