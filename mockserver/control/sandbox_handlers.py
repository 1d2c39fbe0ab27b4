"""The control API's operations on a sandbox as a whole: who holds it for a while
(``leases.py``), and forgetting it. ``user`` is the caller's sandbox key."""

from __future__ import annotations

from typing import Any, Protocol

from mockserver.domain.kernel.errors import Leased
from mockserver.http.operations.replies import empty_response, json_reply
from mockserver.storage.tenancy.sandbox_rows import sandbox_hash
from mockserver.storage.tenancy.sandboxes import SandboxStore

from .journal import Journal
from .leases import Leases


class _Parts(Protocol):
    """What of ``handlers.ControlParts`` these operations use."""

    @property
    def store(self) -> SandboxStore: ...
    @property
    def journal(self) -> Journal: ...


class SandboxHandlers:
    _p: _Parts
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

    def forget_sandbox(self, user: str) -> Any:
        """Everything of the key's sandbox, but where a run holds it: forgetting it would end
        the run's state under it, as no clock or fault of another's could."""
        digest = sandbox_hash(user)
        held = self._leases.held(digest)
        if held is not None:
            raise Leased(f"held by {held.holder} until {held.as_json()['until']}: forget it once given back")
        self._p.store.forget(user)
        self._p.journal.forget(digest)
        return empty_response(204)
