"""Sends due webhook deliveries from a small pool of sender threads per server process.

Due means due on the delivery's sandbox clock, so advancing a sandbox's clock
brings its retries forward. One thread per process polls the outbox (only once
webhooks are in use) and claims a delivery before handing it to a sender, so
two workers never send the same attempt. Sends are fair: a sandbox has at most
``PER_SANDBOX`` sends in flight (its other deliveries wait their turn), and
every send is bounded by ``sender.post``'s deadline and reply cap, so one key's
slow or hostile endpoints can neither hold every sender nor delay another
key's deliveries. Each attempt is sent, journaled and settled by ``delivery_attempts.py``.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from mockserver.domain.kernel.clock import system_now
from mockserver.domain.kernel.errors import Busy
from mockserver.storage.control import schema as c
from mockserver.storage.database.engine import connection_lost, writing
from mockserver.storage.kernel import schema as t
from mockserver.storage.kernel.stored_times import from_db_time
from mockserver.storage.tenancy.sandbox_rows import clock_of

from .delivery_attempts import Attempts
from .journal import Journal
from .outbound import OutboundPolicy
from .sender import DEADLINE_SECONDS

logger = logging.getLogger(__name__)
# Longer than a send can take (its deadline), so a claim never lapses mid-send.
CLAIM_SECONDS = 30.0
SENDERS = 8
# A closing wait looks up this often: a stop's handler (a cut) runs in the main thread between
# two looks only, as a signal the kernel hands another thread wakes no wait on a lock.
LOOK_SECONDS = 0.1
PER_SANDBOX = 2


class Dispatcher:
    def __init__(
        self,
        engine: sa.Engine,
        journal: Journal,
        policy: OutboundPolicy,
        *,
        now: Callable[[], datetime] = system_now,
        poll_seconds: float = 0.25,
        deadline: float = DEADLINE_SECONDS,
        each_round: Callable[[], None] = lambda: None,
    ) -> None:
        self._engine = engine
        self._lost = connection_lost(engine)
        self._each_round = each_round
        """Run before each look for due deliveries: queues the events kept while the database
        was away (``BookingEvents.flush``)."""
        self._now = now
        self._poll_seconds = poll_seconds
        self._deadline = deadline
        self._senders = ThreadPoolExecutor(SENDERS, thread_name_prefix="webhook-sender")
        self._submitted: set[Future[Any]] = set()  # until done: each send's, queued or under way
        self._in_flight: dict[str, int] = {}
        self._sending_to: set[int] = set()
        self._in_flight_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._attempts = Attempts(engine, journal, policy, now=now, deadline=deadline)

    def wake(self) -> None:
        """Something may be due (a new event, a clock change): look now, starting the thread if needed."""
        with self._start_lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="webhook-dispatcher", daemon=True)
                self._thread.start()
        self._wake.set()

    def stop(self, *, wait: bool = False) -> None:
        """No more rounds, and the queued sends dropped. With ``wait`` (a process's last close),
        the round under way and the sends in flight (each within its deadline, unless ``cut``)
        are waited for, so nothing of this dispatcher's touches the database after."""
        self._stop.set()
        self._wake.set()
        self._senders.shutdown(wait=False, cancel_futures=True)
        if wait:
            if self._thread is not None and self._thread is not threading.current_thread():
                given_up = time.monotonic() + CLAIM_SECONDS  # a round stuck on a lost database is left
                while self._thread.is_alive() and time.monotonic() < given_up:
                    self._thread.join(LOOK_SECONDS)
            # Said, or a stop that seems to hang says nothing of why. The queued were cancelled
            # above: what is left is under way (a set copies in one step).
            if pending := self._submitted.copy():
                logger.info(
                    "waiting for %d webhook send(s) in flight, each %g s at most (stop again to cut them)",
                    len(pending),
                    self._deadline,
                )
            while pending := self._submitted.copy():
                futures.wait(pending, LOOK_SECONDS)
            self._senders.shutdown(wait=True)

    def cut(self) -> None:
        """Ends the sends in flight now (a stop that will not wait): each attempt is recorded as
        failed, and a retried event goes again when the server next runs."""
        self._attempts.sends.cut("cut: the server stopped without waiting for the endpoint")

    def send_test(self, digest: str, create: Callable[[], sa.Row[Any]]) -> Future[int]:
        """One attempt of the delivery ``create`` stores (and gives back, as stored), never
        retried (the "send test event" call), on a sender thread; the future gives the
        delivery's id once it was sent.

        Refused with ``Busy``, before anything is stored, while the sandbox already has its
        share of sends in flight.
        """
        if not self._reserve(digest):
            raise Busy(f"this sandbox already has {PER_SANDBOX} webhook sends in flight; try again later")
        try:
            # As stored: read again apart, a forget of the sandbox between was a 500.
            row = create()
        except BaseException:
            self._release(digest)
            raise

        def send() -> int:
            self._send_and_release(row, False)
            return int(row.id)

        return self._submit(send)

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
        waiting: set[int] = set()  # endpoints with an earlier delivery still to send
        for row in rows:
            due = from_db_time(row.next_attempt_at) <= clock_of(row, self._now).now()
            if not due:
                continue
            # One delivery at a time per endpoint, in event order; a busy sandbox's wait their turn.
            if row.webhook_id in waiting or not self._reserve(row.sandbox_hash, row.webhook_id):
                waiting.add(row.webhook_id)
                continue
            if self._claim(row.id, row.attempts):
                self._submit(self._send_and_release, row, True)
                sent += 1
            else:
                self._release(row.sandbox_hash, row.webhook_id)
        return sent

    def _submit(self, send: Callable[..., Any], *args: Any) -> Future[Any]:
        future = self._senders.submit(send, *args)
        self._submitted.add(future)
        future.add_done_callback(self._submitted.discard)
        return future

    def _reserve(self, digest: str, endpoint: int | None = None) -> bool:
        """A sender slot of the sandbox's share (and the endpoint's only one, for event deliveries)."""
        with self._in_flight_lock:
            if self._in_flight.get(digest, 0) >= PER_SANDBOX or endpoint in self._sending_to:
                return False
            self._in_flight[digest] = self._in_flight.get(digest, 0) + 1
            if endpoint is not None:
                self._sending_to.add(endpoint)
            return True

    def _release(self, digest: str, endpoint: int | None = None) -> None:
        with self._in_flight_lock:
            left = self._in_flight.pop(digest, 1) - 1
            if left:
                self._in_flight[digest] = left
            if endpoint is not None:
                self._sending_to.discard(endpoint)
        self._wake.set()  # its waiting deliveries may go now

    def _send_and_release(self, row: Any, retry: bool) -> None:
        try:
            self._attempts.attempt(row, retry=retry)
        except Exception as error:
            logger.exception("webhook delivery %s failed to run", row.id)
            # Settled, not left claimed (or a test ping "sending") for ever: a sandbox's fault,
            # said as one in the delivery's error.
            with contextlib.suppress(sa.exc.SQLAlchemyError):
                self._attempts.settle(
                    row.id,
                    attempts=row.attempts + 1,
                    state="failed",
                    error=f"the sandbox failed to send it ({error!r})",
                )
        finally:
            self._release(row.sandbox_hash, row.webhook_id if retry else None)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self._poll_seconds)
            self._wake.clear()
            try:
                self._each_round()
                self.dispatch_due()
            except Exception as error:
                # A stop between a claim and its send (its senders shut down): the claim lapses,
                # and the next start sends it. The thread outlives any other round's failure: it
                # ended at one, and no webhook of the process was sent again.
                if self._stop.is_set():
                    return
                if not (isinstance(error, sa.exc.SQLAlchemyError) or self._lost(error)):
                    logger.exception("webhook dispatch: a round failed; the next tries again")

    def _claim(self, delivery_id: int, attempts: int) -> bool:
        # Only as read: a round that read the row before another attempt settled would send
        # it again, early, and count that attempt twice.
        d = c.deliveries.c
        now = time.time()
        with writing(self._engine) as connection:
            claimed = connection.execute(
                sa.update(c.deliveries)
                .where(
                    d.id == delivery_id,
                    d.attempts == attempts,
                    d.state == "pending",
                    sa.or_(d.claimed_until.is_(None), d.claimed_until < now),
                )
                .values(claimed_until=now + CLAIM_SECONDS)
            )
        return bool(claimed.rowcount)
