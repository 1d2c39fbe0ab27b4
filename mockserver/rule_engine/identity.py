"""``IDENTITY``: the id a create names reads back as that booking.

A create's answer names the booking it made: in its body, a ``Location`` or an ``X-Booking-Id``
header (each API's words say where, ``Vocabulary.created``); a move that makes a new booking
(Bardge's reschedule) names it the same way. Read by that id, by the credential that made it,
the booking is there and is the one named, until a documented delete takes it away.

What a trace can decide is narrow on purpose, so a correct vendor never fails it:
- only a read by id (a ``GET`` that names the booking in its path) is judged; a change that
  answers 404 may have its own reasons (a role that may not act);
- only the credential that made the booking: another role or account may be refused it;
- a 404 or 410 there breaks the rule, and so does a 2xx that shows one booking other than the
  one named (a read that shows several, or none, says nothing of identity);
- each booking is reported once, as a trace may read it many times over.
"""

from __future__ import annotations

from collections.abc import Iterator

from mockserver.documents.har import Exchange

from .callers import caller_of
from .findings import Finding
from .invariants import Vocabulary
from .operations import Operation
from .reading import json_of

FAMILY = "IDENTITY"
GONE = frozenset({404, 410})


class Identities:
    """The bookings a trace's creates named, per credential, and where each was named."""

    def __init__(self, words: Vocabulary) -> None:
        self.words = words
        self._named: dict[tuple[str, str], int] = {}
        """(the credential that made it, the booking) -> the exchange whose answer named it."""

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        words, caller = self.words, caller_of(exchange)
        ok = 200 <= exchange.status < 300
        if ok and operation.name in words.creates:
            made = words.created(operation, exchange)
            if made is not None:
                # A replay of the create (an idempotent retry) names it again: the first stands.
                self._named.setdefault((caller, made), index)
        booking = operation.params.get(words.param)
        named = self._named.get((caller, booking)) if booking is not None else None
        if booking is None or named is None:
            return
        if operation.method == "DELETE" and ok:
            del self._named[(caller, booking)]
            return
        if operation.method != "GET":
            return
        said = None
        if exchange.status in GONE:
            said = f"booking {booking}, named by the answer at #{named}, is not found ({exchange.status})"
        elif ok:
            body = json_of(exchange.response_body)
            for view in words.views:
                if operation.name in view.operations:
                    shown = {shown_id for shown_id, _ in view.shown(operation, body)}
                    if len(shown) == 1 and booking not in shown:
                        other = next(iter(shown))
                        said = f"booking {booking}, named by the answer at #{named}, reads as booking {other}"
        if said is not None:
            del self._named[(caller, booking)]
            yield Finding.of(words.rule(FAMILY), index, exchange, said)
