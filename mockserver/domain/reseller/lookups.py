"""Lookups: find a client through an issuer, verify them with a code, and hand out a client token.

The sandbox sends no messages: every lookup's code is ``SANDBOX_CODE``. A lookup
allows ``MAX_ATTEMPTS`` wrong codes and lasts ``LOOKUP_LIFETIME``; the client
token a verified lookup yields is what booking calls name the client with, for
``TOKEN_LIFETIME``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import timedelta

from mockserver.domain.kernel.errors import (
    AccessDenied,
    DomainError,
    Expired,
    FieldProblem,
    InvalidInput,
    NotFound,
    VerificationFailed,
)
from mockserver.domain.reseller.catalogue import Issuer
from mockserver.domain.reseller.model import Client, Lookup, LookupState

from .session import ResellerSession

SANDBOX_CODE = "424242"
MAX_ATTEMPTS = 5
LOOKUP_LIFETIME = timedelta(minutes=10)
TOKEN_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class Verification:
    lookup: Lookup
    client: Client
    refusal: DomainError | None
    """Raised by the caller after committing, so that a wrong code still counts as an attempt."""


class LookupDesk:
    def __init__(self, session: ResellerSession) -> None:
        self._s = session

    def issuers(self) -> tuple[Issuer, ...]:
        return self._s.programme.issuers

    def initiate(self, issuer_id: int, identifier: str) -> tuple[Lookup, Client]:
        issuer = self._s.programme.issuer(issuer_id)
        if issuer is None:
            raise NotFound("issuer", issuer_id)
        client = self._find(issuer, identifier.strip())
        if not client.lookup_enabled:
            raise AccessDenied("lookup is disabled for this client")
        now = self._s.now()
        lookup_id = self._s.ledger.allocate_id("lookup")
        lookup = Lookup(
            id=lookup_id,
            public_id=f"lkp_{self._s.core.ids.hex('lookup', lookup_id)}",
            reseller_id=self._s.reseller.id,
            issuer_id=issuer.id,
            client_id=client.id,
            status=LookupState.PENDING,
            attempts=0,
            expires_at=now + LOOKUP_LIFETIME,
            client_token=None,
            token_expires_at=None,
            created_at=now,
        )
        self._s.ledger.insert_lookup(lookup)
        return lookup, client

    def verify(self, lookup_id: str, code: str) -> Verification:
        lookup = self._s.ledger.lookup(lookup_id)
        if lookup is None or lookup.reseller_id != self._s.reseller.id:
            raise NotFound("lookup", lookup_id)
        client = self._s.ledger.client(lookup.client_id)
        assert client is not None, "clients are never deleted"
        if lookup.status is LookupState.VERIFIED:
            return Verification(lookup, client, None)
        if lookup.status is LookupState.FAILED:
            raise AccessDenied("the lookup failed after too many wrong codes; initiate a new one")
        now = self._s.now()
        if lookup.expires_at <= now:
            raise Expired("the lookup has expired; initiate a new one")
        if not secrets.compare_digest(code, SANDBOX_CODE):
            attempts = lookup.attempts + 1
            status = LookupState.FAILED if attempts >= MAX_ATTEMPTS else LookupState.PENDING
            self._s.ledger.update_lookup(lookup.id, {"attempts": attempts, "status": status})
            left = MAX_ATTEMPTS - attempts
            refusal = VerificationFailed(
                f"wrong verification code; {left} attempt(s) left",
                problems=(FieldProblem("code", "does not match"),),
            )
            return Verification(replace(lookup, attempts=attempts, status=status), client, refusal)
        verified = replace(
            lookup,
            status=LookupState.VERIFIED,
            client_token=f"ctok_{self._s.core.ids.hex('client_token', lookup.id, 16)}",
            token_expires_at=now + TOKEN_LIFETIME,
        )
        changes = {name: getattr(verified, name) for name in ("status", "client_token", "token_expires_at")}
        self._s.ledger.update_lookup(lookup.id, changes)
        return Verification(verified, client, None)

    def client_for_token(self, client_token: str) -> Client:
        """The client a verified lookup's token names, if it is this reseller's and still valid."""
        lookup = self._s.ledger.lookup_by_token(client_token)
        if lookup is None or lookup.reseller_id != self._s.reseller.id:
            raise AccessDenied(
                "client_token is not valid", problems=(FieldProblem("client_token", "unknown token"),)
            )
        if lookup.token_expires_at is None or lookup.token_expires_at <= self._s.now():
            raise AccessDenied(
                "client_token has expired; verify a new lookup",
                problems=(FieldProblem("client_token", "expired"),),
            )
        client = self._s.ledger.client(lookup.client_id)
        assert client is not None, "clients are never deleted"
        return client

    def _find(self, issuer: Issuer, identifier: str) -> Client:
        if not identifier:
            raise InvalidInput("identifier is empty", problems=(FieldProblem("identifier", "required"),))
        if issuer.identifier == "email":
            client = self._s.ledger.client_by_email(self._s.reseller.id, identifier)
        else:
            client = self._s.ledger.client_by_member(self._s.reseller.id, issuer.id, identifier)
        if client is None:
            raise NotFound("client", identifier)
        return client
