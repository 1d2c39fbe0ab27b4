"""Sends due webhook deliveries, from one background thread per server process.

Due means due on the delivery's sandbox clock, so advancing a sandbox's clock
brings its retries forward. Each process polls the outbox (only once webhooks
are in use) and claims a delivery before sending it, so two workers never send
the same attempt. Every attempt is journaled as a ``webhook`` exchange.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
import sqlalchemy as sa

from mockserver.domain.kernel.clock import system_now
from mockserver.storage import schema as t
from mockserver.storage.control import schema as c
from mockserver.storage.engine import write_options
from mockserver.storage.rows import from_db_time, to_db_time
from mockserver.storage.sandbox_rows import clock_of, sandbox_now

from .journal import Journal
from .journal_writer import Recorded
from .webhooks import RETRY_DELAYS, SIGNATURE_HEADER, signature

CLAIM_SECONDS = 30.0
TIMEOUT_SECONDS = 5.0


class Dispatcher:
    def __init__(
        self,
        engine: sa.Engine,
        journal: Journal,
        now: Callable[[], datetime] = system_now,
        poll_seconds: float = 0.25,
    ) -> None:
        self._engine = engine
        self._journal = journal
        self._now = now
        self._poll_seconds = poll_seconds
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()

    def wake(self) -> None:
        """Something may be due (a new event, a clock change): look now, starting the thread if needed."""
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="webhook-dispatcher", daemon=True)
                self._thread.start()
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def send_now(self, delivery_id: int) -> None:
        """One attempt at once, never retried (the "send test event" call)."""
        with self._engine.connect() as connection:
            row = connection.execute(sa.select(c.deliveries).where(c.deliveries.c.id == delivery_id)).one()
        self._attempt(row, retry=False)

    def dispatch_due(self) -> int:
        """Sends every pending delivery that is due on its sandbox's clock; how many were attempted."""
        d = c.deliveries.c
        pending = (
            sa.select(c.deliveries, t.sandboxes.c.clock_offset_us, t.sandboxes.c.clock_frozen_at)
            .join_from(c.deliveries, t.sandboxes, d.sandbox_hash == t.sandboxes.c.key_hash)
            .where(d.state == "pending")
            .order_by(d.id)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(pending).all()
        sent = 0
        for row in rows:
            due = from_db_time(row.next_attempt_at) <= clock_of(row, self._now).now()
            if due and self._claim(row.id):
                self._attempt(row, retry=True)
                sent += 1
        return sent

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._poll_seconds)
            self._wake.clear()
            try:
                self.dispatch_due()
            except sa.exc.SQLAlchemyError:
                # The database went away (the app is shutting down); try again next round.
                continue

    def _claim(self, delivery_id: int) -> bool:
        d = c.deliveries.c
        now = time.time()
        with self._engine.connect().execution_options(**write_options()) as connection, connection.begin():
            claimed = connection.execute(
                sa.update(c.deliveries)
                .where(
                    d.id == delivery_id,
                    d.state == "pending",
                    sa.or_(d.claimed_until.is_(None), d.claimed_until < now),
                )
                .values(claimed_until=now + CLAIM_SECONDS)
            )
        return bool(claimed.rowcount)

    def _attempt(self, row: Any, *, retry: bool) -> None:
        with self._engine.connect() as connection:
            endpoint = connection.execute(
                sa.select(c.webhooks).where(c.webhooks.c.id == row.webhook_id)
            ).first()
            now = sandbox_now(connection, row.sandbox_hash, self._now)
        attempt = row.attempts + 1
        if endpoint is None:
            self._settle(row.id, attempts=attempt, state="failed", error="the endpoint was removed")
            return
        body = row.payload.encode()
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "booking-sandbox-webhooks/1",
            "Sandbox-Event": row.event,
            "Sandbox-Event-Id": row.event_id,
            "Sandbox-Delivery": f"{row.id}.{attempt}",
            SIGNATURE_HEADER: signature(endpoint.secret, int(now.timestamp()), body),
        }
        started = time.perf_counter()
        status, error, answer_headers, answer_body = _post(endpoint.url, body, headers)
        parts = urlsplit(endpoint.url)
        self._journal.record(
            row.sandbox_hash,
            Recorded(
                kind="webhook",
                api="reservekit-v1",
                method="POST",
                path=parts.path or "/",
                query=parts.query,
                url=endpoint.url,
                status=status,
                duration_ms=(time.perf_counter() - started) * 1000,
                request_headers=list(headers.items()),
                request_body=body,
                response_headers=answer_headers,
                response_body=answer_body,
                error=error,
            ),
        )
        if error is None:
            self._settle(row.id, attempts=attempt, state="delivered", status=status)
        elif retry and attempt <= len(RETRY_DELAYS):
            due = now + RETRY_DELAYS[attempt - 1]
            self._settle(
                row.id, attempts=attempt, state="pending", due=due, status=status or None, error=error
            )
        else:
            self._settle(row.id, attempts=attempt, state="failed", status=status or None, error=error)

    def _settle(
        self,
        delivery_id: int,
        *,
        attempts: int,
        state: str,
        due: datetime | None = None,
        status: int | None = None,
        error: str | None = None,
    ) -> None:
        with self._engine.connect().execution_options(**write_options()) as connection, connection.begin():
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


def _post(
    url: str, body: bytes, headers: dict[str, str]
) -> tuple[int, str | None, list[tuple[str, str]], bytes]:
    """(status, error or None when 2xx, response headers, response body); status 0 if no answer."""
    try:
        with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
            response = client.post(url, content=body, headers=headers)
    except httpx.HTTPError as error:
        return 0, f"{type(error).__name__}: {error}" if str(error) else type(error).__name__, [], b""
    answer = (list(response.headers.multi_items()), response.content)
    if 200 <= response.status_code < 300:
        return response.status_code, None, *answer
    return response.status_code, f"the endpoint answered {response.status_code}", *answer
