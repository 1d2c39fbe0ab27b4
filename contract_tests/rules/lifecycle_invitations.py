"""Invitations the kit makes itself where a vendor's arranged ones are used up.

An invitation is answered once, by its guest. A vendor's target data names those it arranged
(``lifecycle.bookings[].invited``), and the invitations rule answers two: on a vendor that
arranged two, accept-invite and reject-invite met no open invitation and went unchecked.
The document says how to make one: "New emails are invited (status ``invited``)" by
``edit-participants``. So the kit, as the owner of an accepted booking the
target data names, invites the email of another owner it holds a token for (read from their
own booking), keeps the booking's participants as they were, and checks that the answer shows
that customer invited. It removes them again at the run's end, as their owner, by the same
operation. A target that shows no email, refuses the edit, or invites someone else gives none:
the operations stay unchecked, saying what they need.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from typing import Any

from contract_tests.kit.client import Api
from contract_tests.kit.run import Run
from contract_tests.kit.tidy import Tidy

from .lifecycle_desk import BOOKINGS, open_invitations, participants

KEPT = ("email", "name", "can_edit", "attending_virtually")
"""A participant's fields ``edit-participants`` takes: sent back as read, they keep the participant."""


def invitations_to_answer(run: Run, tidy: Tidy, wanted: int, *, made_first: bool) -> list[Mapping[str, Any]]:
    """Up to ``wanted`` open invitations no other check took, now this one's: the target data's
    and the kit's own, ``made_first`` or after those. The invitations rule takes the vendor's
    first (its arranged data is what the rule is about); the conformance phase, which may find
    its ids before the rules run, makes its own first and leaves the vendor's to the rule."""
    arranged = [b for b in open_invitations(run) if _taken(b) not in run.invitations_taken]
    if made_first:
        found = invitations_made(run, tidy, wanted)
        found += arranged[: wanted - len(found)]
    else:
        found = arranged[:wanted]
        found += invitations_made(run, tidy, wanted - len(found)) if len(found) < wanted else []
    run.invitations_taken.update(_taken(booking) for booking in found)
    return found


def _taken(booking: Mapping[str, Any]) -> tuple[str, str]:
    return booking["id"], booking["invited"][0]["participant_id"]


def invitations_made(run: Run, tidy: Tidy, wanted: int) -> list[Mapping[str, Any]]:
    """Up to ``wanted`` open invitations, each as the target data names one (the booking's
    ``id``, its ``owner_token``, and its ``invited`` guest's ``participant_id`` and ``token``)."""
    named = [b for b in run.data.of("lifecycle").get("bookings") or () if b.get("status") == "accepted"]
    people = _people(run, named)
    made: list[Mapping[str, Any]] = []
    for host in named:
        if len(made) < wanted:
            # An answer not shaped as documented is the schema checks' finding; here, no host.
            with contextlib.suppress(KeyError, TypeError, ValueError):
                made += _invited_to(run, tidy, host, people, wanted - len(made))
    return made


def _invited_to(
    run: Run, tidy: Tidy, host: Mapping[str, Any], people: list[dict[str, str]], wanted: int
) -> list[Mapping[str, Any]]:
    """Up to ``wanted`` of ``people`` invited to ``host``, its owner keeping its participants."""
    owner = run.caller(host["owner_token"])
    read = owner.get(f"{BOOKINGS}/{host['id']}")
    if read.status_code != 200:
        return []
    attributes = read.json()["data"]["attributes"]
    kept = [
        {key: p[key] for key in KEPT if p.get(key) is not None}
        for p in attributes["participants"]
        if not p.get("is_owner")
    ]
    if any("email" not in p for p in kept):
        return []  # a participant it cannot name again would be removed
    present = {p["id"] for p in attributes["participants"]} | {attributes["owner"]["id"]}
    guests = [person for person in people if person["participant_id"] not in present][:wanted]
    if not guests:
        return []
    asked = kept + [{"email": guest["email"]} for guest in guests]
    edited = owner.post(f"{BOOKINGS}/{host['id']}/edit-participants", json={"participants": asked})
    if edited.status_code != 200:
        return []
    # Removed again at the end, as the owner: whatever the guests answered meanwhile.
    tidy.later(_edit(owner, host["id"], kept), f"the kit's guests invited to booking {host['id']}")
    shown = participants(edited.json())
    return [
        {"id": host["id"], "owner_token": host["owner_token"], "invited": [{"participant_id": g, "token": t}]}
        for g, t in ((guest["participant_id"], guest["token"]) for guest in guests)
        if shown.get(g) == "invited"
    ]


def _edit(owner: Api, booking_id: str, participants: list[dict[str, Any]]) -> Callable[[], Any]:
    return lambda: owner.post(
        f"{BOOKINGS}/{booking_id}/edit-participants", json={"participants": participants}
    )


def _people(run: Run, named: list[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Each owner the target data names once, with the id and email their own booking shows."""
    people: dict[str, dict[str, str]] = {}
    for booking in named:
        token = booking["owner_token"]
        if any(person["token"] == token for person in people.values()):
            continue
        read = run.caller(token).get(f"{BOOKINGS}/{booking['id']}")
        with contextlib.suppress(KeyError, TypeError, ValueError):
            owner = read.json()["data"]["attributes"]["owner"] if read.status_code == 200 else {}
            if owner.get("email"):
                people[owner["id"]] = {"participant_id": owner["id"], "email": owner["email"], "token": token}
    return list(people.values())
