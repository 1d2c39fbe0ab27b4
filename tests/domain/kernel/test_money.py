"""A currency's minor units, as ISO 4217 gives them: hand-made amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from mockserver.domain.kernel.money import known, major


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
