"""The control API's lease operations (``leases.py``); ``user`` is the caller's sandbox key."""

from __future__ import annotations

from typing import Any

from mockserver.http.operations.replies import empty_response, json_reply
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash

from .leases import Leases


class LeaseHandlers:
    _leases: Leases

    def read_lease(self, user: str) -> tuple[Any, int, dict[str, str]]:
        held = self._leases.held(sandbox_hash(user))
        return json_reply({"lease": None if held is None else held.as_json()})

    def take_lease(self, user: str, body: dict[str, Any]) -> tuple[Any, int, dict[str, str]]:
        taken = self._leases.take(sandbox_hash(user), body["holder"], body["seconds"])
        return json_reply(taken.as_json())

    def give_back_lease(self, user: str, holder: str) -> Any:
        self._leases.give_back(sandbox_hash(user), holder)
        return empty_response(204)
