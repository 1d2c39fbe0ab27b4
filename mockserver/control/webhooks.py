"""Webhook endpoints and their deliveries (ReserveKit booking events).

Events and payloads are the vendor's own (its webhooks guide): ``bookings.create``,
``bookings.update`` (a cancel is an update) and ``bookings.delete``, each POSTed as
``{"event_type", "bookings": [the booking as the API shows it], "timestamp"}``. The sandbox
adds only headers (which event, its id, the delivery, the signature).

An event is stored once per subscribed endpoint as a pending delivery, due at
once on the sandbox clock; ``dispatcher.Dispatcher`` sends what is due. A failed
attempt is retried after 1, 2, 4, 8, 16 and 32 seconds of sandbox time, then
given up. Every attempt is journaled by the sender.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.clock import system_now
from mockserver.domain.kernel.errors import NotFound
from mockserver.domain.kernel.ids import IdMint
from mockserver.storage.control import schema as c
from mockserver.storage.database.engine import writing
from mockserver.storage.database.generation import WEBHOOKS, Generation, PerSandbox
from mockserver.storage.database.plain_reads import AloneReads
from mockserver.storage.kernel.stored_times import from_db_time, to_db_time
from mockserver.storage.tenancy.sandbox_rows import sandbox_now

from .outbound import OutboundPolicy

EVENTS = ("bookings.create", "bookings.update", "bookings.delete")
# Endpoints registered before the sandbox used the vendor's names keep receiving their events.
_FORMER_NAMES = {
    "booking.created": "bookings.create",
    "booking.updated": "bookings.update",
    "booking.cancelled": "bookings.update",
    "booking.deleted": "bookings.delete",
}
SEEN_MOST = 10_000
"""Sandboxes whose endpoints one process keeps for publish's pre-check."""
RETRY_DELAYS = tuple(timedelta(seconds=2**n) for n in range(6))


def wants(events: Sequence[str], event: str) -> bool:
    """Whether an endpoint subscribed to ``events`` receives ``event``."""
    return any(_FORMER_NAMES.get(name, name) == event for name in events)


def payload(event: str, data: Mapping[str, Any], at: datetime) -> str:
    """The vendor's envelope: the event's type, what it carries, and when, to the second."""
    stamp = at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return json.dumps({"event_type": event, **data, "timestamp": stamp}, separators=(",", ":"))


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """``t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>." + body>``, as receivers verify it."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


# Read after every ReserveKit change (most sandboxes have none): built once, not per call.
ENDPOINTS = (
    sa.select(c.webhooks).where(c.webhooks.c.sandbox_hash == sa.bindparam("digest")).order_by(c.webhooks.c.id)
)


class WebhookBook:
    def __init__(
        self,
        engine: sa.Engine,
        reads: AloneReads,
        policy: OutboundPolicy,
        now: Callable[[], datetime] = system_now,
        hooked: Callable[[str], bool | None] = lambda digest: None,
    ) -> None:
        self._engine = engine
        self._policy = policy
        self._now = now
        # Whether the request's first read found endpoints (``FirstReads.hooked``; PostgreSQL).
        self._hooked = hooked
        # What publish's pre-check read, per sandbox, while no endpoint has come or gone since.
        self._generation = Generation.beside(engine, WEBHOOKS)
        self._seen: PerSandbox[list[dict[str, Any]]] = PerSandbox(self._generation, SEEN_MOST)
        # One round trip on PostgreSQL, where publish's pre-check reads them after every change.
        self._reads = reads

    # endpoints

    def add(self, digest: str, url: str, events: Sequence[str], description: str | None) -> dict[str, Any]:
        self._policy.check_url(url)
        with writing(self._engine, digest) as connection:
            created = sandbox_now(connection, digest, self._now)
            number = _next_id(connection, c.webhooks)
            inserted = connection.execute(
                sa.insert(c.webhooks).values(
                    sandbox_hash=digest,
                    url=url,
                    events=sorted(set(events), key=EVENTS.index),
                    description=description,
                    secret=f"whsec_{IdMint(digest).hex('webhook_secret', number, 24)}",
                    created_at=to_db_time(created),
                )
            ).inserted_primary_key
            assert inserted is not None
        self._generation.bump()  # after the commit: see generation.py
        return self.get(digest, int(inserted[0]))

    def endpoints(self, digest: str) -> list[dict[str, Any]]:
        return [_endpoint(row) for row in self._reads.all(ENDPOINTS, {"digest": digest})]

    def get(self, digest: str, webhook_id: int) -> dict[str, Any]:
        w = c.webhooks.c
        with self._engine.connect() as connection:
            row = connection.execute(
                sa.select(c.webhooks).where(w.sandbox_hash == digest, w.id == webhook_id)
            ).first()
        if row is None:
            raise NotFound("webhook", webhook_id)
        return _endpoint(row)

    def remove(self, digest: str, webhook_id: int) -> None:
        w, d = c.webhooks.c, c.deliveries.c
        with writing(self._engine, digest) as connection:
            removed = connection.execute(
                sa.delete(c.webhooks).where(w.sandbox_hash == digest, w.id == webhook_id)
            )
            if removed.rowcount == 0:
                raise NotFound("webhook", webhook_id)
            connection.execute(
                sa.delete(c.deliveries).where(d.webhook_id == webhook_id, d.state == "pending")
            )
        self._generation.bump()

    def clear(self, digest: str) -> None:
        """Every endpoint of the sandbox, and every delivery to them, sent or not."""
        with writing(self._engine, digest) as connection:
            connection.execute(sa.delete(c.deliveries).where(c.deliveries.c.sandbox_hash == digest))
            connection.execute(sa.delete(c.webhooks).where(c.webhooks.c.sandbox_hash == digest))
        self._generation.bump()

    # events and deliveries

    def publish(self, digest: str, event: str, data: Mapping[str, Any]) -> int:
        """Queues ``event`` for every endpoint of the sandbox that wants it; how many were queued."""
        # Most sandboxes have no endpoints: find out without taking the write lock.
        if not any(wants(endpoint["events"], event) for endpoint in self._known_endpoints(digest)):
            return 0
        with writing(self._engine, digest) as connection:
            # Read again inside the write transaction: an endpoint may have come or gone since.
            wanting = [
                row
                for row in connection.execute(ENDPOINTS, {"digest": digest}).all()
                if wants(row.events, event)
            ]
            if not wanting:  # gone since: an insert of no rows was one of defaults, and a 500
                return 0
            now = sandbox_now(connection, digest, self._now)
            event_id = f"evt_{IdMint(digest).hex('event', _next_id(connection, c.deliveries))}"
            body = payload(event, data, now)
            connection.execute(
                sa.insert(c.deliveries),
                [
                    {
                        "sandbox_hash": digest,
                        "webhook_id": row.id,
                        "event": event,
                        "event_id": event_id,
                        "payload": body,
                        "attempts": 0,
                        "state": "pending",
                        "next_attempt_at": to_db_time(now),
                    }
                    for row in wanting
                ],
            )
            return len(wanting)

    def _known_endpoints(self, digest: str) -> list[dict[str, Any]]:
        """The sandbox's endpoints as this process last read them, unless the counter moved
        since; where there is no counter (PostgreSQL) read anew, unless the request's first
        read found none."""
        kept = self._seen.get(digest)
        if kept is not None:
            return kept
        if self._hooked(digest) is False:
            return []
        stamp = self._generation.current()
        endpoints = self.endpoints(digest)
        self._seen.keep(digest, stamp, endpoints)
        return endpoints

    def test_delivery(self, digest: str, webhook_id: int) -> sa.Row[Any]:
        """Stores a ``ping`` delivery for the endpoint, not retried; the row (the caller sends it)."""
        w = c.webhooks.c
        endpoint = sa.select(w.id).where(w.sandbox_hash == digest, w.id == webhook_id)
        with writing(self._engine, digest) as connection:
            # Looked for with the lock: one removed since a look before it was given a delivery.
            if connection.execute(endpoint).first() is None:
                raise NotFound("webhook", webhook_id)
            now = sandbox_now(connection, digest, self._now)
            event_id = f"evt_{IdMint(digest).hex('event', _next_id(connection, c.deliveries))}"
            # The sandbox's own event, in the vendor's envelope so a receiver written for it copes.
            body = payload("ping", {"bookings": []}, now)
            stored = connection.execute(
                sa.insert(c.deliveries)
                .values(
                    sandbox_hash=digest,
                    webhook_id=webhook_id,
                    event="ping",
                    event_id=event_id,
                    payload=body,
                    attempts=0,
                    state="sending",
                    next_attempt_at=None,
                )
                .returning(*c.deliveries.c)
            )
            return stored.one()

    def deliveries(self, digest: str, webhook_id: int) -> list[dict[str, Any]]:
        self.get(digest, webhook_id)
        d = c.deliveries.c
        with self._engine.connect() as connection:
            rows = connection.execute(
                sa.select(c.deliveries)
                .where(d.sandbox_hash == digest, d.webhook_id == webhook_id)
                .order_by(d.id.desc())
            ).all()
        return [delivery_json(row) for row in rows]

    def delivery(self, webhook_id: int, delivery_id: int) -> dict[str, Any]:
        """A delivery as it stands; ``NotFound`` where its endpoint's sandbox was forgotten since."""
        with self._engine.connect() as connection:
            row = connection.execute(sa.select(c.deliveries).where(c.deliveries.c.id == delivery_id)).first()
        if row is None:
            raise NotFound("webhook", webhook_id)
        return delivery_json(row)


def delivery_json(row: sa.Row[Any]) -> dict[str, Any]:
    return {
        "id": row.id,
        "webhook_id": row.webhook_id,
        "event": row.event,
        "event_id": row.event_id,
        "attempts": row.attempts,
        # A test ping in flight is stored as "sending"; on the wire it is pending, as the spec
        # says (listed during a slow endpoint's answer, it was a 500 from the answer's check).
        "state": "pending" if row.state == "sending" else row.state,
        "next_attempt_at": from_db_time(row.next_attempt_at).isoformat() if row.next_attempt_at else None,
        "last_status": row.last_status,
        "last_error": row.last_error,
    }


def _endpoint(row: sa.Row[Any]) -> dict[str, Any]:
    body: dict[str, Any] = {"id": row.id, "url": row.url, "events": list(row.events)}
    if row.description is not None:
        body["description"] = row.description
    body["secret"] = row.secret
    body["created_at"] = from_db_time(row.created_at).isoformat()
    return body


def _next_id(connection: sa.Connection, table: sa.Table) -> int:
    """The id the table's next row will likely get: a sequence for ids derived inside a write
    transaction, so the same requests mint the same secrets and event ids (see ``domain.ids``)."""
    return int(connection.execute(sa.select(sa.func.max(table.c.id))).scalar() or 0) + 1
