"""A lifecycle cancellation preview, as the money rule reads it: "Before cancelling, check the
cancellation policy … Returns the applicable cancellation fee … The refund amount … The deadline
for the current fee tier", then "Cancel … The order is settled at the fee tier that applies now".

So a preview's amounts are its bookings', and it quotes the cancel that follows: the booking's
order is settled at the fee the preview showed for it, or, since a trace does not say the
target's time, at the next tier's fee where the preview names one (its deadline may have passed
between the two). Settled at the quoted fee, where the preview quoted a refund, the order keeps
that fee of what was paid and gives the rest back.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .operations import Operation
from .prices import Quote, decimal_of
from .reading import data_of, instant_of

PREVIEW = "GET /api/v1/bookings/{booking_id}/cancellation-preview"
CANCEL = "GET /api/v1/bookings/{booking_id}/cancel"
PREVIEWS = "cancellation-previews"


def preview_sums(operation: Operation, body: Any) -> Iterator[str]:
    """What in a preview does not add up: its refund and fee over the bookings it covers."""
    data = data_of(body)
    if not isinstance(data, dict) or data.get("type") != PREVIEWS:
        return
    attributes = data.get("attributes") or {}
    covered = _covered(attributes)
    for whole, each in (("refund_amount", "refund_amount"), ("total_fee_amount", "fee_amount")):
        amounts = [decimal_of(item.get(each)) for item in covered]
        said = decimal_of(attributes.get(whole))
        if not covered or said is None or None in amounts:
            continue
        added = sum(amount for amount in amounts if amount is not None)
        if said != added:
            preview = data.get("id")
            yield f"cancellation preview {preview}: {whole} {said}, its bookings' {each}s add to {added}"


def quotes(operation: Operation, body: Any) -> list[Quote]:
    """The cancel a 2xx preview quotes: its booking's own fee, and the next tier's where the
    preview covers that booking alone (a series' next-tier fee is not each booking's)."""
    data = data_of(body)
    booking = operation.params.get("booking_id")
    if operation.name != PREVIEW or booking is None or not isinstance(data, dict):
        return []
    attributes = data.get("attributes") or {}
    covered = _covered(attributes)
    own = [item for item in covered if str(item.get("booking_id")) == str(booking)]
    fee = decimal_of(own[0].get("fee_amount")) if len(own) == 1 else None
    if fee is None:
        return []
    following = attributes.get("next_tier")
    after = decimal_of(following.get("fee_amount")) if isinstance(following, dict) else None
    prices = (fee,) if after is None or after == fee or len(covered) != 1 else (fee, after)
    # "The refund amount": where there is one, what was paid beyond the fee goes back, and the fee stays.
    refund = decimal_of(own[0].get("refund_amount"))
    kept = fee if refund is not None and refund > 0 else None
    deadline = instant_of(attributes.get("deadline"))
    return [Quote(str(booking), frozenset({CANCEL}), prices, deadline, kept)]


def _covered(attributes: Any) -> list[dict[str, Any]]:
    covered = attributes.get("bookings") if isinstance(attributes, dict) else None
    return [item for item in covered or [] if isinstance(item, dict)]
