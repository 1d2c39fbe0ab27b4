"""Bardge people on the wire: issued passes, clients and credits, lookups, access codes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mockserver.apis.instants import timestamp
from mockserver.domain.reseller.access import Passcode
from mockserver.domain.reseller.catalogue import Programme
from mockserver.domain.reseller.model import AccessCode, Client, IssuedPass, Lookup, LookupState
from mockserver.domain.reseller.passes import PassDetails

# people and passes


def issued_pass(details: PassDetails, now: datetime) -> dict[str, Any]:
    issued: IssuedPass = details.issued
    status = (
        "expired" if issued.status.value == "active" and issued.expires_at <= now else issued.status.value
    )
    return {
        "object": "issued_pass",
        "id": issued.id,
        "user_id": issued.user_id,
        "client_id": details.client.uuid,
        "pass": {"id": details.plan.id, "name": details.plan.name},
        "status": status,
        "starts_at": timestamp(issued.starts_at),
        "expires_at": timestamp(issued.expires_at),
        "lookup_enabled": details.client.lookup_enabled,
        "created_at": timestamp(issued.created_at),
        "updated_at": timestamp(issued.updated_at),
    }


def client(c: Client) -> dict[str, Any]:
    return {
        "object": "client",
        "id": c.uuid,
        "user_id": c.user_id,
        "name": c.name,
        "email": c.email,
        "issuer_id": c.issuer_id,
        "member_number": c.member_number,
        "lookup_enabled": c.lookup_enabled,
        "created_at": timestamp(c.created_at),
    }


def credits(c: Client, programme: Programme) -> dict[str, Any]:
    return {
        "object": "credits",
        "client_id": c.uuid,
        "balance": c.credits,
        "copay_visits": c.copay_visits,
        "credit_value": programme.credit_value_minor,
        "currency": programme.currency,
    }


def lookup(found: Lookup, c: Client, attempts_allowed: int) -> dict[str, Any]:
    verified = found.status is LookupState.VERIFIED
    return {
        "object": "lookup",
        "id": found.public_id,
        "status": found.status.value,
        "issuer_id": found.issuer_id,
        "expires_at": timestamp(found.expires_at),
        "attempts_remaining": max(0, attempts_allowed - found.attempts),
        "client_id": c.uuid if verified else None,
        "client_token": found.client_token if verified else None,
        "client_token_expires_at": timestamp(found.token_expires_at)
        if verified and found.token_expires_at
        else None,
    }


def access_code(access: AccessCode, c: Client) -> dict[str, Any]:
    return {
        "object": "access_code",
        "code": access.code,
        "client_id": c.uuid,
        "provider_id": access.provider_id,
        "single_use": True,
        "expires_at": timestamp(access.expires_at),
    }


def access_session(access: AccessCode, c: Client) -> dict[str, Any]:
    assert access.used_at is not None
    return {
        "object": "access_session",
        "id": f"acs_{access.id}",
        "code": access.code,
        "client_id": c.uuid,
        "provider_id": access.provider_id,
        "status": "checked_in",
        "checked_in_at": timestamp(access.used_at),
    }


def passcode(p: Passcode) -> dict[str, Any]:
    return {
        "object": "passcode",
        "client_id": p.client.uuid,
        "provider_id": p.provider.id,
        "passcode": {
            "code": p.code,
            "valid_from": timestamp(p.valid_from),
            "valid_until": timestamp(p.valid_until),
        },
    }
