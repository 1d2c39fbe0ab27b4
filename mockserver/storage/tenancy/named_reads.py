"""What a handler names to the store before its transaction, and the reads each stands for.

A handler knows some of what it will read from its request alone: the create it makes, the
customer its token names, the booking its path names, a replay's key, a client token.
``SandboxStore.open(ahead=...)`` takes them; on PostgreSQL their reads go with a write's locks
(``database/write_behind.py``) or a read's first statement (``database/read_ahead.py``). Each
context's storage module says its reads as its ledger asks them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any

import sqlalchemy as sa

from mockserver.domain.calendar.requests import MerchantBooking
from mockserver.domain.calendar.roster import CustomerRef
from mockserver.domain.kernel.idempotency import AnswerKey
from mockserver.domain.kernel.ports import ServicesPage
from mockserver.domain.lifecycle.folios import BookingByUuid
from mockserver.domain.reseller.model import ClientToken, VisitByPublicId
from mockserver.domain.slots.bookings import BookingById, NewBooking
from mockserver.storage.calendar import ledger as calendar
from mockserver.storage.kernel.catalogue import services_page_reads
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
    | ServicesPage
)
"""What a handler names to the store before its transaction (``SandboxStore.open``): the
create it makes, the customer its token names, the booking its path names (by uuid in the
lifecycle API, by id in ReserveKit's, by public id in Bardge's), a replay's key, a client token,
the page of services it lists."""


Reads = list[tuple[sa.Select[Any], dict[str, Any]]]

_READS: Mapping[type, Callable[[int, Any], Reads]] = MappingProxyType(
    {
        NewBooking: slots.reads_for_create,
        MerchantBooking: calendar.reads_for_create,
        CustomerRef: calendar.customer_reads,
        BookingByUuid: lifecycle.booking_reads,
        BookingById: slots.booking_reads,
        ServicesPage: services_page_reads,
        AnswerKey: reseller.reads_ahead,
        ClientToken: reseller.reads_ahead,
        VisitByPublicId: reseller.reads_ahead,
    }
)
"""Each name's reads, said by its context's storage module."""


def reads_named(tenant_id: int, named: Ahead) -> Reads:
    """The reads ``named`` stands for, as its context's ledger asks them (same statement, same
    parameters: a read ahead is handed only to the statement that matches it)."""
    return _READS[type(named)](tenant_id, named)
