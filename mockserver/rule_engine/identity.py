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
- so does an answer whose names disagree: where a document says a header names the booking too
  (merchant's and lifecycle's ``Location``, by its path's last segment), it names the one the
  answer's id does;
- a create that names a booking an earlier create had named to the same credential breaks it
  too (a new booking is not an old one), unless it was a retry (sent with an
  ``Idempotency-Key``, whose replay names what it first named) or the old one was deleted (a
  vendor may give a deleted booking's id again);
- each booking is reported once, as a trace may read it many times over, and a sandbox's
  state replaced (its ids start again) forgets every name.
"""

from __future__ import annotations

from collections.abc import Iterator

from mockserver.documents.har import Exchange

from .callers import caller_of
from .findings import Finding
from .observed import answer_header, named_path, sent_header
from .operations import Operation
from .reading import answer_of
from .vocabulary import Vocabulary

FAMILY = "IDENTITY"
GONE = frozenset({404, 410})


class Identities:
    """The bookings a trace's creates named, per credential, and where each was named."""

    def __init__(self, words: Vocabulary) -> None:
        self.words = words
        self._named: dict[tuple[str, str], int] = {}
        """(the credential that made it, the booking) -> the exchange whose answer named it."""

    def forget(self) -> None:
        """A sandbox's state was replaced: its ids start again."""
        self._named.clear()

    def observe(self, index: int, exchange: Exchange, operation: Operation) -> Iterator[Finding]:
        words, caller = self.words, caller_of(exchange)
        ok = 200 <= exchange.status < 300
        if ok and operation.name in words.creates:
            said = self._made(index, exchange, operation, caller)
            if said is not None:
                yield Finding.of(words.rule(FAMILY), index, exchange, said)
                return
        booking = operation.params.get(words.param)
        named = self._named.get((caller, booking)) if booking is not None else None
        if booking is None or named is None:
            return
        if operation.method == "DELETE" and ok:
            del self._named[(caller, booking)]
        elif operation.method == "GET":
            said = self._read(exchange, operation, booking, named)
            if said is not None:
                del self._named[(caller, booking)]
                yield Finding.of(words.rule(FAMILY), index, exchange, said)

    def _made(self, index: int, exchange: Exchange, operation: Operation, caller: str) -> str | None:
        """What is wrong with the names a create's answer gives, if anything."""
        made = self.words.created(operation, exchange)
        if made is None:
            return None
        for header in self.words.named_by:
            named = named_path(answer_header(exchange, header)).rpartition("/")[2]
            if named and named != made:
                return f"the answer names booking {made}, and its {header.title()} booking {named}"
        earlier = self._named.get((caller, made))
        retried = bool(sent_header(exchange, "idempotency-key"))
        if earlier is None or not retried:
            self._named[(caller, made)] = index
        if earlier is None or retried:
            return None
        return f"a create named booking {made}, which the answer at #{earlier} had named already"

    def _read(self, exchange: Exchange, operation: Operation, booking: str, named: int) -> str | None:
        """What is wrong with a read by id of a booking a create named, if anything."""
        if exchange.status in GONE:
            return f"booking {booking}, named by the answer at #{named}, is not found ({exchange.status})"
        if not 200 <= exchange.status < 300:
            return None
        body = answer_of(exchange)
        for view in self.words.views:
            if operation.name in view.operations:
                shown = {shown_id for shown_id, _ in view.shown(operation, body)}
                if len(shown) == 1 and booking not in shown:
                    return (
                        f"booking {booking}, named by the answer at #{named}, reads as booking {shown.pop()}"
                    )
        return None
