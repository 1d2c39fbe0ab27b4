"""uvicorn's line for an unfinished answer is left out only where the app cut it short on
purpose, having said why (``http/connection/cut_short.py``)."""

from __future__ import annotations

import contextvars
import logging

from mockserver.http.connection.cut_short import UNFINISHED, CutShortSaidAlready, cut_short


def said(message: str) -> logging.LogRecord:
    return logging.LogRecord("uvicorn.error", logging.ERROR, __file__, 1, message, None, None)


def test_only_a_marked_requests_unfinished_answer_is_left_out() -> None:
    kept = CutShortSaidAlready()

    def marked() -> tuple[bool, bool]:
        cut_short()
        return kept.filter(said(UNFINISHED)), kept.filter(said("Exception in ASGI application"))

    assert contextvars.copy_context().run(marked) == (False, True)
    # Another request's context (every other app's unfinished answer) is still said.
    assert contextvars.copy_context().run(lambda: kept.filter(said(UNFINISHED))) is True
