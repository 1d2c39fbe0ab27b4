"""A target's "not now", waited out: a vendor's staging server answers 429 past its rate
limit, and a kit that took each 429 as the check's answer failed every rule of a correct vendor
("GET …/time-slots: 429") and left its bookings behind. A 429 is asked again once its
``Retry-After`` has passed (RFC 9110: seconds, or an HTTP date), a few times, where the wait
is one a CI job can afford; a longer one stands as the answer, which is what the rate-limit
rule itself asks a sandbox for (a limit of one create an hour). A 503 that says when to come
back (a team sandbox whose database is restarting, a vendor's maintenance) is asked again as
well; one that does not is an answer."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from mockserver.rule_engine.findings import counted

TOO_MANY = 429
UNAVAILABLE = 503
ATTEMPTS = 4
"""Asks in all, the first among them."""
LONGEST_WAIT = 30.0
"""The longest ``Retry-After``, in seconds, the kit waits out; past it the 429 stands."""


def wait_before_asking_again(status: int, headers: Mapping[str, str], asked: int) -> float | None:
    """How long to wait before asking again, having asked ``asked`` times and been answered
    ``status`` with ``headers``; None where the answer stands. A 429 without a ``Retry-After``
    waits 1, 2, then 4 seconds; a 503 without one stands."""
    if status not in (TOO_MANY, UNAVAILABLE) or asked >= ATTEMPTS:
        return None
    said = _retry_after(headers.get("Retry-After"))
    if said is None and status == UNAVAILABLE:
        return None
    wait = float(2 ** (asked - 1)) if said is None else said
    return wait if wait <= LONGEST_WAIT else None


def _retry_after(value: str | None) -> float | None:
    """``Retry-After`` in seconds from now, or None where it is absent or unreadable."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isascii() and text.isdigit():  # "²" is a digit to isdigit(), and no number to float()
        return float(text)
    if (when := http_date(text)) is None:
        return None
    seconds = (when - datetime.now(UTC)).total_seconds()
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def http_date(text: str) -> datetime | None:
    """An HTTP date (``Retry-After``, ``Date``) as an aware instant, or None where unreadable."""
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)  # IMF-fixdate is GMT


class Waited:
    """What the target's "not now" (429, or 503 with Retry-After) cost a run: printed with its summary."""

    def __init__(self) -> None:
        self.times = 0
        self.seconds = 0.0

    def add(self, seconds: float) -> None:
        self.times += 1
        self.seconds += seconds

    def line(self, api: str) -> str:
        """The summary's line, or "" where the target never rate-limited the run."""
        if not self.times:
            return ""
        return (
            f"{api}: the target said 'not now' to {counted(self.times, 'request')} (429, or 503 with "
            f"Retry-After); the kit waited {self.seconds:.1f} s in all, and asked again"
        )
