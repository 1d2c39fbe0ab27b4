"""A key given twice in one YAML mapping, found on the composed nodes with both lines."""

from __future__ import annotations

import yaml

from mockserver.documents.yaml_keys import Repeated, repeated_keys


def keys(text: str) -> list[Repeated]:
    return repeated_keys(yaml.compose(text, Loader=yaml.SafeLoader))


def test_a_key_given_twice_is_named_at_its_second_line() -> None:
    assert keys("currency: EUR\nlocale: de_DE\ncurrency: USD\n") == [Repeated("currency", 1, 3)]
    assert str(keys("a: 1\na: 2\n")[0]) == "'a' given twice in one mapping (first on line 1): keep one"


def test_each_mapping_is_its_own_and_sequences_are_walked() -> None:
    text = "staff:\n  - name: A\n    role: x\n  - name: B\n    name: C\nname: top\n"
    assert keys(text) == [Repeated("name", 4, 5)]


def test_a_merge_and_an_alias_are_no_repeat() -> None:
    text = "base: &base {a: 1, b: 2}\none:\n  <<: *base\n  a: 3\ntwo: *base\nthree: *base\n"
    assert keys(text) == []
    assert keys("") == []
