"""Rows of what every context shares (services, customers) as the domain's records, and back."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.contact import email_key
from mockserver.domain.kernel.model import Customer, PriceType, Service, ServiceKind
from mockserver.domain.kernel.ports import ServicesPage
from mockserver.storage.kernel import queries as q
from mockserver.storage.kernel.records import RecordReader
from mockserver.storage.kernel.rows import TenantRows, record_row


def customer_row(tenant_id: int, customer: Customer) -> dict[str, Any]:
    row = record_row(tenant_id, customer)
    row["email_key"] = email_key(customer.email)
    return row


service_record = RecordReader(Service, kind=ServiceKind, price_type=PriceType)
customer_record = RecordReader(Customer)
"""A customer from a row, its columns named ``prefix`` + the field's name (a joined read's)."""


class ServicePages(TenantRows):
    """A tenant's services a page at a time with their count, in one round trip where each is
    one (ReserveKit's and the lifecycle's lists, over the kernel's services)."""

    def list_services(self, offset: int, limit: int) -> tuple[list[Service], int]:
        rows, [count] = self._rows_together(*_page_of_services(ServicesPage(offset, limit)))
        return [service_record(row) for row in rows], int(count[0])


def services_page_reads(tenant_id: int, page: ServicesPage) -> list[tuple[sa.Select[Any], dict[str, Any]]]:
    """``list_services``' reads, as it asks them, for ``page`` named ahead."""
    return [(statement, {"tenant": tenant_id, **params}) for statement, params in _page_of_services(page)]


def _page_of_services(page: ServicesPage) -> list[tuple[sa.Select[Any], dict[str, Any]]]:
    return [(q.SERVICES_PAGE, {"offset": page.offset, "limit": page.limit}), (q.SERVICES_COUNT, {})]
