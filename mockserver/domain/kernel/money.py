"""A currency's minor units: prices are whole numbers of them (``price_minor``), and a currency
has as many decimals as ISO 4217 gives it (two for USD, none for JPY, three for KWD), read from
CLDR's data through Babel rather than a table kept here."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import get_currency_precision, is_currency


def known(currency: str) -> bool:
    """Whether ``currency`` is an ISO 4217 code CLDR knows."""
    return bool(is_currency(currency, "en_US"))


def major(amount_minor: int, currency: str) -> Decimal:
    """``amount_minor`` in the currency's major units, at its ISO 4217 decimals: 8500 USD is
    85.00, 7200 JPY is 7200, 7200 KWD is 7.200."""
    return Decimal(amount_minor).scaleb(-get_currency_precision(currency))
