"""Error codes no document spells, held to what the documents do say.

The lifecycle document names its refusals in words ("422 — booking not cancelable"), the
merchant documents name none, and the Bardge document spells one code (``permission_denied``);
every other code is this sandbox's inference (``slot_unavailable``). A vendor may spell those
its own way: ``booking.slot_unavailable``, ``bookings/slot-unavailable``. So a code the kit
inferred is asserted exactly only against a booking-sandbox; elsewhere it must name the same
refusal in the same words, whatever namespace or separator surrounds them. A code the vendor
chose for another refusal (``internal_error`` for a taken slot) still fails.
"""

from __future__ import annotations

import re
from typing import Any


def words(text: str) -> str:
    """``Booking.Slot_Unavailable`` reads ``booking slot unavailable``."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def names(said: str, code: str) -> bool:
    """Whether the code a target ``said`` names the refusal ``code`` names, word for word."""
    wanted, given = words(code), words(said)
    return f" {wanted} " in f" {given} "


def inferred_code(facing_sandbox: bool, said: str, code: str) -> None:
    """Asserts an inferred ``code``: exactly on a booking-sandbox, by its words elsewhere."""
    if facing_sandbox:
        assert said == code, f"expected the sandbox's code {code!r}, got {said!r}"
    else:
        assert names(said, code), f"expected a code naming {words(code)!r} (e.g. {code!r}), got {said!r}"


def refused(response: Any, status: int, code: str, said: str | None, *, facing_sandbox: bool) -> None:
    """A documented refusal: its status, and the code it ``said`` naming ``code`` (exactly,
    facing a sandbox). ``said`` None: the target owes no code at all (no document names one)."""
    assert response.status_code == status, (
        f"expected {status} ({code}), got {response.status_code}: {response.text}"
    )
    if said is not None:
        inferred_code(facing_sandbox, said, code)
