"""Why a check failed, in words a QA engineer can act on, never a Python exception's text.

A failed check's report says what broke (the scenario's own assertion message, or the
comparison pytest made of it), what the document says (the rule's quote, added by the
report), and the last exchange before it broke: what was sent and what came back. A
Schemathesis failure keeps Schemathesis' own words: each distinct failure's title and
message, and its ``curl`` line.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from urllib.parse import urlsplit

import requests
from schemathesis.core.failures import Failure, FailureGroup

from mockserver.documents.har import TOO_DEEP, Exchange

_EXCERPT = 200
_SAID = 300
"""What of a failed assertion's first line the reason keeps."""


def reason(error: BaseException, exchanges: Sequence[Exchange]) -> str:
    """One paragraph: what broke, then the exchange it broke on (when the check sent any)."""
    what = _schemathesis(error) if isinstance(error, FailureGroup | Failure) else _what_broke(error)
    if exchanges and "\nreproduce: " not in what and "\nreplay: " not in what:
        what += f"\nlast exchange: {exchange_line(exchanges[-1])}"
    return what


# What an exception other than a failed assertion means for the target, by its kind: the
# scenario read an answer that was not as the document shows it.
_MEANINGS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    ((IndexError, StopIteration), "an answer listed fewer items than the scenario had made or expected"),
    (json.JSONDecodeError, "an answer was not JSON, though the document shows a JSON body"),
    # Python's JSON reader gives up about a thousand levels down.
    (RecursionError, f"an answer was {TOO_DEEP.why} (a thousand levels or more)"),
    # Where it then answers again (a target gone for good leaves the check unchecked: outage.py).
    (requests.RequestException, "the target gave no whole answer to a request"),
    (
        (TypeError, ValueError, AttributeError),
        "an answer did not have the shape the document shows (a field of another type, or missing)",
    ),
)


def _what_broke(error: BaseException) -> str:
    if getattr(error, "kit_text", False):  # a message written to be read whole (the explorer's)
        return str(error)
    if isinstance(error, AssertionError):
        lines = [line for line in str(error).splitlines() if line.strip()]
        # A scenario's message may be the answer's whole body: the exchange's line shows it, cut.
        return _cut(lines[0], _SAID) if lines else "an expectation of the scenario did not hold"
    if isinstance(error, KeyError):
        return f"an answer lacked the field {error.args[0]!r}, which the scenario reads as documented"
    if isinstance(error, NameError | ImportError):
        # No answer of a target's makes these: the kit's own code, or its install, is broken.
        said = f"{type(error).__name__}: {error}"
        return f"the kit's own fault, not the target's ({said}); --debug shows where"
    for kinds, meaning in _MEANINGS:
        if isinstance(error, kinds):
            return meaning
    return "the scenario could not go on with the target's answer"


def _schemathesis(error: FailureGroup | Failure) -> str:
    # By their codes: Schemathesis lists a case's failures in the order its checks came back,
    # which varied from run to run, and so did the reason's first line.
    failures = sorted(
        list(error.exceptions) if isinstance(error, FailureGroup) else [error],
        key=lambda failure: (failure.code, failure.title),
    )
    lines = [f"{failure.code} {failure.title}: {' '.join(failure.message.split())}" for failure in failures]
    text = error.message if isinstance(error, FailureGroup) else ""
    curl = next((line.strip() for line in text.splitlines() if line.strip().startswith("curl ")), "")
    if curl:
        lines.append(f"reproduce: {curl}")
    return "\n".join(lines)


def exchange_line(exchange: Exchange, caller: str = "") -> str:
    """``POST /v1/bookings {"date": …} -> 201 {"data": …}``, each body cut short; ``caller``
    (`` as key``) goes after the path, where the explorer names who sent it."""
    sent = _body(exchange.request_body)
    came = _body(exchange.response_body)
    path = urlsplit(exchange.url)
    target = path.path + (f"?{path.query}" if path.query else "")
    request = f"{exchange.method} {target}{caller}" + (f" {sent}" if sent else "")
    if not exchange.status:
        return f"{request} -> no answer"
    return f"{request} -> {exchange.status}" + (f" {came}" if came else "")


def _body(content: bytes) -> str:
    return _cut(" ".join(content.decode("utf-8", errors="replace").split()), _EXCERPT)


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[:length] + "…"
