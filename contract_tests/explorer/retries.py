"""Requests sent again under their idempotency key, by their caller and by another account.

Where a document names an ``Idempotency-Key`` header on an operation, it promises that a retry
with the same key and body receives the original response and changes nothing, and (Bardge's
"Keys are per reseller") that another account's use of the same key is its own. The walk sends a
key of its own on each such request and, after a 2xx, sends the request again now and then:

- as its caller, a client retrying after a timeout: a replay that answers otherwise breaks the
  document's idempotency rule (``BG-IDEMPOTENCY``), one that made a second booking its identity;
- as another account with the same key and body, two integrators whose keys collide (each
  keys by its own order number): a vendor that looks a key up without its owner answers with
  the walk's booking, which another account is never shown (``ROLES-EVERY-OPERATION``).

Keys and retries come from a random of their own, seeded by the step, so a walk's other draws
are the same with them as without.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from random import Random
from typing import Any

from .spellings import Schemas

KEY_HEADER = "idempotency-key"
AGAIN = 0.3
"""How often a keyed request that succeeded is sent again by its caller; as often, by another
account (where the profile has one)."""


def key_header(schemas: Schemas, parameters: Sequence[Any]) -> str | None:
    """The idempotency key's header as the operation's document spells it, if it takes one."""
    for parameter in parameters:
        resolved = schemas.resolved(parameter)
        if resolved.get("in") == "header" and str(resolved.get("name", "")).lower() == KEY_HEADER:
            return str(resolved["name"])
    return None


def drawn_key(pick: Random, walk: str) -> str:
    """A key of ``walk``'s own: facing a sandbox, each walk starts in a new one, and its keys
    come from the seed alone; a shared target kept what every earlier walk sent."""
    return f"{walk}-{pick.getrandbits(64):016x}"


def again_as(pick: Random, caller: str | None, others: Mapping[str, str | None]) -> list[str | None]:
    """The tokens a request that succeeded is sent again with: its caller's, another account's,
    or none."""
    drawn = pick.random()
    if drawn < AGAIN:
        return [caller]
    if drawn < 2 * AGAIN and others:
        return [others[pick.choice(sorted(others))]]
    return []
