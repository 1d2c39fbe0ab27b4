"""The APIs the sandbox can serve, and the parts each is made of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mockserver.http.adapter import ApiAdapter
from mockserver.storage.sandboxes import SandboxStore

from .reservekit.handlers import ReserveKitHandlers
from .reservekit.vocabulary import ReserveKitAdapter


@dataclass(frozen=True)
class ApiParts:
    adapter: ApiAdapter
    handlers: Any
    bearer_info: str
    """Importable name of the key check; Connexion resolves it by name."""


def api_parts(api: str, store: SandboxStore) -> ApiParts:
    if api == "reservekit-v1":
        return ApiParts(
            ReserveKitAdapter(),
            ReserveKitHandlers(store),
            "mockserver.apis.reservekit.auth.bearer_info",
        )
    raise ValueError(f"no adapter for {api}")


def mount_of(api: str) -> str:
    mounts = {"reservekit-v1": ReserveKitAdapter.mount}
    return mounts[api]
