"""The control API's lease operations (``leases.py``); ``user`` is the caller's sandbox key."""

from __future__ import annotations

from typing import Any

from mockserver.http.operations.replies import empty_response
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash

from .leases import Leases

# Each operation documents problem+json too: Connexion is told which one an answer is.
JSON = {"Content-Type": "application/json"}


class LeaseHandlers:
    _leases: Leases

    def read_lease(self, user: str) -> tuple[Any, int, dict[str, str]]:
        held = self._leases.held(sandbox_hash(user))
        return {"lease": None if held is None else held.as_json()}, 200, JSON

    def take_lease(self, user: str, body: dict[str, Any]) -> tuple[Any, int, dict[str, str]]:
        taken = self._leases.take(sandbox_hash(user), body["holder"], body["seconds"])
        return taken.as_json(), 200, JSON

    def give_back_lease(self, user: str, holder: str) -> Any:
        self._leases.give_back(sandbox_hash(user), holder)
        return empty_response(204)
