"""Fixtures of the control tests."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver.integration.webhook_receiver import POLL_SECONDS
from tests.contract.live import self_signed
from tests.control.receiver import Receiver


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    yield from receiving(Receiver())


def receiving(endpoint: Receiver) -> Iterator[Receiver]:
    # Its stop waits for the loop's next look (half a second by default, a test's teardown).
    thread = threading.Thread(
        target=endpoint.server.serve_forever, kwargs={"poll_interval": POLL_SECONDS}, daemon=True
    )
    thread.start()
    yield endpoint
    endpoint.server.shutdown()
    endpoint.server.server_close()


@pytest.fixture
def https_receiver(tmp_path: Path) -> Iterator[tuple[Receiver, Path]]:
    """A receiver over HTTPS with a certificate no public CA signed, and that certificate
    (its own CA, as a private CA's bundle is)."""
    cert, key = self_signed(tmp_path)
    for endpoint in receiving(Receiver((cert, key))):
        yield endpoint, cert


@pytest.fixture
def said() -> Iterator[list[logging.LogRecord]]:
    """What the server's own loggers say (``mockserver.*``: its logging may have stopped their
    propagation to the root, where pytest's capture listens), at every level: a server an
    earlier test on this worker ran with ``log_level="error"`` left the logger at ERROR, and a
    warning asserted here went unsaid."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("mockserver")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(level)
