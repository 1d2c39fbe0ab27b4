"""Undoing what Schemathesis creates, so the schema phases leave a target as they found it.

The scenarios register their own undos as they book (``tidy.py``); Schemathesis books too,
whenever a generated create is valid. Every answer it gets passes through an ``after_call``
hook: a create that succeeded is remembered with the request that cancels or deletes it,
as the role that made it (its own ``Authorization``), and the run's end sends them all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import requests

from mockserver.documents.har import Unreadable, json_document

from .tidy import ALREADY_GONE, Tidy


@dataclass(frozen=True)
class Undo:
    method: str
    path: str
    body: Mapping[str, Any] | None = None


def _json(content: bytes | str) -> Any:
    document = json_document(content.encode() if isinstance(content, str) else content)
    return None if isinstance(document, Unreadable) else document


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    value = headers.get(name.lower())
    return (value[0] if isinstance(value, list) else value) or None


def _reservekit(path: str, body: Any, headers: Mapping[str, Any], sent: Any) -> Undo | None:
    if path == "/v1/bookings" and isinstance(body, dict) and isinstance(body.get("data"), dict):
        return Undo("DELETE", f"/v1/bookings/{body['data']['id']}")
    return None


def _merchant(path: str, body: Any, headers: Mapping[str, Any], sent: Any) -> Undo | None:
    booking = _header(headers, "X-Booking-Id")
    if booking is None:
        return None
    if path == "/bookings/customer" and isinstance(sent, dict):
        cancel = {"booking_id": int(booking), "merchant_name": sent.get("merchant_name", "")}
        return Undo("DELETE", f"/bookings/customer/{booking}", cancel)
    if path == "/bookings/merchant":
        return Undo("DELETE", f"/bookings/merchant/{booking}", {"cancellation_reason": "contract kit"})
    return None


def _lifecycle(path: str, body: Any, headers: Mapping[str, Any], sent: Any) -> Undo | None:
    if path == "/api/v1/bookings/instant" and isinstance(body, dict) and isinstance(body.get("data"), dict):
        return Undo("GET", f"/api/v1/bookings/{body['data']['id']}/cancel")
    return None


def _bardge(path: str, body: Any, headers: Mapping[str, Any], sent: Any) -> Undo | None:
    if not isinstance(body, dict):
        return None
    # An initiation answers with the new booking's ``booking_id``; a reschedule with the whole
    # new booking (ResellerV3BookingResponse), whose own id is ``id``.
    made = body.get("id") if path.endswith("/reschedule") else body.get("booking_id")
    if isinstance(made, str) and (
        path in ("/bookings/class", "/bookings/spa") or path.endswith("/reschedule")
    ):
        return Undo("POST", f"/bookings/{made}/cancel")
    return None


UNDOS: dict[str, Callable[[str, Any, Mapping[str, Any], Any], Undo | None]] = {
    "reservekit-v1": _reservekit,
    "merchant": _merchant,
    "lifecycle": _lifecycle,
    "bardge-v3": _bardge,
}
# What each API answers an undo of something already cancelled or deleted, where it differs
# from the common answers (Bardge's document: a second cancel is permission_denied, 403).
GONE = {"bardge-v3": (*ALREADY_GONE, 403)}


class Creations:
    """The undos of what Schemathesis and the explorer created on the target, sent at the run's end."""

    def __init__(self, api: str, base_url: str, session: requests.Session) -> None:
        self.api = api
        self.base_url = base_url
        self.session = session
        self.pending: list[tuple[Undo, str | None]] = []

    def seen(self, method: str, path: str, response: Any) -> None:
        """After each call of theirs: remember the undo of a create that succeeded."""
        if method.upper() != "POST" or not 200 <= response.status_code < 300:
            return
        request = response.request
        sent = _json(request.body) if isinstance(request.body, bytes | str) and request.body else None
        undo = UNDOS[self.api](path, _json(response.content), response.headers, sent)
        if undo is not None:
            self.pending.append((undo, request.headers.get("Authorization")))

    def undo_all(self, tidy: Tidy) -> None:
        gone = GONE.get(self.api, ALREADY_GONE)
        for undo, authorization in self.pending:
            headers = {"Authorization": authorization} if authorization else {}

            def send(undo: Undo = undo, headers: dict[str, str] = headers) -> requests.Response:
                return self.session.request(
                    undo.method, self.base_url + undo.path, json=undo.body, headers=headers, timeout=30
                )

            tidy.later(send, f"what Schemathesis made, undone by {undo.method} {undo.path}", gone)
        self.pending.clear()
        tidy.run_all()
