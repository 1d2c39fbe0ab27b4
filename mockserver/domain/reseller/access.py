"""Access codes: a client's way in at a provider, for clients whose pass includes it.

A dynamic access code is six digits, single use, and lasts ``CODE_LIFETIME``;
the provider confirms it once at the door, which opens a visit session. A
passcode is the static alternative for a provider's day: derived, not stored,
so asking again the same day gives the same passcode.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta

from mockserver.domain.kernel.errors import AccessDenied, Expired, NotFound
from mockserver.domain.kernel.model import Provider

from .model import AccessCode, Client
from .session import ResellerSession

CODE_LIFETIME = timedelta(minutes=5)


@dataclass(frozen=True)
class Passcode:
    client: Client
    provider: Provider
    code: str
    valid_from: datetime
    valid_until: datetime


class AccessDesk:
    def __init__(self, session: ResellerSession) -> None:
        self._s = session

    def generate(self, client: Client, provider_id: int) -> AccessCode:
        provider = self._admitted(client, provider_id)
        now = self._s.now()
        access_id = self._s.ledger.allocate_id("access_code")
        attempt = 0
        code = self._s.core.ids.digits("access_code", access_id)
        while self._s.ledger.access_code(provider.id, code) is not None:
            attempt += 1
            code = self._s.core.ids.digits(f"access_code.{attempt}", access_id)
        access = AccessCode(
            id=access_id,
            reseller_id=self._s.reseller.id,
            client_id=client.id,
            provider_id=provider.id,
            code=code,
            expires_at=now + CODE_LIFETIME,
            used_at=None,
            created_at=now,
        )
        self._s.ledger.insert_access_code(access)
        return access

    def confirm(self, provider_id: int, code: str) -> tuple[AccessCode, Client]:
        self._s.provider(provider_id)
        access = self._s.ledger.access_code(provider_id, code)
        if access is None or access.reseller_id != self._s.reseller.id:
            raise NotFound("access code", code)
        if access.used_at is not None:
            raise AccessDenied("the access code was already used; access codes are single use")
        now = self._s.now()
        if access.expires_at <= now:
            raise Expired("the access code has expired; generate a new one")
        self._s.ledger.update_access_code(access.id, {"used_at": now})
        client = self._s.ledger.client(access.client_id)
        assert client is not None, "clients are never deleted"
        return replace(access, used_at=now), client

    def passcode(self, client: Client, provider_id: int) -> Passcode:
        provider = self._admitted(client, provider_id)
        day = self._s.now().astimezone(UTC).date()
        digest = hashlib.sha256(f"{client.uuid}:{provider.id}:{day.isoformat()}".encode()).hexdigest()
        valid_from = datetime.combine(day, time(0), UTC)
        return Passcode(
            client, provider, f"{int(digest, 16) % 1_000_000:06d}", valid_from, valid_from + timedelta(days=1)
        )

    def _admitted(self, client: Client, provider_id: int) -> Provider:
        provider = self._s.provider(provider_id)
        issued = self._s.ledger.pass_of_client(client.id)
        plan = self._s.programme.plan(issued.pass_id) if issued and issued.valid_at(self._s.now()) else None
        if plan is None or provider.id not in plan.provider_ids:
            raise AccessDenied("the client holds no valid pass that includes this provider")
        return provider
