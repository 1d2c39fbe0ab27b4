"""Where the ReserveKit handlers' booking events go: queued for the sandbox's webhook endpoints
after the change they tell of has committed."""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from mockserver.http.errors import error_line

from .webhooks import WebhookBook

logger = logging.getLogger(__name__)


class BookingEvents:
    """The ReserveKit handlers' event sink: queue the event, then wake the dispatcher.

    An event is published after its change committed, so the change's answer is the change's:
    where the database is gone for a moment (a PostgreSQL restart), the event is kept in order
    and queued with the next event published or the dispatcher's next poll, rather than the
    stored booking being answered 500 (which a client retries, booking twice)."""

    KEPT = 10_000
    """Events kept while the database is away; past that, the oldest are dropped, and logged."""

    def __init__(
        self, book: WebhookBook, wake: Callable[[], None], lost: Callable[[BaseException], bool]
    ) -> None:
        self._book = book
        self._wake = wake
        self._lost = lost
        self._kept: deque[tuple[str, str, Mapping[str, Any]]] = deque()
        self._lock = threading.Lock()

    def publish(self, sandbox_hash: str, event: str, data: Mapping[str, Any]) -> None:
        if not self._kept:  # the usual case: nothing waits, so nothing to keep in order with
            try:
                if self._book.publish(sandbox_hash, event, data):
                    self._wake()
                return
            except Exception as error:
                if not self._lost(error):
                    raise
                logger.warning("webhook event %s kept for later: %s", event, error_line(error))
        with self._lock:
            if len(self._kept) == self.KEPT:
                dropped = self._kept.popleft()
                logger.error("webhook event %s dropped: the database was away too long", dropped[1])
            self._kept.append((sandbox_hash, event, data))
        try:
            self.flush()
        finally:
            self._wake()  # the dispatcher's rounds go on queueing what is still kept

    def flush(self) -> None:
        """Queues every kept event, oldest first, until the database fails again."""
        queued = 0
        with self._lock:
            while self._kept:
                sandbox_hash, event, data = self._kept[0]
                try:
                    queued += self._book.publish(sandbox_hash, event, data)
                except Exception as error:
                    if not self._lost(error):
                        self._kept.popleft()  # the event's own fault: retrying cannot help
                        raise
                    logger.warning("webhook event %s kept for later: %s", event, error_line(error))
                    break
                self._kept.popleft()
        if queued:
            self._wake()
