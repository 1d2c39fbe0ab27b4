"""No credential reaches a booking: a rule of every API's, judged over any trace.

Another account's credential reaching this account's bookings is judged by the invariants
(``invariants.py``), where the trace's author says which credentials share an account: a
recording cannot tell (a merchant and its customer are two credentials of one account).
"""

from __future__ import annotations

from collections.abc import Iterator

from mockserver.documents.har import Exchange, header_value

from .findings import Finding
from .operations import Operation
from .vocabulary import Vocabulary

FAMILY = "ROLES-EVERY-OPERATION"


def without_credential(
    words: Vocabulary, index: int, exchange: Exchange, operation: Operation
) -> Iterator[Finding]:
    """An operation on a booking answered 2xx to a request that carried no credential."""
    booking = operation.params.get(words.param)
    if booking is None or not 200 <= exchange.status < 300:
        return
    if not header_value(exchange.request_headers, "authorization"):
        said = f"{operation.name} on booking {booking} answered {exchange.status} with no credential sent"
        yield Finding.of(words.rule(FAMILY), index, exchange, said)
