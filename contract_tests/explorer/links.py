"""The spec's links (OpenAPI's ``links`` on an answer): what a document says may follow an
operation on the same booking. The walk reads them two ways.

- A read whose answer links to a write of the booking its own path names (lifecycle's preview to
  its cancel: "Before cancelling, check the cancellation policy") is sent just before that write
  ``LINKED`` of the time (``linked_looks``): the rule engine then holds the write to what the
  read quoted (``rule_engine/money.py``).
- A booking goes on by what its last linking answer offers: a Bardge class booking's create
  links to its class confirmation, not the spa one, and a confirmation to a reschedule. A change
  drawn that the booking's last linking answer does not offer is drawn again from those it does,
  ``FOLLOW`` of the time, from a random of its own: a change the document does not offer is
  still sent, and a walk whose links offer every change draws as it did.
- A change drawn that the booking's last linking answer does not offer, but that a change it
  does offer leads to (an invitation, to its answer; a confirmation, to a reschedule), is that
  change first ``PRECEDE`` of the time, from a random of its own: an answer drawn for a booking
  no one was invited to is refused whoever sends it.
- Where the finder gave a change rows of the walk's own and says what follows it (lifecycle's
  invitation of its guest, to the guest's answer), the change leads there only when sent as one
  of those rows (``goes_on``): an invitation of someone else is answered by no one the walk holds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from random import Random
from typing import Any

from .looks import Look
from .steps import Step

LINKED = 0.5
"""How often a write the spec links a read to is sent just after that read of its booking."""
FOLLOW = 0.5
"""How often a change its booking's last linking answer does not offer is drawn again from those it does."""
PRECEDE = 0.5
"""How often a change the last linking answer does not offer is preceded by one it does that leads to it."""


def links(document: Mapping[str, Any], param: str) -> dict[str, dict[str, str]]:
    """Each operation -> the operations its 2xx answers link to for a booking, each with the
    expression that names it (``$request.path.<param>``, ``$response.body#/id``)."""
    names = {
        operation.get("operationId"): f"{method.upper()} {template}"
        for template, item in document["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, Mapping)
    }
    found: dict[str, dict[str, str]] = {}
    for template, item in document["paths"].items():
        for method, operation in item.items():
            answers = operation.get("responses") or {} if isinstance(operation, Mapping) else {}
            for status, answer in answers.items():
                if not str(status).startswith("2") or not isinstance(answer, Mapping):
                    continue
                for link in (answer.get("links") or {}).values():
                    named = (link.get("parameters") or {}).get(param)
                    target = names.get(link.get("operationId"))
                    if isinstance(named, str) and target is not None:
                        found.setdefault(f"{method.upper()} {template}", {})[target] = named
    return found


def reads_before(document: Mapping[str, Any], param: str) -> dict[str, set[str]]:
    """A write -> the reads whose answer links to it for the booking the read's own path names."""
    found: dict[str, set[str]] = {}
    for source, targets in links(document, param).items():
        for target, named in targets.items():
            if source.startswith("GET ") and named == f"$request.path.{param}":
                found.setdefault(target, set()).add(source)
    return found


def follows(document: Mapping[str, Any], param: str, moves: Sequence[str]) -> dict[str, list[str]]:
    """An operation -> the changes (of ``moves``) its answer links to for the booking it made or
    changed: what the document offers next."""
    found = {source: [m for m in moves if m in targets] for source, targets in links(document, param).items()}
    return {source: offered for source, offered in found.items() if offered}


def followed(pick: Random, drawn: str, offered: Sequence[str]) -> str:
    """``drawn``, or, where the booking's last linking answer does not offer it, one of those it
    does (``offered``) ``FOLLOW`` of the time."""
    if not offered or drawn in offered or pick.random() >= FOLLOW:
        return drawn
    return pick.choice(list(offered))


def preceded(pick: Random, drawn: str, offered: Sequence[str], follows: Mapping[str, Sequence[str]]) -> str:
    """``drawn``, or, where the booking's last linking answer does not offer it (``offered``) but
    offers changes whose answers do (``follows``), one of those ``PRECEDE`` of the time."""
    if not offered or drawn in offered:
        return drawn
    leading = [move for move in offered if drawn in follows.get(move, ())]
    if not leading or pick.random() >= PRECEDE:
        return drawn
    return pick.choice(leading)


def goes_on(step: Step, sent: Any) -> bool:
    """Whether ``step``, having sent ``sent``, leads its booking on to what follows it."""
    return not step.walk_rows or sent in step.walk_rows


def linked_looks(
    pick: Random, looks: Sequence[Look], *, param: str, booking: str
) -> list[tuple[Look, dict[str, Any]]]:
    """The reads linked to a write (``looks``), each of ``booking`` at its first real path, sent
    just before it ``LINKED`` of the time."""
    if not looks or pick.random() >= LINKED:
        return []
    return [(look, {**(look.paths[0] if look.paths else {}), param: booking}) for look in looks]
