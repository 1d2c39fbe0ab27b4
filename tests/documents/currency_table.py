"""The currency table the server ships (``mockserver/documents/currencies.json``), made from
Babel's copy of CLDR: every ISO 4217 code it knows, with its minor-unit decimals and its symbol
in US English. Run ``python -m tests.documents.currency_table`` after upgrading Babel;
``test_currencies.py`` fails while the shipped table differs from this one."""

from __future__ import annotations

import json

from babel.numbers import get_currency_precision, get_currency_symbol, list_currencies

from mockserver.documents.currencies import TABLE_PATH


def table() -> dict[str, list[int | str]]:
    return {
        code: [get_currency_precision(code), get_currency_symbol(code, "en_US")]
        for code in sorted(list_currencies())
    }


def text() -> str:
    """One code a line, so an upgrade's diff shows what moved."""
    rows = [f"  {json.dumps(code)}: {json.dumps(row, ensure_ascii=False)}" for code, row in table().items()]
    return "{\n" + ",\n".join(rows) + "\n}\n"


if __name__ == "__main__":
    TABLE_PATH.write_text(text(), encoding="utf-8")
    print(f"wrote {TABLE_PATH}")
