"""``MONEY-ADDS-UP``: amounts say what they are, totals are the sum of their lines, and a booking's
price moves only with a change that may reprice it.

Two judgements, each narrow enough that a correct vendor never fails it:
- within one answer, what the API's words say must add up (``Prices.sums``): a formatted price
  says its amount, an invoice's totals are the sums of its lines, a refund is all or nothing of
  what was charged. Each difference is reported once per caller, however often it is read again;
- across the trace, a booking's price as last shown to a caller stays what it was until a change
  that may reprice it: a write to that booking that the words say reprices (add-ons, participants,
  a new length, a cancellation's fee), or a write of a reach that may reprice others (a guest
  answering an invitation). A refusal, a change of another kind (a personalization, a note), a
  read or another booking's change leaves the price as it was. A clock moved, a sandbox's state
  replaced, or a booking that time alone may change (``Vocabulary.timed``) says nothing;
- a write quoted beforehand (a cancel, by the preview of its fee) prices its booking as the
  quote said, where the same caller sent it with the same query and nothing since may reprice
  the booking: a vendor that previews one fee and charges another shows it in the answer.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from mockserver.documents.har import Exchange

from .findings import Finding
from .holds import query_of
from .operations import Operation
from .prices import Quote
from .reading import answer_of
from .target_clocks import TargetClocks
from .vocabulary import Vocabulary

FAMILY = "MONEY-ADDS-UP"


class Money:
    """One API's money over one trace (``Vocabulary.money``)."""

    def __init__(self, words: Vocabulary, clocks: TargetClocks | None = None) -> None:
        assert words.money is not None, f"{words.prefix} shows no money"
        self.words = words
        self.prices = words.money
        self.clocks = clocks or TargetClocks()
        self.rule = words.rule(FAMILY)
        self._price: dict[tuple[str, str], tuple[Any, int]] = {}
        """(caller, booking) -> its price as last shown, and where."""
        self._repriced: dict[str, int] = {}
        """A booking -> the latest 2xx that may have repriced it."""
        self._reached = self._moved = 0
        """The latest change that may have repriced any booking: a wide reach; a clock moved."""
        self._said: set[tuple[str, str]] = set()
        self._quotes: dict[tuple[str, str], tuple[Quote, dict[str, str], int]] = {}
        """(caller, booking) -> the latest quote of a write to it, the query it was asked with, and where."""

    def forget(self) -> None:
        """A sandbox's state was replaced: its bookings, and their prices, start again."""
        self._price.clear()
        self._repriced.clear()
        self._quotes.clear()

    def time_moved(self, index: int) -> None:
        self._moved = max(self._moved, index)

    def observe(
        self, index: int, exchange: Exchange, operation: Operation, caller: str, *, foreign: bool = False
    ) -> Iterator[Finding]:
        """``foreign``: another account's exchange, whose writes may still reach this one's bookings."""
        if not 200 <= exchange.status < 300:
            return
        body = answer_of(exchange)
        quoted = self._written(index, exchange, operation, caller, foreign=foreign)
        if foreign:
            return
        for quote in self.prices.quotes(operation, body):
            self._quotes[(caller, quote.booking)] = (quote, query_of(exchange), index)
        for said in self.prices.sums(operation, body):
            if (caller, said) not in self._said:
                self._said.add((caller, said))
                yield Finding.of(self.rule, index, exchange, said)
        if quoted is not None:
            yield from self._as_quoted(index, exchange, operation, body, quoted)
        at = self.clocks.at(caller, exchange)
        for booking, price, shown in self._showings(operation, body):
            key = (caller, booking)
            before = self._price.get(key)
            self._price[key] = (price, index)
            if before is None or before[0] == price:
                continue
            was, then = before
            since = max(self._reached, self._moved, self._repriced.get(booking, 0))
            if since >= then or self.words.timed(shown, at):
                continue
            said = (
                f"booking {booking} was priced {_said(was)} at #{then}; nothing since may reprice it, "
                f"and it now shows {_said(price)}"
            )
            if (caller, said) not in self._said:
                self._said.add((caller, said))
                yield Finding.of(self.rule, index, exchange, said)

    def _written(
        self, index: int, exchange: Exchange, operation: Operation, caller: str, *, foreign: bool
    ) -> tuple[Quote, int] | None:
        """A 2xx write counted as what may reprice; the quote it must keep, if any (judged before
        the write counts)."""
        if operation.name not in self.words.writes:
            return None
        booking = self.words.written(operation, exchange)
        quoted = None
        if booking is not None and not foreign:
            quoted = self._quoted(operation, exchange, caller, str(booking))
        if operation.name in self.prices.reaches:
            self._reached = index
        if operation.name in self.prices.reprices and booking is not None:
            self._repriced[str(booking)] = index
        return quoted

    def _quoted(
        self, operation: Operation, exchange: Exchange, caller: str, booking: str
    ) -> tuple[Quote, int] | None:
        """The caller's latest quote of ``booking``, where it is for this write, asked with the
        same query, with nothing since that may reprice the booking (a clock moved past when
        the quote ends among them)."""
        kept = self._quotes.get((caller, booking))
        if kept is None or operation.name not in kept[0].writes:
            return None
        quote, asked, then = self._quotes.pop((caller, booking))
        if asked != query_of(exchange) or max(self._reached, self._repriced.get(booking, 0)) >= then:
            return None
        # A clock moved since: the quote stands where the target's time, as the caller's own
        # clock reading shows it, is still within it.
        if self._moved >= then and not self._within(quote, caller, exchange):
            return None
        return quote, then

    def _within(self, quote: Quote, caller: str, exchange: Exchange) -> bool:
        return (
            quote.until is not None
            and self.clocks.read_by(caller)
            and self.clocks.at(caller, exchange) <= quote.until
        )

    def _as_quoted(
        self, index: int, exchange: Exchange, operation: Operation, body: Any, quoted: tuple[Quote, int]
    ) -> Iterator[Finding]:
        quote, then = quoted
        priced = dict(self.prices.priced(operation, body))
        price = priced.get(quote.booking, quote.prices[0])
        if price not in quote.prices:
            said = (
                f"{operation.name} priced booking {quote.booking} at {_said(price)}; its quote at #{then} "
                f"said {' or '.join(_said(p) for p in quote.prices)}, and nothing since may reprice it"
            )
            yield Finding.of(self.rule, index, exchange, said)
        # Priced as quoted to the letter, it keeps what the quote said (its refund the rest).
        kept = dict(self.prices.keeps(operation, body)).get(quote.booking, quote.kept)
        if (
            quote.kept is not None
            and quote.booking in priced
            and price == quote.prices[0]
            and kept != quote.kept
        ):
            said = (
                f"{operation.name} kept {_said(kept)} of what booking {quote.booking} paid; its quote at "
                f"#{then} said {_said(quote.kept)}, and nothing since may reprice it"
            )
            yield Finding.of(self.rule, index, exchange, said)

    def _showings(self, operation: Operation, body: Any) -> Iterator[tuple[str, Any, dict[str, Any]]]:
        """Each booking the answer prices, with what its views show of it (for ``timed``)."""
        shown: dict[str, dict[str, Any]] = {}
        for booking, fields in self.words.shown(operation, body):
            shown.setdefault(booking, fields)
        for booking, price in self.prices.priced(operation, body):
            yield booking, price, shown.get(booking, {})


def _said(price: Any) -> str:
    text = str(price) if isinstance(price, Decimal) else repr(price)
    return text if len(text) <= 80 else text[:77] + "..."
