"""Request bodies read by ``http/validation/validators.py``: how deep a body may nest, told
from its text before it is parsed."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mockserver.documents.json_depth import nested_within
from mockserver.http.validation import validators
from mockserver.http.validation.validators import MAX_DEPTH
from tests.conftest import ApiClient

TRICKY_TEXT = st.text(alphabet='[]{}"\\ab\n\u00e9', max_size=12)
VALUES = st.recursive(
    st.none() | st.integers() | TRICKY_TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TRICKY_TEXT, children, max_size=3),
    max_leaves=40,
)


def depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(depth, value), default=0)
    return 0


@given(VALUES, st.integers(min_value=0, max_value=8))
def test_the_text_tells_the_depth_the_parsed_value_has(value: Any, limit: int) -> None:
    text = json.dumps(value, ensure_ascii=False)
    assert nested_within(text, limit) is (depth(value) <= limit)


def test_brackets_inside_strings_and_after_escaped_quotes_are_text() -> None:
    within = json.dumps({"note": "[" * 100, "quoted": '\\"' + "{" * 100, "list": [[]] * 50})
    assert nested_within(within, 3)  # the object, its list, the lists in it
    assert not nested_within("[" * 3 + "]" * 3, 2)


def test_a_body_nested_too_deep_is_refused_before_the_parser_recurses_into_it(
    api: ApiClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[str] = []
    loads = validators._loads
    monkeypatch.setattr(validators, "_loads", lambda text: parsed.append(text) or loads(text))
    deepest_allowed = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    for body, status in ((deepest_allowed, 400), ("[" * 10_000 + "]" * 10_000, 400)):
        response = api.request(
            "POST", "/bookings?service_id=1", content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code == status
    assert parsed == [deepest_allowed]  # the deep one never reached the parser
    assert f"nested more than {MAX_DEPTH} levels deep" in response.json()["error"]


# Any code point, lone surrogates included, and the characters JSON escapes.
# (Joined by hand: ``st.text`` leaves surrogates out whatever its alphabet.)
ANY_TEXT = st.lists(
    st.characters() | st.characters(categories=["Cs"]) | st.sampled_from('"\\\n'), max_size=6
).map("".join)
ANY_VALUES = st.recursive(
    st.none() | st.integers() | ANY_TEXT,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(ANY_TEXT, children, max_size=3),
    max_leaves=12,
)


def _encodes(body: Any) -> bool:
    try:
        json.dumps(body, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@given(ANY_VALUES, st.booleans(), st.sampled_from(["utf-8", "unicode_escape", "utf-7"]))
def test_a_body_is_storable_exactly_where_its_every_string_encodes(
    value: Any, ascii_only: bool, encoding: str
) -> None:
    # What a client can send: escapes (ensure_ascii), raw characters, or a charset whose decoding
    # itself makes a surrogate from bytes that hold no escape.
    text = json.dumps(value, ensure_ascii=ascii_only)
    try:
        text = text.encode(encoding, errors="surrogatepass").decode(encoding)
    except (UnicodeError, ValueError):
        return
    body = json.loads(text)
    assert validators.storable(text, body) is _encodes(body)


def test_a_lone_surrogate_is_refused_however_it_is_spelt(api: ApiClient) -> None:
    for raw, charset in ((b'"\\ud800"', "utf-8"), (b'"\\ud800"', "unicode_escape")):
        body = b'{"date": "2027-01-04", "time_slot_id": 1, "message": ' + raw + b"}"
        response = api.request(
            "POST",
            "/bookings?service_id=1",
            content=body,
            # Connexion reads a charset only where no space follows the semicolon.
            headers={"Content-Type": f"application/json;charset={charset}"},
        )
        assert response.status_code == 400, (charset, response.text)
        assert "invalid unicode escapes" in response.json()["error"]
