"""Times a merchant's booking moves to, found by moving it there and back: the real bodies of
``PATCH /bookings/merchant/{booking_id}`` in the schema checks (``real_ids.merchant``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import chain

from contract_tests.rules.merchant_shop import Merchant, instant, stamp


def move_bodies(
    shop: Merchant, booking: int, freed: list[str], taken: int, wanted: int
) -> list[dict[str, str]]:
    """Moves onto ``freed[taken:]``, times booked and cancelled again (refused where the moved
    booking's employee is busy then: refusals the explorer's walks judge too), then up to
    ``wanted`` moves of ``booking`` onto times it moved to (``moves_of``), so that some move is
    answered 2xx whatever employee each time was freed for. ``freed[:taken]`` are left to the
    creates."""
    length = timedelta(minutes=shop.appointment.duration_minutes)
    bodies = [{"from_date": at, "to_date": stamp(instant(at) + length)} for at in freed[taken:]]
    kept = set(freed[:taken])
    tried = (at for at in chain(freed, map(stamp, chain(shop.starts(4), shop.starts(3)))) if at not in kept)
    return bodies + moves_of(shop, booking, map(instant, tried), wanted)


def moves_of(
    shop: Merchant, booking: int, candidates: Iterable[datetime], wanted: int
) -> list[dict[str, str]]:
    """Up to ``wanted`` move bodies that ``booking`` was answered 200 for, each moved back after.

    A time booked and cancelled again is free for one employee, and a move keeps the booking's
    own (the documents name no other; this sandbox keeps it): against ``serve --vendor-only
    --vary 45`` every one of 76 generated moves onto such times was refused as already booked,
    so the operation went unchecked. A time is now kept only where this booking moved to it."""
    was = shop.starts_of(booking)
    length = timedelta(minutes=shop.appointment.duration_minutes)
    found: list[dict[str, str]] = []
    for starts in candidates:
        if len(found) == wanted:
            break
        body = {"merchant_note": "kit", "from_date": stamp(starts), "to_date": stamp(starts + length)}
        if (
            starts == was
            or shop.merchant.patch(f"/bookings/merchant/{booking}", json=body).status_code != 200
        ):
            continue  # refused (taken, past the window): no use as a real body
        found.append({"from_date": body["from_date"], "to_date": body["to_date"]})
        back = {**body, "from_date": stamp(was), "to_date": stamp(was + length)}
        moved_back = shop.merchant.patch(f"/bookings/merchant/{booking}", json=back)
        assert moved_back.status_code == 200, (
            f"moving booking {booking} back: {moved_back.status_code} {moved_back.text}"
        )
    return found
