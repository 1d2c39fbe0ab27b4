"""Each API's adapter class by the API's name: what ``serve``'s banner and the registry share.

Kept apart from the registry, which imports every API's handlers (Connexion, SQLAlchemy):
``serve`` prints the mounts at once, before it imports those.
"""

from __future__ import annotations

from mockserver.http.adapter import ApiAdapter

from .bardge.vocabulary import BardgeAdapter
from .lifecycle.vocabulary import LifecycleAdapter
from .merchant.vocabulary import MerchantAdapter
from .reservekit.vocabulary import ReserveKitAdapter

ADAPTERS: dict[str, type[ApiAdapter]] = {
    "reservekit-v1": ReserveKitAdapter,
    "merchant": MerchantAdapter,
    "lifecycle": LifecycleAdapter,
    "bardge-v3": BardgeAdapter,
}


def mount_of(api: str) -> str:
    return ADAPTERS[api].mount
