"""Currencies as ISO 4217 and CLDR give them: a code's minor-unit decimals (two for USD, none
for JPY, three for KWD) and its symbol in US English, the documents' own ("$85.00").

Prices are whole numbers of minor units everywhere (``price_minor``); only what writes or reads
a price in major units needs a currency's decimals. The table (``currencies.json``, 307 codes) is
made from Babel's copy of CLDR by ``tests/documents/currency_table.py`` and held to it by a test,
so it is never edited by hand; the server reads 10 KB of it rather than loading Babel's locale
data (12 MB a process).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

TABLE_PATH = Path(__file__).with_name("currencies.json")
_TABLE = MappingProxyType(
    {
        code: (int(digits), str(symbol))
        for code, (digits, symbol) in json.loads(TABLE_PATH.read_text("utf-8")).items()
    }
)


def known(currency: str) -> bool:
    """Whether ``currency`` is an ISO 4217 code CLDR knows."""
    return currency in _TABLE


def digits(currency: str) -> int:
    """The currency's minor-unit decimals (two where it is unknown)."""
    return _TABLE.get(currency, (2, currency))[0]


def major(amount_minor: int, currency: str) -> Decimal:
    """``amount_minor`` in the currency's major units, at its decimals: 8500 USD is 85.00,
    7200 JPY is 7200, 7200 KWD is 7.200."""
    return Decimal(amount_minor).scaleb(-digits(currency))


def formatted(amount_minor: int, currency: str) -> str:
    """As a person reads it, in CLDR's US English pattern (``¤#,##0.00`` at the currency's
    decimals): ``$85.00``, ``-$12.50``, ``¥7,200``, ``KWD7.200``."""
    places, symbol = _TABLE.get(currency, (2, currency))
    sign = "-" if amount_minor < 0 else ""
    return f"{sign}{symbol}{abs(major(amount_minor, currency)):,.{places}f}"
