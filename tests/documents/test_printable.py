"""What a client chose is shown as text a terminal and an XML report take as it is."""

from __future__ import annotations

from xml.etree import ElementTree as ET

import pytest

from mockserver.documents.printable import visible


@pytest.mark.parametrize(
    ("chosen", "shown"),
    [
        ("/v1/bookings/\x1b[31mRED", "/v1/bookings/\\x1b[31mRED"),  # recolours the terminal
        ("\x1b]0;owned\x07", "\\x1b]0;owned\\x07"),  # retitles its window
        ("/v1/\u202egnp.exe", "/v1/\\u202egnp.exe"),  # reverses what follows
        ("a\u2028b\nc\td\x00", "a\\u2028b\\nc\\td\\x00"),  # line breaks a one-line format keeps
        ("\ud800 \ue000 \ufffe", "\\ud800 \\ue000 \\ufffe"),  # surrogate, private use, nonchar
    ],
)
def test_unseen_characters_are_spelt_as_escapes(chosen: str, shown: str) -> None:
    assert visible(chosen) == shown
    ET.fromstring(ET.tostring(ET.Element("failure", message=visible(chosen))))


def test_text_a_person_reads_is_left_as_it_is() -> None:
    for text in ("Zoë café 日本 — ok", "GET /v1/bookings/25 -> 418: 'x' is not one of ['a']", ""):
        assert visible(text) == text
