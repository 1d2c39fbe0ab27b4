from __future__ import annotations

from mockserver.domain.kernel.ids import IdMint


def test_the_same_namespace_and_sequence_give_the_same_id() -> None:
    assert IdMint("42:a").hex("visit", 1) == IdMint("42:a").hex("visit", 1)
    assert IdMint("42:a").uuid("customer", 3) == IdMint("42:a").uuid("customer", 3)


def test_another_sandbox_seed_kind_or_number_gives_another_id() -> None:
    ids = {
        IdMint("42:a").hex("visit", 1),
        IdMint("42:b").hex("visit", 1),
        IdMint("7:a").hex("visit", 1),
        IdMint("42:a").hex("lookup", 1),
        IdMint("42:a").hex("visit", 2),
    }
    assert len(ids) == 5


def test_forms() -> None:
    mint = IdMint("42:a")
    assert len(mint.hex("visit", 1)) == 24
    assert len(mint.hex("client_token", 1, 16)) == 32
    uuid = mint.uuid("customer", 3)
    assert uuid[14] == "4"
    assert uuid[19] in "89ab"
    code = mint.digits("access_code", 5)
    assert len(code) == 6
    assert code.isdigit()
