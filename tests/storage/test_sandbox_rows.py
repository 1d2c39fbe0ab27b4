"""How keys are hashed (``tenancy/sandbox_rows.py``): the stored hashes, remembered within a bound."""

from __future__ import annotations

import hashlib

from mockserver.storage.tenancy.sandbox_rows import HASHES_KEPT, key_fingerprint, sandbox_hash


def test_the_hashes_are_the_stored_ones() -> None:
    # Rows written by earlier releases are found by these: the text hashed must never change.
    assert sandbox_hash("sk_rsv_a") == hashlib.sha256(b"sk_rsv_a").hexdigest()
    assert key_fingerprint("merchant", "sk_rsv_a") == hashlib.sha256(b"merchant:sk_rsv_a").hexdigest()
    assert key_fingerprint("merchant", "sk_rsv_a") != key_fingerprint("reservekit", "sk_rsv_a")


def test_made_up_keys_never_grow_the_remembered_hashes_past_their_bound() -> None:
    for n in range(HASHES_KEPT + 500):
        sandbox_hash(f"sk_rsv_made_up_{n}")
        key_fingerprint("bardge", f"sk_rsv_made_up_{n}")
    assert sandbox_hash.cache_info().currsize == HASHES_KEPT
    assert key_fingerprint.cache_info().currsize == HASHES_KEPT
    assert sandbox_hash("sk_rsv_made_up_0") == hashlib.sha256(b"sk_rsv_made_up_0").hexdigest()
