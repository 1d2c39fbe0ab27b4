"""How a run marks the customers it books: ``kit.<tag>.<n>@example.com``, ``<tag>`` six hex
digits of the run's own. Each address is new for the whole run (on a shared target what one
check booked may still stand when the next books, and one customer may hold one booking a
date), and no two runs book a customer in common. Where the target shows a booking's customer,
the tag tells this run's bookings from another's (``contention.py``)."""

from __future__ import annotations

import itertools
import re
import secrets
from collections.abc import Iterator

_MARKED = re.compile(r"^kit\.([0-9a-f]{6})\.\d+@example\.com$")


def run_tag() -> str:
    return secrets.token_hex(3)


def marked_emails(tag: str) -> Iterator[str]:
    return (f"kit.{tag}.{n}@example.com" for n in itertools.count())


def tag_of(email: object) -> str | None:
    """The tag of the run that booked ``email``'s customer; None where no kit run did."""
    found = _MARKED.match(email) if isinstance(email, str) else None
    return found.group(1) if found else None
