"""Which drawn values the kit's real ids take the place of (``contract_tests/kit/real_ids.py``,
``aiming.py``): only those valid by their schema, read as a server reads them."""

from __future__ import annotations

import pytest

from contract_tests.kit.real_ids import _Validity

INTEGER = {"type": "integer", "minimum": 1}


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("7", True),
        ("0", False),  # below the minimum
        ("-7", False),
        ("²", False),  # a digit to str.isdigit(), and no number to int(): it was a crash
        ("٣", False),  # a digit int() reads, and no server's path
        ("9" * 4301, False),  # past the digits int() reads
    ],
)
def test_an_integer_drawn_as_text_is_valid_only_as_a_server_reads_it(text: str, valid: bool) -> None:
    assert _Validity({}).value(INTEGER, text) is valid
