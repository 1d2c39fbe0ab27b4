from __future__ import annotations

import pytest

from mockserver.documents.quoting import meant_among, misspelt_choice, quoted_briefly

EVENTS = ["bookings.create", "bookings.update", "bookings.delete"]
STATUSES = ["reserved", "requested", "accepted", "invited", "rejected", "canceled", "expired"]


@pytest.mark.parametrize(
    ("given", "allowed", "meant"),
    [
        ("booking.created", EVENTS, "bookings.create"),
        ("cancelled", STATUSES, "canceled"),  # the other English spelling
        ("ACCEPTED", STATUSES, "accepted"),  # case alone, however far apart otherwise
        ("weekly", ["DAILY", "WEEKLY", "MONTHLY"], "WEEKLY"),
        ("open", STATUSES, None),  # nothing near: no guess
        (3, STATUSES, None),  # not a word
        ("canceled", [1, None, "canceled"], "canceled"),  # an enum may hold other values
    ],
)
def test_the_word_meant_is_the_nearest_allowed_one(
    given: object, allowed: list[object], meant: str | None
) -> None:
    assert meant_among(given, allowed) == meant


def test_a_value_is_quoted_as_json_and_briefly() -> None:
    assert quoted_briefly("None is not of type 'string'", None) == "null is not of type 'string'"
    long = "x" * 500
    said = quoted_briefly(f"{long!r} is too long", long)
    assert said == f"'{'x' * 59}… (500 characters) is too long"


def test_only_a_choice_refused_is_said_with_the_word_meant() -> None:
    assert misspelt_choice("enum", "Series", ["booking", "series"]) == " (did you mean 'series'?)"
    assert misspelt_choice("enum", "xyz", ["booking", "series"]) == ""
    assert misspelt_choice("pattern", "Series", "^[a-z]+$") == ""  # not a list of choices
    assert misspelt_choice("const", "Series", ["series"]) == ""
