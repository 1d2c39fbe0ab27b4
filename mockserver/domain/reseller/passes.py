"""Passes: a reseller issues one of its plans to a user, changes it, and moves its expiry.

A user is the reseller's own reference (``user_id``). Issuing a pass to a user
the programme does not know yet registers them as a client; each user holds one
pass at a time, which later calls update rather than reissue.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from mockserver.domain.kernel.clock import next_revision_time
from mockserver.domain.kernel.errors import Conflict, FieldProblem, InvalidInput, NotFound
from mockserver.domain.kernel.model import Customer
from mockserver.domain.reseller.catalogue import PassPlan
from mockserver.domain.reseller.model import Client, IssuedPass, PassState

from .session import ResellerSession


@dataclass(frozen=True)
class NewPass:
    pass_id: int
    user_id: str
    email: str | None
    name: str | None
    starts_at: datetime | None
    expires_at: datetime | None


@dataclass(frozen=True)
class PassDetails:
    issued: IssuedPass
    plan: PassPlan
    client: Client


class PassDesk:
    def __init__(self, session: ResellerSession) -> None:
        self._s = session

    def plans(self) -> tuple[PassPlan, ...]:
        return self._s.programme.plans_of(self._s.reseller.id)

    def plan(self, pass_id: int) -> PassPlan:
        plan = self._s.programme.plan(pass_id)
        if plan is None or plan.reseller_id != self._s.reseller.id:
            raise NotFound("pass", pass_id)
        return plan

    def details(self, user_id: str) -> PassDetails:
        issued = self._issued(user_id)
        client = self._s.ledger.client(issued.client_id)
        assert client is not None, "clients are never deleted"
        return PassDetails(issued, self.plan(issued.pass_id), client)

    def issue(self, request: NewPass) -> PassDetails:
        plan = self.plan(request.pass_id)
        if self._s.ledger.issued_pass(self._s.reseller.id, request.user_id) is not None:
            raise Conflict(
                "the user already holds a pass; update it instead",
                problems=(FieldProblem("user_id", "already holds a pass"),),
            )
        now = self._s.now()
        starts_at = request.starts_at or now
        expires_at = request.expires_at or starts_at + timedelta(days=plan.duration_days)
        _check_period(starts_at, expires_at)
        client = self._client_for(request, now)
        issued = IssuedPass(
            id=self._s.ledger.allocate_id("issued_pass"),
            reseller_id=self._s.reseller.id,
            client_id=client.id,
            user_id=request.user_id,
            pass_id=plan.id,
            status=PassState.ACTIVE,
            starts_at=starts_at,
            expires_at=expires_at,
            created_at=now,
            updated_at=now,
        )
        self._s.ledger.insert_issued_pass(issued)
        return PassDetails(issued, plan, client)

    def update(self, user_id: str, pass_id: int | None, status: PassState | None) -> PassDetails:
        details = self.details(user_id)
        changes: dict[str, Any] = {}
        if pass_id is not None and pass_id != details.issued.pass_id:
            changes["pass_id"] = self.plan(pass_id).id
        if status is not None and status is not details.issued.status:
            if details.issued.status is PassState.CANCELLED:
                raise Conflict(
                    "a cancelled pass cannot be reactivated; issue a new one",
                    problems=(FieldProblem("status", "the pass is cancelled"),),
                )
            changes["status"] = status
        return self._apply(details, changes)

    def update_expiry(self, user_id: str, expires_at: datetime) -> PassDetails:
        details = self.details(user_id)
        _check_period(details.issued.starts_at, expires_at)
        return self._apply(details, {"expires_at": expires_at})

    def set_lookup_enabled(self, user_id: str, enabled: bool) -> PassDetails:
        details = self.details(user_id)
        if details.client.lookup_enabled is not enabled:
            self._s.ledger.update_client(details.client.id, {"lookup_enabled": enabled})
        return replace(details, client=replace(details.client, lookup_enabled=enabled))

    def _apply(self, details: PassDetails, changes: dict[str, Any]) -> PassDetails:
        if not changes:
            return details
        changes["updated_at"] = next_revision_time(self._s.clock, details.issued.updated_at)
        self._s.ledger.update_issued_pass(details.issued.id, changes)
        issued = replace(details.issued, **changes)
        return PassDetails(issued, self.plan(issued.pass_id), details.client)

    def _issued(self, user_id: str) -> IssuedPass:
        issued = self._s.ledger.issued_pass(self._s.reseller.id, user_id)
        if issued is None:
            raise NotFound("pass", user_id)
        return issued

    def _client_for(self, request: NewPass, now: datetime) -> Client:
        """The reseller's client for this user: known by user id, else by email, else new."""
        ledger = self._s.ledger
        client = ledger.client_by_user(self._s.reseller.id, request.user_id)
        if client is None and request.email:
            client = ledger.client_by_email(self._s.reseller.id, request.email)
            if client is not None and client.user_id is None:
                ledger.update_client(client.id, {"user_id": request.user_id})
                client = replace(client, user_id=request.user_id)
        if client is not None:
            return client
        customer_id = self._s.core.allocate_id("customer")
        customer = Customer(
            id=customer_id,
            uuid=self._s.core.ids.uuid("customer", customer_id),
            name=request.name,
            email=request.email,
            phone=None,
            created_at=now,
            updated_at=now,
        )
        self._s.core.insert_customer(customer)
        client = Client(
            id=customer.id,
            uuid=customer.uuid,
            reseller_id=self._s.reseller.id,
            user_id=request.user_id,
            issuer_id=None,
            member_number=None,
            name=customer.name,
            email=customer.email,
            credits=0,
            copay_visits=0,
            lookup_enabled=True,
            created_at=now,
        )
        ledger.insert_client(client)
        return client


def _check_period(starts_at: datetime, expires_at: datetime) -> None:
    if expires_at <= starts_at:
        raise InvalidInput(
            "expires_at must be after the pass starts",
            problems=(FieldProblem("expires_at", f"must be after {starts_at.isoformat()}"),),
        )
