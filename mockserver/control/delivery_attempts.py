"""One attempt of a webhook delivery: sent (``sender.post``), journaled as a ``webhook``
exchange, and settled: delivered, due again on its sandbox's clock (``RETRY_DELAYS``), or failed.
The dispatcher (``dispatcher.py``) decides which delivery goes when, and on which sender."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa

from mockserver.documents.har import SIGNATURE_HEADER
from mockserver.storage.control import schema as c
from mockserver.storage.database.engine import writing
from mockserver.storage.kernel.stored_times import to_db_time
from mockserver.storage.tenancy.sandbox_rows import sandbox_now

from .journal import Journal
from .journal_entries import Recorded
from .journal_filters import WEBHOOK
from .outbound import OutboundPolicy
from .sender import Sends, post
from .webhooks import RETRY_DELAYS, signature


class Attempts:
    """Sends a delivery's next attempt and records it; ``sends`` is what every send shares (its
    TLS context, and the cut that ends them all)."""

    def __init__(
        self,
        engine: sa.Engine,
        journal: Journal,
        policy: OutboundPolicy,
        *,
        now: Callable[[], datetime],
        deadline: float,
    ) -> None:
        self._engine = engine
        self._journal = journal
        self._policy = policy
        self._now = now
        self._deadline = deadline
        self.sends = Sends()

    def attempt(self, row: Any, *, retry: bool) -> None:
        with self._engine.connect() as connection:
            endpoint = connection.execute(
                sa.select(c.webhooks).where(c.webhooks.c.id == row.webhook_id)
            ).first()
            now = sandbox_now(connection, row.sandbox_hash, self._now)
        attempt = row.attempts + 1
        if endpoint is None:
            self.settle(row.id, attempts=attempt, state="failed", error="the endpoint was removed")
            return
        body = row.payload.encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "booking-sandbox-webhooks/1",
            "Sandbox-Event": row.event,
            "Sandbox-Event-Id": row.event_id,
            "Sandbox-Delivery": f"{row.id}.{attempt}",
            # The wall clock's, not the sandbox's: a receiver judges a signature's age by its
            # own clock, and a sandbox set to another day would make every delivery stale.
            SIGNATURE_HEADER: signature(endpoint.secret, int(self._now().timestamp()), body),
        }
        started = time.perf_counter()
        answer = post(self._policy, endpoint.url, body, headers, self._deadline, sends=self.sends)
        status, error = answer.status, answer.error
        parts = urlsplit(endpoint.url)
        self._journal.record(
            row.sandbox_hash,
            Recorded(
                kind=WEBHOOK,
                api="reservekit-v1",
                method="POST",
                path=parts.path or "/",
                query=parts.query,
                url=endpoint.url,
                status=status,
                duration_ms=(time.perf_counter() - started) * 1000,
                request_headers=list(headers.items()),
                request_body=body,
                response_headers=answer.headers,
                response_body=answer.body,
                error=error,
            ),
        )
        if error is None:
            self.settle(row.id, attempts=attempt, state="delivered", status=status)
        elif retry and attempt <= len(RETRY_DELAYS):
            due = now + RETRY_DELAYS[attempt - 1]
            self.settle(
                row.id, attempts=attempt, state="pending", due=due, status=status or None, error=error
            )
        else:
            self.settle(row.id, attempts=attempt, state="failed", status=status or None, error=error)

    def settle(
        self,
        delivery_id: int,
        *,
        attempts: int,
        state: str,
        due: datetime | None = None,
        status: int | None = None,
        error: str | None = None,
    ) -> None:
        with writing(self._engine) as connection:
            connection.execute(
                sa.update(c.deliveries)
                .where(c.deliveries.c.id == delivery_id)
                .values(
                    attempts=attempts,
                    state=state,
                    next_attempt_at=to_db_time(due) if due else None,
                    last_status=status,
                    last_error=error,
                    claimed_until=None,
                )
            )
