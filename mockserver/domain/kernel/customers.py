"""Customers: matched by email (then phone), registered on first booking."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .clock import Clock, next_revision_time
from .contact import check_email, check_phone, email_key
from .errors import Conflict, FieldProblem, NotFound
from .model import Customer
from .ports import Ledger


@dataclass(frozen=True)
class ContactDetails:
    """What a caller says about a customer; ``None`` means "not given"."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None

    def given(self) -> dict[str, str]:
        """The details the caller actually sent."""
        details = {"name": self.name, "email": self.email, "phone": self.phone}
        return {name: value for name, value in details.items() if value is not None}

    def checked(self) -> ContactDetails:
        if self.email is not None:
            check_email(self.email, "email")
        if self.phone is not None:
            check_phone(self.phone, "phone")
        return self


class CustomerBook:
    """A tenant's customers, for one transaction.

    Customers it has read, registered or changed are kept in hand: a booking just made for
    a customer is answered with that customer without reading them again. Customers change
    only through this book, and the book lives no longer than its transaction.
    """

    def __init__(self, ledger: Ledger, clock: Clock) -> None:
        self._ledger = ledger
        self._clock = clock
        self._in_hand: dict[int, Customer] = {}

    def get(self, customer_id: int) -> Customer:
        customer = self._in_hand.get(customer_id) or self._ledger.get_customer(customer_id)
        if customer is None:
            raise NotFound("customer", customer_id)
        return self._hold(customer)

    def by_uuid(self, customer_uuid: str) -> Customer:
        customer = self._ledger.find_customer_by_uuid(customer_uuid)
        if customer is None:
            raise NotFound("customer", customer_uuid)
        return self._hold(customer)

    def find_or_register(self, contact: ContactDetails) -> Customer:
        """The known customer with this email (or, given no email, this phone), else a new one.

        An email names one person: two people who share a phone (a family, a front desk) but
        give different emails are two customers. Only a request with no email at all is
        matched by phone. A known customer keeps their record; details they lacked are
        filled in from this request, but nothing they already have is overwritten.
        """
        contact = contact.checked()
        if contact.email is not None:
            known = self._ledger.find_customer(email=contact.email, phone=None)
        else:
            known = self._ledger.find_customer(email=None, phone=contact.phone)
        if known is None:
            now = self._clock.now()
            customer_id = self._ledger.allocate_id("customer")
            customer = Customer(
                id=customer_id,
                uuid=self._ledger.ids.uuid("customer", customer_id),
                name=contact.name,
                email=contact.email,
                phone=contact.phone,
                created_at=now,
                updated_at=now,
            )
            self._ledger.insert_customer(customer)
            return self._hold(customer)
        blanks = {
            name: value
            for name, value in (
                ("name", contact.name),
                ("email", contact.email),
                ("phone", contact.phone),
            )
            if value is not None and getattr(known, name) is None
        }
        return self._apply(known, blanks)

    def update(self, customer_id: int, contact: ContactDetails) -> Customer:
        customer = self.get(customer_id)
        contact = contact.checked()
        if contact.email is not None and email_key(contact.email) != email_key(customer.email):
            owner = self._ledger.find_customer(email=contact.email, phone=None)
            if owner is not None and owner.id != customer_id:
                raise Conflict(
                    "email already belongs to another customer",
                    problems=(FieldProblem("email", "used by another customer"),),
                )
        changes = {
            name: value
            for name, value in (
                ("name", contact.name),
                ("email", contact.email),
                ("phone", contact.phone),
            )
            if value is not None and value != getattr(customer, name)
        }
        return self._apply(customer, changes)

    def _apply(self, customer: Customer, changes: dict[str, Any]) -> Customer:
        if changes:
            changes["updated_at"] = next_revision_time(self._clock, customer.updated_at)
            self._ledger.update_customer(customer.id, changes)
            customer = replace(customer, **changes)
        return self._hold(customer)

    def _hold(self, customer: Customer) -> Customer:
        self._in_hand[customer.id] = customer
        return customer
