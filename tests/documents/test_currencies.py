"""The shipped currency table is CLDR's, as Babel gives it, and prices format as Babel formats them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from babel.numbers import format_currency, list_currencies

from mockserver.documents.currencies import TABLE_PATH, formatted, known, major
from tests.documents.currency_table import text


def test_the_shipped_table_is_babels() -> None:
    # After a Babel upgrade: python -m tests.documents.currency_table
    assert TABLE_PATH.read_text(encoding="utf-8") == text()


@pytest.mark.parametrize("amount", [0, 5, -1250, 8500, 123456789])
def test_every_currency_formats_as_babel_formats_it_in_us_english(amount: int) -> None:
    differ = {
        code: (formatted(amount, code), babel)
        for code in sorted(list_currencies())
        if formatted(amount, code) != (babel := format_currency(major(amount, code), code, locale="en_US"))
    }
    assert differ == {}


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (8500, "USD", "85.00"),
        (-1250, "EUR", "-12.50"),
        (0, "GBP", "0.00"),
        (7200, "JPY", "7200"),
        (7200, "KWD", "7.200"),
        (5, "BHD", "0.005"),
    ],
)
def test_minor_units_are_the_currencys_own(amount: int, currency: str, shown: str) -> None:
    assert f"{major(amount, currency):f}" == shown
    assert major(amount, currency) == Decimal(shown)


def test_only_iso_4217_codes_are_known() -> None:
    assert all(known(code) for code in ("USD", "JPY", "KWD"))
    assert not known("XYZ")
    assert not known("usd")
