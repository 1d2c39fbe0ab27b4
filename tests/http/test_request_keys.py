"""A read's request as a key (``http.operations.request_keys``): everything a handler can read of
it tells two requests apart, ``X-Request-Id`` alone does not, and the key's size is fixed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from connexion.context import _scope

from mockserver.http.operations.request_keys import request_key

READ = {
    "type": "http",
    "method": "GET",
    "scheme": "http",
    "root_path": "",
    "path": "/reservekit/v1/bookings/1",
    "query_string": b"",
    "headers": [(b"host", b"sandbox"), (b"authorization", b"Bearer sk_rsv_request_keys")],
}


@contextmanager
def handling(**changes: Any) -> Iterator[None]:
    token = _scope.set({**READ, **changes})
    try:
        yield
    finally:
        _scope.reset(token)


def key_of(**changes: Any) -> bytes | None:
    with handling(**changes):
        return request_key()


@pytest.mark.parametrize(
    "changes",
    [
        {"scheme": "https"},
        {"root_path": "/sandbox"},
        {"path": "/reservekit/v1/bookings/2"},
        {"query_string": b"include=customer"},
        {"headers": [(b"host", b"sandbox"), (b"authorization", b"Bearer sk_rsv_another_key")]},
        {"headers": [*READ["headers"], (b"accept-language", b"fr")]},
        # A value moved across the separator is another request, not the same bytes joined.
        {"headers": [(b"host", b"sandboxauthorization"), (b"", b"Bearer sk_rsv_request_keys")]},
    ],
    ids=["scheme", "root-path", "path", "query", "caller", "another-header", "shifted-parts"],
)
def test_what_a_handler_can_read_tells_requests_apart(changes: dict[str, Any]) -> None:
    assert key_of(**changes) != key_of()


def test_a_request_id_is_no_part_of_the_key_and_the_key_is_small() -> None:
    polled = [*READ["headers"], (b"x-request-id", b"poll-1")]
    assert key_of(headers=polled) == key_of()
    big = [*READ["headers"], (b"cookie", b"c" * 60_000)]
    key = key_of(headers=big)
    assert key is not None
    assert len(key) == 16
    assert key != key_of()


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE", "HEAD"])
def test_only_a_get_has_a_key(method: str) -> None:
    assert key_of(method=method) is None


def test_no_request_being_handled_has_no_key() -> None:
    assert request_key() is None
