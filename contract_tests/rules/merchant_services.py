"""A merchant's service as the target data lists it: what the shop books and for how long."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ShopService:
    id: int
    kind: str
    duration_minutes: int
    cancellation_deadline_hours: int
    min_participants: int
    max_participants: int
    booking_window_days: int | None

    @classmethod
    def of(cls, listed: Mapping[str, Any]) -> ShopService:
        window = listed.get("booking_window_days")
        return cls(
            booking_window_days=int(window) if window else None,
            id=int(listed["id"]),
            kind=str(listed.get("kind", "appointment")),
            duration_minutes=int(listed.get("duration_minutes", 60)),
            cancellation_deadline_hours=int(listed.get("cancellation_deadline_hours", 0)),
            min_participants=int(listed.get("min_participants", 1)),
            max_participants=int(listed.get("max_participants", 1)),
        )
