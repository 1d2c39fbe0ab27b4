"""``SqlReseller``: the reseller programme's ports (``ResellerLedger``, ``AnswerLedger``) in SQL."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from functools import partial
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.contact import email_key
from mockserver.domain.kernel.idempotency import AnswerKey, StoredAnswer
from mockserver.domain.kernel.model import Provider
from mockserver.domain.reseller.model import (
    AccessCode,
    Client,
    ClientToken,
    Flow,
    IssuedPass,
    Lookup,
    LookupState,
    PassState,
    PaymentMethod,
    Purchase,
    PurchaseKind,
    PurchaseState,
    Visit,
    VisitByPublicId,
    VisitStatus,
)
from mockserver.domain.slots.model import OccurrencePlaces
from mockserver.storage.kernel import queries as kq
from mockserver.storage.kernel.records import RecordReader, optional
from mockserver.storage.kernel.rows import TenantRows, record, record_row
from mockserver.storage.kernel.stored_times import to_db_time
from mockserver.storage.reseller import queries as q
from mockserver.storage.reseller import schema as p

NO_CURSOR = 2**31 - 1  # the largest id an INTEGER column holds on every backend


class SqlReseller(TenantRows):
    def providers(self) -> list[Provider]:
        return self._kept_list("providers", None, partial(record, Provider), kq.PROVIDERS)

    # clients

    def client(self, client_id: int) -> Client | None:
        return _client(self._first(q.CLIENT, id=client_id))

    def client_by_uuid(self, client_uuid: str) -> Client | None:
        return _client(self._first(q.CLIENT_BY_UUID, uuid=client_uuid))

    def client_by_user(self, reseller_id: int, user_id: str) -> Client | None:
        return _client(self._first(q.CLIENT_BY_USER, reseller=reseller_id, user=user_id))

    def client_by_email(self, reseller_id: int, email: str) -> Client | None:
        return _client(self._first(q.CLIENT_BY_EMAIL, reseller=reseller_id, email=email_key(email)))

    def client_by_member(self, reseller_id: int, issuer_id: int, member_number: str) -> Client | None:
        return _client(
            self._first(q.CLIENT_BY_MEMBER, reseller=reseller_id, issuer=issuer_id, member=member_number)
        )

    def insert_client(self, client: Client) -> None:
        self._insert_row(p.reseller_clients, client_row(self._tenant, client))

    def update_client(self, client_id: int, changes: Mapping[str, Any]) -> None:
        self._update(q.UPDATE_CLIENT, client_id, changes)

    # passes

    def issued_pass(self, reseller_id: int, user_id: str) -> IssuedPass | None:
        return _issued(self._first(q.ISSUED_PASS, reseller=reseller_id, user=user_id))

    def pass_of_client(self, client_id: int) -> IssuedPass | None:
        return _issued(self._first(q.PASS_OF_CLIENT, client=client_id))

    def insert_issued_pass(self, issued: IssuedPass) -> None:
        self._insert(p.issued_passes, issued)

    def update_issued_pass(self, issued_id: int, changes: Mapping[str, Any]) -> None:
        self._update(q.UPDATE_ISSUED_PASS, issued_id, changes)

    # lookups

    def lookup(self, public_id: str) -> Lookup | None:
        return _lookup(self._first(q.LOOKUP, public=public_id))

    def lookup_by_token(self, client_token: str) -> Lookup | None:
        lookup = _lookup(self._first(q.LOOKUP_BY_TOKEN, token=client_token))
        if lookup is not None:
            self._name_client(lookup.client_id)
        return lookup

    def insert_lookup(self, lookup: Lookup) -> None:
        self._insert(p.lookups, lookup)

    def update_lookup(self, lookup_id: int, changes: Mapping[str, Any]) -> None:
        self._update(q.UPDATE_LOOKUP, lookup_id, changes)

    # visits

    def visit(self, public_id: str) -> Visit | None:
        visit = _visit(self._first(q.VISIT, public=public_id))
        if visit is not None:
            self._name_client(visit.client_id)
        return visit

    def _name_client(self, client_id: int) -> None:
        """A visit or a token's lookup found is followed by its client and the client's pass (a
        booking's coverage weighs it): both go with the next read where each read is a round
        trip (PostgreSQL), not one each after it."""
        self._name_ahead(q.CLIENT, id=client_id)
        self._name_ahead(q.PASS_OF_CLIENT, client=client_id)

    def visit_by_id(self, visit_id: int) -> Visit | None:
        return _visit(self._first(q.VISIT_BY_ID, id=visit_id))

    def visits_of_bookings(self, booking_ids: list[int]) -> list[Visit]:
        rows = self._rows(q.BOOKING_VISITS, bookings=booking_ids)
        return [visit for visit in map(_visit, rows) if visit is not None]

    def visits_of_client(
        self, client_id: int, before_id: int | None, statuses: frozenset[VisitStatus] | None, limit: int
    ) -> list[Visit]:
        params: dict[str, Any] = {"client": client_id, "before": before_id or NO_CURSOR, "limit": limit}
        if statuses is None:
            rows = self._rows(q.CLIENT_VISITS, **params)
        else:
            rows = self._rows(q.CLIENT_VISITS_IN, statuses=sorted(s.value for s in statuses), **params)
        return [v for v in map(_visit, rows) if v is not None]

    def insert_visit(self, visit: Visit) -> None:
        self._insert(p.visits, visit)

    def update_visit(self, visit_id: int, changes: Mapping[str, Any]) -> None:
        self._update(q.UPDATE_VISIT, visit_id, changes)

    def places_at(self, time_slot_id: int, day: date, now: datetime, customer_id: int) -> OccurrencePlaces:
        rows = self._rows(q.HOLDERS, slot=time_slot_id, day=day, now=to_db_time(now))
        return OccurrencePlaces(len(rows), any(row.customer_id == customer_id for row in rows))

    def places_taken_between(
        self, time_slot_ids: list[int], first: date, last: date, now: datetime
    ) -> dict[tuple[int, date], int]:
        if not time_slot_ids:
            return {}
        params = {"slots": time_slot_ids, "first": first, "last": last, "now": to_db_time(now)}
        return {(row[0], row[1]): int(row[2]) for row in self._rows(q.PLACES_TAKEN_BETWEEN, **params)}

    # purchases and access codes

    def purchase(self, public_id: str) -> Purchase | None:
        return _purchase(self._first(q.PURCHASE, public=public_id))

    def purchase_by_id(self, purchase_id: int) -> Purchase | None:
        return _purchase(self._first(q.PURCHASE_BY_ID, id=purchase_id))

    def insert_purchase(self, purchase: Purchase) -> None:
        self._insert(p.purchases, purchase)

    def update_purchase(self, purchase_id: int, changes: Mapping[str, Any]) -> None:
        self._update(q.UPDATE_PURCHASE, purchase_id, changes)

    def access_code(self, provider_id: int, code: str) -> AccessCode | None:
        return self._record(AccessCode, q.ACCESS_CODE, provider=provider_id, code=code)

    def insert_access_code(self, access: AccessCode) -> None:
        self._insert(p.access_codes, access)

    def update_access_code(self, access_id: int, changes: Mapping[str, Any]) -> None:
        self._update(q.UPDATE_ACCESS_CODE, access_id, changes)

    # idempotency keys

    def stored_answer(self, owner: str, key: str) -> StoredAnswer | None:
        return self._record(StoredAnswer, q.STORED_ANSWER, owner=owner, key=key)

    def store_answer(self, answer: StoredAnswer) -> None:
        self._delete(q.FORGET_ANSWER, owner=answer.owner, key=answer.key)
        self._insert_row(p.stored_answers, record_row(self._tenant, answer))


def client_row(tenant_id: int, client: Client) -> dict[str, Any]:
    row = record_row(tenant_id, client)
    for joined in ("uuid", "name", "email"):  # kept on the customer row
        del row[joined]
    return row


def _client(row: sa.Row[Any] | None) -> Client | None:
    return record(Client, row) if row else None


_issued = RecordReader(IssuedPass, status=PassState).maybe
_lookup = RecordReader(Lookup, status=LookupState).maybe
_visit = RecordReader(Visit, flow=Flow, status=VisitStatus, payment_method=optional(PaymentMethod)).maybe
_purchase = RecordReader(Purchase, kind=PurchaseKind, status=PurchaseState).maybe


def reads_ahead(
    tenant_id: int, named: AnswerKey | ClientToken | VisitByPublicId
) -> list[tuple[sa.Select[Any], dict[str, Any]]]:
    """The read that finds what a Bardge request names before its transaction, as this ledger
    asks it: a replay's stored answer, the lookup a client token names, the visit a path names."""
    tenant = {"tenant": tenant_id}
    if isinstance(named, AnswerKey):
        return [(q.STORED_ANSWER, {**tenant, "owner": named.owner, "key": named.key})]
    if isinstance(named, ClientToken):
        return [(q.LOOKUP_BY_TOKEN, {**tenant, "token": named.token})]
    return [(q.VISIT, {**tenant, "public": named.public_id})]
