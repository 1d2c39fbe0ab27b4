"""Fixtures of the control tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tests.control.receiver import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    endpoint = Receiver()
    thread = threading.Thread(target=endpoint.server.serve_forever, daemon=True)
    thread.start()
    yield endpoint
    endpoint.server.shutdown()
    endpoint.server.server_close()
