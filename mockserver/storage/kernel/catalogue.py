"""Rows of what every context shares (services, customers) as the domain's records, and back."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.contact import email_key
from mockserver.domain.kernel.model import Customer, PriceType, Service, ServiceKind
from mockserver.storage.kernel.rows import record_fields, record_row


def customer_row(tenant_id: int, customer: Customer) -> dict[str, Any]:
    row = record_row(tenant_id, customer)
    row["email_key"] = email_key(customer.email)
    return row


def service_record(row: sa.Row[Any]) -> Service:
    values = record_fields(Service, row)
    values["kind"] = ServiceKind(values["kind"])
    values["price_type"] = PriceType(values["price_type"])
    return Service(**values)


def customer_record(row: sa.Row[Any], prefix: str = "") -> Customer:
    """The customer in ``row``, its columns named ``prefix`` + the field's name (a joined read's)."""
    return Customer(**record_fields(Customer, row, prefix))
