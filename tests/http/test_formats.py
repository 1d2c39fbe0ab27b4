"""The string formats' checks: each answers yes or no for any value, and what it answers is the
format's whole text, never a prefix of it."""

from __future__ import annotations

from datetime import UTC

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockserver.http.validation.formats import FORMATS, id_number, is_date, is_date_time, is_uuid

UUID = "0b7c4e1a-1111-4222-8333-444455556666"


# Each format's own text, which a value may begin with and then go on otherwise.
OWN_TEXT = {
    "date": st.dates().map(lambda d: d.isoformat()),
    "date-time": st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat()),
    "email": st.emails(),
    "uuid": st.uuids().map(str),
}
AFTER = st.one_of(st.sampled_from(["\n", "\r\n", " ", "\x00"]), st.text(max_size=3))
ANYTHING = st.one_of(st.text(), st.none(), st.integers(), st.floats(), st.lists(st.text(max_size=3)))


@pytest.mark.parametrize("name", sorted(FORMATS))
@given(data=st.data())
def test_every_check_answers_a_bool_for_any_value(name: str, data: st.DataObject) -> None:
    value = data.draw(st.one_of(st.builds(str.__add__, OWN_TEXT[name], AFTER), ANYTHING))
    # A check that raised became a 500 (a uuid with a newline after it, in a lifecycle body).
    assert FORMATS[name](value) in (True, False)


@pytest.mark.parametrize("end", ["\n", "\r\n", " ", "\t", "x", "\x00"])
def test_nothing_may_follow_the_formats_text(end: str) -> None:
    assert is_uuid(UUID)
    assert not is_uuid(UUID + end)
    assert is_date("2027-01-04")
    assert not is_date("2027-01-04" + end)
    assert is_date_time("2027-01-04T10:00:00Z")
    assert not is_date_time("2027-01-04T10:00:00Z" + end)


@given(st.uuids())
def test_every_uuid_is_one_in_either_case(value: object) -> None:
    assert is_uuid(str(value))
    assert is_uuid(str(value).upper())


def test_what_is_no_uuid_is_refused() -> None:
    for value in ("", UUID[:-1], UUID + "0", UUID.replace("-", ""), "{" + UUID + "}", "urn:uuid:" + UUID):
        assert not is_uuid(value), value
    assert not is_uuid(UUID.replace("0", "g"))
    assert not is_date("\u0662\u0660\u0662\u0667-\u0660\u0661-\u0660\u0664")  # digits, not ASCII ones


@given(st.integers(min_value=0, max_value=10**18 - 1))
def test_an_id_in_ascii_digits_is_its_number(number: int) -> None:
    assert id_number(str(number)) == number
    assert id_number(f"{number:018d}") == number  # leading zeros, as a path may spell it


@pytest.mark.parametrize(
    "text", ["", "-1", "+1", "1.0", " 1", "1\n", "²", "١٢", "1_000", "9" * 19, "9" * 4301]
)
def test_what_spells_no_id_is_none_and_never_raises(text: str) -> None:
    """Arabic-Indic digits and "²" are digits to ``isdigit``; 19 digits may pass a 64-bit id."""
    assert id_number(text) is None
