"""The walk's idempotency keys and retries (``contract_tests/explorer/retries.py``), on hand-made
documents: the key goes in the header the document names, and a request that succeeded is sent
again by its caller or by another account, each now and then."""

from __future__ import annotations

from collections import Counter
from random import Random

from contract_tests.explorer.retries import AGAIN, again_as, drawn_key, key_header
from contract_tests.explorer.spellings import Schemas

DOCUMENT = {
    "paths": {},
    "components": {
        "parameters": {
            "IdempotencyKey": {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string"}}
        }
    },
}


def test_the_key_goes_in_the_header_the_document_names_as_it_spells_it() -> None:
    schemas = Schemas(DOCUMENT)
    assert key_header(schemas, [{"$ref": "#/components/parameters/IdempotencyKey"}]) == "Idempotency-Key"
    assert key_header(schemas, [{"name": "idempotency-key", "in": "header"}]) == "idempotency-key"
    # A query parameter of the name, or another header, takes no key.
    assert key_header(schemas, [{"name": "Idempotency-Key", "in": "query"}]) is None
    assert (
        key_header(schemas, [{"name": "X-Request-Id", "in": "header"}, {"name": "page", "in": "query"}])
        is None
    )
    assert key_header(schemas, []) is None


def test_keys_are_the_walks_own_and_repeat_with_their_seed() -> None:
    first = [drawn_key(Random(7), "explore") for _ in range(2)]
    assert first[0] == first[1]
    assert first[0].startswith("explore-")
    assert drawn_key(Random(7), "explore-a1b2c3-4") != first[0]
    assert len({drawn_key(Random(seed), "explore") for seed in range(1000)}) == 1000


def test_a_request_is_sent_again_by_its_caller_or_another_account_each_now_and_then() -> None:
    others = {"other": "sk_other"}
    again = Counter(tuple(again_as(Random(seed), "sk_mine", others)) for seed in range(3000))
    assert set(again) == {(), ("sk_mine",), ("sk_other",)}
    for sent in (("sk_mine",), ("sk_other",)):
        assert abs(again[sent] / 3000 - AGAIN) < 0.03, again
    # With no other account, by its caller alone.
    alone = Counter(tuple(again_as(Random(seed), "sk_mine", {})) for seed in range(3000))
    assert set(alone) == {(), ("sk_mine",)}
