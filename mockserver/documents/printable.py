"""Text a client chose, made safe for where it is shown: a person's terminal and a CI's XML.

A recording's path, a vendor's answer, a receiver's redirect: each reaches a terminal, where ESC
recolours or retitles it and U+202E reverses what follows, and a JUnit file, whose XML 1.0
cannot hold most control characters at all (a CI that reads it says "no test report found")."""

from __future__ import annotations

from unicodedata import category

# Control, format, private-use, surrogate, unassigned, and the line and paragraph separators.
_UNSEEN = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})


def visible(text: str) -> str:
    """``text`` with each unseen character spelt as its Python escape (``\\x1b``, ``\\u202e``)."""
    if text.isprintable():
        return text
    return "".join((ch.encode("unicode_escape").decode() if category(ch) in _UNSEEN else ch) for ch in text)
