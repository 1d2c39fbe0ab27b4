"""An answer an app ends short on purpose, having said why itself.

The validating proxy passes an upstream's answer on as it streams: where the upstream breaks it
off, the client's answer ends short too (its head, promising the length, is sent by then), and
the proxy says so in its finding. uvicorn then logged "ASGI callable returned without
completing response." at ERROR, which read as a fault of the proxy's own. The app marks its
request's context (``cut_short``); uvicorn's line, logged in that context, is left out
(``CutShortSaidAlready``), and any other app's unfinished answer is still said.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

_CUT_SHORT: ContextVar[bool] = ContextVar("cut_short", default=False)

UNFINISHED = "ASGI callable returned without completing response."
"""uvicorn's words (its h11 and httptools protocols alike)."""


def cut_short() -> None:
    """The answer of the request being served ends short on purpose, and was said to."""
    _CUT_SHORT.set(True)


class CutShortSaidAlready(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not (_CUT_SHORT.get() and record.getMessage() == UNFINISHED)
