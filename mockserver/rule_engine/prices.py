"""An API's words for its money (``MONEY-ADDS-UP``), and the arithmetic they share.

Each API says in its own rules module what one answer must add up to (``Prices.sums``), where an
answer shows a booking's price (``Prices.priced``), and which changes may reprice it. The
judgement over a trace is ``money.py``'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from mockserver.documents.currencies import digits as decimals

from .operations import Operation
from .reading import objects_in, whole

Sums = Callable[[Operation, Any], Iterator[str]]
"""An answer -> what in it does not add up, each said in a line."""
Priced = Callable[[Operation, Any], list[tuple[str, Any]]]
"""An answer -> each booking it shows with its price (any value two showings can compare)."""


@dataclass(frozen=True)
class Quote:
    """What a read says a write to one booking will price it at, if sent next."""

    booking: str
    writes: frozenset[str]
    """The writes it quotes (a cancel, for its preview)."""
    prices: tuple[Any, ...]
    """The prices the write's answer may show the booking at: the quoted one, and where the
    quote names what follows it (a fee tier's next), that one, since a trace does not say the
    target's time to the second."""
    until: datetime | None = None
    """The last instant it holds (a fee tier's deadline), where it says: a clock moved since
    leaves it standing up to then."""
    kept: Any = None
    """What the booking keeps of what was paid once the write priced it at the quoted price
    (a cancel that refunds keeps its fee), where the quote says; None where it does not."""


Quotes = Callable[[Operation, Any], list[Quote]]


def _nothing(operation: Operation, body: Any) -> Iterator[str]:
    return iter(())


@dataclass(frozen=True)
class Prices:
    sums: Sums = _nothing
    priced: Priced = lambda operation, body: []
    reprices: frozenset[str] = frozenset()
    """The writes that may change their own booking's price."""
    reaches: frozenset[str] = frozenset()
    """The writes that may change other bookings' prices (a guest joining a host's booking)."""
    quotes: Quotes = lambda operation, body: []
    """An answer -> what it quotes a write will price a booking at (a cancellation's preview)."""
    keeps: Priced = lambda operation, body: []
    """An answer -> each booking it shows with what it keeps of what was paid (paid less refunded)."""


def says_amount(formatted: str, amount: int, currency: str | None = None) -> bool:
    """Whether a formatted price shows ``amount`` minor units: its digits, separators and symbol
    aside, are the amount's (``€25.00``, ``25,00 EUR``, ``¥7,200``), or a whole amount's major
    units (``€25``), at the currency's ISO 4217 decimals (a yen has none: ``¥72`` is not 7200)."""
    digits = re.sub(r"\D", "", formatted).lstrip("0")
    unit = 10 ** decimals(currency or "")  # a price that names no currency: hundredths
    return digits in (
        str(amount).lstrip("0"),
        str(amount // unit).lstrip("0") if amount % unit == 0 else None,
    )


def formatted_prices(body: Any) -> Iterator[dict[str, Any]]:
    """Every price an answer shows with its formatting: an object with a whole ``amount``, a
    ``currency`` and a ``formatted`` text, at any depth."""
    return objects_in(body, _formatted)


def _formatted(one: dict[str, Any]) -> bool:
    amount = one.get("amount")
    return whole(amount) is not None and isinstance(one.get("formatted"), str)


def decimal_of(money: Any) -> Decimal | None:
    """A decimal-string amount (``{"amount": "85.00", ...}``), or None where it is not one."""
    if not isinstance(money, dict) or not isinstance(money.get("amount"), str):
        return None
    try:
        value = Decimal(money["amount"])
    except InvalidOperation:
        return None
    return value if value.is_finite() else None
