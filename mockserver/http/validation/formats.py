"""String formats the specs use, checked for real.

Connexion validates with jsonschema's Draft 4 format checker, which knows
neither ``date`` nor ``uuid`` and checks ``date-time`` only when an optional
package is installed; so the sandbox brings its own checker, built per app.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime
from types import MappingProxyType

from jsonschema import FormatChecker

from mockserver.domain.kernel.contact import email_problem

# Each is matched whole (``fullmatch``): ``$`` also matches before a final newline.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", re.ASCII)
_UUID = re.compile(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")


def is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True  # formats constrain strings only; "type" catches the rest
    if not _DATE.fullmatch(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.fullmatch(value):
        return False
    try:
        datetime.fromisoformat(value.upper().replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_uuid(value: object) -> bool:
    if not isinstance(value, str):
        return True
    # The pattern is the whole of a uuid's text: nothing is left for ``uuid.UUID`` to refuse.
    return _UUID.fullmatch(value) is not None


def is_email(value: object) -> bool:
    # The spec's format and the domain's rule are one rule.
    return not isinstance(value, str) or email_problem(value) is None


FORMATS: Mapping[str, Callable[[object], bool]] = MappingProxyType(
    {"date": is_date, "date-time": is_date_time, "uuid": is_uuid, "email": is_email}
)
"""Each format the specs name, and its check: the Python checker's and the native validators'."""


_FORMS: Mapping[str, str] = MappingProxyType(
    {
        "date": "YYYY-MM-DD, e.g. 2027-01-11",
        "date-time": "RFC 3339 with its UTC offset, e.g. 2027-01-11T09:00:00Z or 2027-01-11T10:00:00+01:00",
        "uuid": "32 hexadecimal digits as 8-4-4-4-12, e.g. 3f2504e0-4f89-11d3-9a0c-0305e82c3301",
    }
)


def id_number(text: str) -> int | None:
    """The id a path, a query or a command line spells, or None where it spells none.

    ASCII digits only ("²" is a digit to ``isdigit`` and no number to ``int``), and fewer than
    19 of them, so it fits the 64-bit integer every store and vendor keeps an id in.
    """
    return int(text) if text.isascii() and text.isdigit() and len(text) < 19 else None


def form_of(name: str, value: object) -> str:
    """`` (YYYY-MM-DD, e.g. 2027-01-11)``: how a value of format ``name`` is written, said after
    the validator's "'2027-1-1' is not a 'date'", which names the format and not its form."""
    if name == "email" and isinstance(value, str):
        problem = email_problem(value)
        return f" ({problem})" if problem else ""
    form = _FORMS.get(name)
    return f" ({form})" if form else ""


def build_format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker
