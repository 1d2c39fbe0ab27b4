"""An answer's body as the checks read it, each coding undone within a bound, by hand-made bodies."""

from __future__ import annotations

import gzip
import sys
import tracemalloc
import zlib
from collections.abc import Callable

import brotli
import pytest

from mockserver.live_checks.encodings import NotDecoded, Undecodable, decoded

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

LIMIT = 8 * 2**20
BODY = b'{"data": {"id": 7}, "error": null}'

ENCODE: dict[str, Callable[[bytes], bytes]] = {
    "gzip": gzip.compress,
    "x-gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": zstd.compress,
}


@pytest.mark.parametrize("coding", sorted(ENCODE))
def test_each_coding_is_undone_and_a_bomb_stops_at_the_limit(coding: str) -> None:
    assert decoded(ENCODE[coding](BODY), coding.upper(), LIMIT) == BODY
    bomb = ENCODE[coding](b" " * (64 * 2**20))
    assert len(bomb) < 2**20
    tracemalloc.start()
    try:
        assert decoded(bomb, coding, LIMIT) is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # What is kept and the decoder's buffer for it: decoded whole, 64 MiB and more.
    assert peak < 3 * LIMIT, f"{peak / 2**20:.0f} MiB to decode it"


def test_codings_applied_one_after_another_are_undone_last_first() -> None:
    assert decoded(brotli.compress(gzip.compress(BODY)), "gzip, br", LIMIT) == BODY
    assert decoded(BODY, "identity", LIMIT) == BODY
    assert decoded(BODY, "", LIMIT) == BODY


def test_raw_deflate_as_some_servers_send_it() -> None:
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert decoded(raw.compress(BODY) + raw.flush(), "deflate", LIMIT) == BODY


def test_several_zstd_frames_are_one_body() -> None:
    assert decoded(zstd.compress(BODY[:10]) + zstd.compress(BODY[10:]), "zstd", LIMIT) == BODY


@pytest.mark.parametrize("coding", sorted(ENCODE))
def test_a_body_its_coding_refuses_is_undecodable(coding: str) -> None:
    """Left as it came, plain JSON labelled gzip was judged as JSON, though no client reads it."""
    with pytest.raises(Undecodable):
        decoded(b'{"plain": "json"}', coding, LIMIT)
    with pytest.raises(Undecodable):  # a cut stream is not read as whole
        decoded(ENCODE[coding](BODY * 50)[:-8], coding, LIMIT)


def test_a_coding_not_undone_here_is_named() -> None:
    with pytest.raises(NotDecoded, match=r"^compress$"):
        decoded(BODY, "gzip, compress", LIMIT)
