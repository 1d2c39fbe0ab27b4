"""Another kit run booking on the same account during a run: no verdict either way.

On a vendor's account the kit books as if it were the only writer while a check runs: a time
it saw free is one it can take, a list it read twice changed by its own hand alone. Two runs
at once on one account (two CI pipelines, one target-data file) break that, and each failed
checks the vendor passes (capacity and race rules, a neighbour the other run changed). A vendor
offers nothing to hold an account with, as a booking-sandbox's lease holds a sandbox.

So each run marks the customers it books on a shared target with a tag of its own
(``kit.<tag>.<n>@example.com``), and a check that failed there looks, as it ends, at the
bookings of what it touched, and at those its own reads showed: one made for another run's
customer after this run began (both by the target's clock: its first ``Date``, or its first
booking's ``created_at``) means another run was booking beside it, and the check has no
verdict. A tagged booking of an earlier run, made before this run began, is no evidence; nor
is one whose ``created_at`` this run saw earlier as another instant (a vendor moving a
neighbour's timestamp has broken a rule, which must stay a failure). A person booking by hand
leaves no tag, and a failure then stands.

Looked for where the API shows who booked and when (ReserveKit's bookings list); elsewhere a
failure stands as it is.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests

from mockserver.documents.har import Exchange

from .client import Api
from .marks import tag_of
from .patience import http_date
from .run import Run

DATE_DRIFT = timedelta(minutes=10)
"""How far before its first booking's ``created_at`` a run's first ``Date`` may lie and still
date the run: a run books within seconds of its first request."""
CONTENDED = "another contract kit run was booking on this account"
"""The first words of a contended check's reason, as the table prints it."""


@dataclass(frozen=True)
class Seen:
    """A booking a look found: what to call it, its customer's tag (None: no kit's), and when the
    target says it was made."""

    what: str
    tag: str | None
    created: datetime


Look = Callable[[Callable[..., Any], Sequence[Exchange]], Iterator[Seen]]
"""Lists the bookings of what a check's exchanges touched, through ``get(path, params=…)``."""


def beside(tag: str, whole_run: Sequence[Exchange], seen: Sequence[Seen]) -> str | None:
    """Why a check has no verdict, where ``seen`` holds a booking of another run's made after
    this run began (``whole_run``: every exchange so far); None where nothing shows one."""
    # The whole run's answers are read only where another run's customer is in sight at all.
    others = [booking for booking in seen if booking.tag not in (None, tag)]
    first = _first_made(whole_run) if others else None
    if first is None:
        return None
    earlier = _created_as_read(whole_run)
    for booking in others:
        if booking.created <= first:
            continue
        if any(was != booking.created for was in earlier.get(booking.what, ())):
            continue  # its timestamp moved under this run's eyes: the vendor's doing
        return (
            f"{CONTENDED} meanwhile (its {booking.what}, made at {booking.created:%H:%M:%S} UTC by the "
            f"target's clock, after this run began at {first:%H:%M:%S}, for kit run {booking.tag}'s "
            f"customer; this run is {tag}): no verdict either way; run the kit's jobs one at a time on "
            "one account, or give each its own (docs/contract-kit.md)"
        )
    return None


def reservekit_bookings(get: Callable[..., Any], exchanges: Sequence[Exchange]) -> Iterator[Seen]:
    """The bookings of each service the check's requests named, through the documented list."""
    services = {
        value
        for exchange in exchanges
        for value in parse_qs(urlsplit(exchange.url).query).get("service_id", [])
        if value.isdigit()
    }
    for service in sorted(services, key=int)[:5]:
        for page in range(1, 6):
            answer = get("/v1/bookings", params={"service_id": service, "page": page, "page_size": 100})
            if answer.status_code != 200:
                break
            listed = answer.json()["data"]
            yield from _walk(listed["bookings"])
            if page >= int(listed.get("pagination", {}).get("total_pages", 1)):
                break


LOOKS: dict[str, Look] = {"reservekit-v1": reservekit_bookings}


def _first_made(exchanges: Sequence[Exchange]) -> datetime | None:
    """When this run began by the target's clock: the ``Date`` of its first answer (RFC 9110
    6.6.1, whole seconds: the second before it), or the ``created_at`` of its first create's
    answer where that is earlier, or the target sends no ``Date``. A ``Date`` more than
    ``DATE_DRIFT`` before that first booking is no reading of the clock that made it (a server's
    clock unset, a cache's stale header): an anchor that early would count an earlier run's
    bookings as made beside this one."""
    began = _dated(exchanges[0]) if exchanges else None
    made = next((booking.created for e in exchanges if e.method == "POST" for booking in _shown(e)), None)
    if began is None or (made is not None and made - began > DATE_DRIFT):
        return made
    return began if made is None else min(began, made)


def _dated(exchange: Exchange) -> datetime | None:
    dated = {name.lower(): value for name, value in exchange.response_headers.items()}.get("date")
    sent = http_date(dated) if dated else None
    return sent - timedelta(seconds=1) if sent is not None else None


def _created_as_read(exchanges: Sequence[Exchange]) -> dict[str, set[datetime]]:
    """Each booking's ``created_at`` as this run's reads gave it."""
    read: dict[str, set[datetime]] = {}
    for exchange in exchanges:
        if exchange.method == "GET" and exchange.status == 200:
            for booking in _shown(exchange):
                read.setdefault(booking.what, set()).add(booking.created)
    return read


def read_by(exchanges: Sequence[Exchange]) -> list[Seen]:
    """The bookings a check's own reads showed: another run's may be gone (cancelled, deleted)
    by the time the check ends and looks."""
    return [booking for exchange in exchanges if exchange.method == "GET" for booking in _shown(exchange)]


def _shown(exchange: Exchange) -> list[Seen]:
    if not 200 <= exchange.status < 300:
        return []
    try:  # any answer a vendor gave, nested too deep to read among them
        return list(_walk(json.loads(exchange.response_body)))
    except (ValueError, RecursionError):
        return []


def _walk(node: Any) -> Iterator[Seen]:
    """The bookings in an answer: each with an id, a customer, and when it was made."""
    if isinstance(node, dict):
        customer = node.get("customer")
        if "id" in node and isinstance(customer, dict) and (made := _instant(node.get("created_at"))):
            yield Seen(f"booking {node['id']}", tag_of(customer.get("email")), made)
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from _walk(value)


def _instant(text: object) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:  # RFC 3339 in any offset, with or without fractions: compared as instants
        made = datetime.fromisoformat(text)
    except ValueError:
        return None
    return made if made.tzinfo is not None else None


def contended(run: Run, exchanges: Sequence[Exchange]) -> str | None:
    """Why a check that failed on a shared target (a vendor's account) has no verdict, where its
    look finds another run's booking made beside it; None elsewhere (a booking-sandbox's own
    sandbox, an API without a look, a look the target refuses)."""
    look = LOOKS.get(run.target.api)
    if look is None or run.facts is not None or not exchanges:
        return None
    seen = read_by(exchanges)
    # The look judges nothing (the check has its verdict): its answers are not held to the spec.
    caller = Api(run.session, run.target.base_url, run.callers.token(run.profile.main_role), _unjudged)
    # A look refused or cut short: what the check read itself, and what the look found before, is
    # the evidence.
    with contextlib.suppress(
        requests.RequestException, ValueError, KeyError, TypeError, AttributeError, RecursionError
    ):
        seen += look(caller.get, exchanges)
        # Looked at again where another run's customer is in sight: a vendor that answers each
        # booking's created_at as the moment it is read then shows two instants for one booking,
        # and an earlier run's booking, never read before, does not count as made beside this one.
        if any(booking.tag not in (None, run.tag) for booking in seen):
            seen += look(caller.get, exchanges)
    return beside(run.tag, run.recorder.exchanges, seen)


def _unjudged(method: str, path: str, response: requests.Response) -> None:
    """No conformance: what a look reads is evidence, not a verdict."""
