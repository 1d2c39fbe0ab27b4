"""Idempotent requests: a retry with the same key replays the first answer.

A key names one request of one owner (a reseller: keys are per account, as Stripe's are,
so two resellers may use the same key, and neither learns that the other did). Its first
successful answer is stored in the same transaction as the change it made, so a retry
(same owner, key and request) gets that answer back and changes nothing; the same key on a
different request is refused. Failed requests store nothing (their transaction rolls back),
so they may be retried with the same key. Keys are forgotten after ``KEY_LIFETIME``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from .clock import Clock
from .errors import Conflict, FieldProblem

KEY_LIFETIME = timedelta(hours=24)


class IdempotencyConflict(Conflict):
    """The key was first used for a different request."""

    code = "idempotency_conflict"


@dataclass(frozen=True)
class AnswerKey:
    """An idempotency key as a request gives it, with its owner: what a replay looks up first."""

    owner: str
    key: str


@dataclass(frozen=True)
class StoredAnswer:
    owner: str
    key: str
    fingerprint: str
    status: int
    body: str
    created_at: datetime


class AnswerLedger(Protocol):
    def stored_answer(self, owner: str, key: str) -> StoredAnswer | None: ...

    def store_answer(self, answer: StoredAnswer) -> None:
        """Keep the answer, replacing a forgotten one under the same owner and key."""
        ...


def fingerprint(operation: str, arguments: dict[str, Any]) -> str:
    """The request's identity: the operation and its arguments, key order aside."""
    canonical = json.dumps([operation, arguments], sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


class Replays:
    def __init__(self, ledger: AnswerLedger, clock: Clock, owner: str) -> None:
        self._ledger = ledger
        self._clock = clock
        self._owner = owner

    def answer(
        self, key: str, request_fingerprint: str, run: Callable[[], tuple[dict[str, Any], int]]
    ) -> tuple[dict[str, Any], int, bool]:
        """``run``'s body and status, or the stored ones for a retry; the flag says it was a replay."""
        now = self._clock.now()
        stored = self._ledger.stored_answer(self._owner, key)
        if stored is not None and stored.created_at + KEY_LIFETIME > now:
            if stored.fingerprint != request_fingerprint:
                raise IdempotencyConflict(
                    "Idempotency-Key was already used for a different request",
                    problems=(FieldProblem("Idempotency-Key", "use a new key for a new request"),),
                )
            return json.loads(stored.body), stored.status, True
        body, status = run()
        self._ledger.store_answer(
            StoredAnswer(
                self._owner, key, request_fingerprint, status, json.dumps(body, separators=(",", ":")), now
            )
        )
        return body, status, False
