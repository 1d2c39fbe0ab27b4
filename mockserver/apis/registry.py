"""The APIs the sandbox can serve, and the parts each is made of."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mockserver.http.adapter import ApiAdapter
from mockserver.storage.tenancy.sandboxes import SandboxStore

from . import adapters
from .adapters import ADAPTERS
from .bardge.handlers import BardgeHandlers
from .lifecycle.handlers import LifecycleHandlers
from .merchant.handlers import MerchantHandlers
from .reservekit.handlers import EventSink, ReserveKitHandlers


@dataclass(frozen=True)
class ApiKind:
    adapter: type[ApiAdapter]
    handlers: type[Any]
    bearer_info: str
    """Importable name of the key check; Connexion resolves it by name."""
    publishes_events: bool = False
    """Whether its handlers take the webhook event sink (the APIs whose documents have webhooks)."""


@dataclass(frozen=True)
class ApiParts:
    adapter: ApiAdapter
    handlers: Any
    bearer_info: str


_APIS = {
    "reservekit-v1": ApiKind(
        ADAPTERS["reservekit-v1"],
        ReserveKitHandlers,
        "mockserver.apis.reservekit.auth.bearer_info",
        publishes_events=True,
    ),
    "merchant": ApiKind(ADAPTERS["merchant"], MerchantHandlers, "mockserver.apis.merchant.auth.bearer_info"),
    "lifecycle": ApiKind(
        ADAPTERS["lifecycle"], LifecycleHandlers, "mockserver.apis.lifecycle.auth.bearer_info"
    ),
    "bardge-v3": ApiKind(ADAPTERS["bardge-v3"], BardgeHandlers, "mockserver.apis.bardge.auth.bearer_info"),
}


def api_parts(api: str, store: SandboxStore, events: EventSink) -> ApiParts:
    kind = _APIS[api]
    handlers = kind.handlers(store, events) if kind.publishes_events else kind.handlers(store)
    return ApiParts(kind.adapter(), handlers, kind.bearer_info)


def mount_of(api: str) -> str:
    return adapters.mount_of(api)
