"""What the reseller programme needs from storage, beyond the core ``Ledger``.

Same contract as ``mockserver.domain.ports``: one tenant, one transaction, and
every lookup by key or index. Visits are listed newest first by id, from a cursor.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any, Protocol

from mockserver.domain.kernel.idempotency import AnswerLedger
from mockserver.domain.kernel.model import Provider
from mockserver.domain.slots.model import OccurrencePlaces

from .model import AccessCode, Client, IssuedPass, Lookup, Purchase, Visit, VisitStatus


class ResellerLedger(AnswerLedger, Protocol):
    """Also keeps idempotent answers: they commit with the change they describe."""

    def allocate_id(self, entity: str) -> int: ...

    def providers(self) -> list[Provider]:
        """Every provider of the sandbox, by id (a handful; the catalogue is small)."""
        ...

    # clients
    def client(self, client_id: int) -> Client | None: ...

    def client_by_uuid(self, client_uuid: str) -> Client | None: ...

    def client_by_user(self, reseller_id: int, user_id: str) -> Client | None: ...

    def client_by_email(self, reseller_id: int, email: str) -> Client | None: ...

    def client_by_member(self, reseller_id: int, issuer_id: int, member_number: str) -> Client | None: ...

    def insert_client(self, client: Client) -> None:
        """The programme part of a client whose core customer row already exists."""
        ...

    def update_client(self, client_id: int, changes: Mapping[str, Any]) -> None: ...

    # passes
    def issued_pass(self, reseller_id: int, user_id: str) -> IssuedPass | None: ...

    def pass_of_client(self, client_id: int) -> IssuedPass | None: ...

    def insert_issued_pass(self, issued: IssuedPass) -> None: ...

    def update_issued_pass(self, issued_id: int, changes: Mapping[str, Any]) -> None: ...

    # lookups
    def lookup(self, public_id: str) -> Lookup | None: ...

    def lookup_by_token(self, client_token: str) -> Lookup | None: ...

    def insert_lookup(self, lookup: Lookup) -> None: ...

    def update_lookup(self, lookup_id: int, changes: Mapping[str, Any]) -> None: ...

    # visits
    def visit(self, public_id: str) -> Visit | None: ...

    def visit_by_id(self, visit_id: int) -> Visit | None: ...

    def visits_of_bookings(self, booking_ids: list[int]) -> list[Visit]:
        """The visits holding those core bookings (a booking made on another API has none)."""
        ...

    def visits_of_client(
        self, client_id: int, before_id: int | None, statuses: frozenset[VisitStatus] | None, limit: int
    ) -> list[Visit]:
        """The client's visits newest first, below ``before_id`` and in ``statuses`` when given."""
        ...

    def insert_visit(self, visit: Visit) -> None: ...

    def update_visit(self, visit_id: int, changes: Mapping[str, Any]) -> None: ...

    def places_at(self, time_slot_id: int, day: date, now: datetime, customer_id: int) -> OccurrencePlaces:
        """Core bookings holding a place on that occurrence, not counting holds that ran out, and
        whether the customer holds one of them."""
        ...

    def places_taken_between(
        self, time_slot_ids: list[int], first: date, last: date, now: datetime
    ) -> dict[tuple[int, date], int]:
        """The places taken (as ``places_at`` counts them) on every occurrence of those slots from
        ``first`` to ``last``, by slot and day; an occurrence with none taken is absent."""
        ...

    # purchases and access codes
    def purchase(self, public_id: str) -> Purchase | None: ...

    def purchase_by_id(self, purchase_id: int) -> Purchase | None: ...

    def insert_purchase(self, purchase: Purchase) -> None: ...

    def update_purchase(self, purchase_id: int, changes: Mapping[str, Any]) -> None: ...

    def access_code(self, provider_id: int, code: str) -> AccessCode | None: ...

    def insert_access_code(self, access: AccessCode) -> None: ...

    def update_access_code(self, access_id: int, changes: Mapping[str, Any]) -> None: ...
