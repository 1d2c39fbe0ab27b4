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
    contexts: frozenset[str] = frozenset()
    """The bounded contexts of the domain its handlers work in, beside the kernel: what a new
    sandbox's tenant of this API is seeded with (``storage.tenancy.materialise.CONTEXTS``)."""


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
        contexts=frozenset({"slots"}),
    ),
    "merchant": ApiKind(
        ADAPTERS["merchant"],
        MerchantHandlers,
        "mockserver.apis.merchant.auth.bearer_info",
        contexts=frozenset({"calendar"}),
    ),
    "lifecycle": ApiKind(
        ADAPTERS["lifecycle"],
        LifecycleHandlers,
        "mockserver.apis.lifecycle.auth.bearer_info",
        contexts=frozenset({"calendar", "lifecycle"}),
    ),
    "bardge-v3": ApiKind(
        ADAPTERS["bardge-v3"],
        BardgeHandlers,
        "mockserver.apis.bardge.auth.bearer_info",
        contexts=frozenset({"slots", "reseller"}),
    ),
}


def api_parts(api: str, store: SandboxStore, events: EventSink) -> ApiParts:
    kind = _APIS[api]
    handlers = kind.handlers(store, events) if kind.publishes_events else kind.handlers(store)
    return ApiParts(kind.adapter(), handlers, kind.bearer_info)


def contexts_of(api: str) -> frozenset[str] | None:
    """The bounded contexts ``api``'s tenants hold (None: an API not served here, all)."""
    kind = _APIS.get(api)
    return kind.contexts if kind is not None else None


def mount_of(api: str) -> str:
    return adapters.mount_of(api)
