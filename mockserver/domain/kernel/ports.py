"""What the domain needs from storage, stated as protocols: the kernel's part.

A ``Ledger`` is one tenant's sandbox inside one transaction: everything read
and written through it commits or rolls back together, and writers are
serialised (see ``mockserver.storage``), so a rule checked here stays true until
the write that depends on it. Every lookup is by key or by an index, never a
scan of all bookings. Each context adds its own protocol in its ``ports``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from .ids import IdMint
from .model import Customer, Location, Service


@dataclass(frozen=True)
class ServicesPage:
    """A page of the catalogue's services a handler will list (``Ledger.list_services``),
    named to the store before its transaction."""

    offset: int
    limit: int


class Ledger(Protocol):
    ids: IdMint
    """Derives the public ids (uuids, tokens) of what this sandbox creates."""

    def allocate_id(self, entity: str) -> int:
        """A fresh id for ``entity``, never reused in this sandbox, even after deletes."""
        ...

    # catalogue
    def get_service(self, service_id: int) -> Service | None: ...

    def list_services(self, offset: int, limit: int) -> tuple[list[Service], int]: ...

    def get_location(self, location_id: int) -> Location | None: ...

    # customers
    def get_customer(self, customer_id: int) -> Customer | None: ...

    def customers_by_id(self, customer_ids: set[int]) -> dict[int, Customer]: ...

    def find_customer_by_uuid(self, customer_uuid: str) -> Customer | None: ...

    def find_customer(self, *, email: str | None, phone: str | None) -> Customer | None:
        """The customer with this email (case-insensitive), else this phone."""
        ...

    def insert_customer(self, customer: Customer) -> None: ...

    def update_customer(self, customer_id: int, changes: Mapping[str, Any]) -> None: ...
