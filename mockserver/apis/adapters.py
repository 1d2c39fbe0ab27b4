"""Each API's adapter class by the API's name: what ``serve``'s banner and the registry share.

Kept apart from the registry, which imports every API's handlers (Connexion, SQLAlchemy):
``serve`` prints the mounts at once, before it imports those.
"""

from __future__ import annotations

from mockserver.http.adapter import ApiAdapter, CoverageWords
from mockserver.http.fidelity.variation import ApiVariation

from .bardge import vocabulary as bardge
from .bardge.vocabulary import BardgeAdapter
from .lifecycle import vocabulary as lifecycle
from .lifecycle.vocabulary import LifecycleAdapter
from .merchant import vocabulary as merchant
from .merchant.vocabulary import SANDBOX_ONLY_FIELDS as MERCHANT_SANDBOX_ONLY
from .merchant.vocabulary import MerchantAdapter
from .reservekit import vocabulary as reservekit
from .reservekit.vocabulary import SANDBOX_ONLY_FIELDS as RESERVEKIT_SANDBOX_ONLY
from .reservekit.vocabulary import ReserveKitAdapter

ADAPTERS: dict[str, type[ApiAdapter]] = {
    "reservekit-v1": ReserveKitAdapter,
    "merchant": MerchantAdapter,
    "lifecycle": LifecycleAdapter,
    "bardge-v3": BardgeAdapter,
}


# Fields each API's answers carry that no vendor publication shows (``serve --vendor-only``
# takes them out; docs/fidelity.md lists them). The lifecycle and Bardge answers add none.
SANDBOX_ONLY_FIELDS: dict[str, tuple[str, ...]] = {
    "reservekit-v1": RESERVEKIT_SANDBOX_ONLY,
    "merchant": MERCHANT_SANDBOX_ONLY,
    "lifecycle": (),
    "bardge-v3": (),
}


# What each API's documents leave open, which ``serve --vendor-only --vary`` chooses otherwise.
VARIED: dict[str, ApiVariation] = {
    "reservekit-v1": reservekit.VARIED,
    "merchant": merchant.VARIED,
    "lifecycle": lifecycle.VARIED,
    "bardge-v3": bardge.VARIED,
}


# How a coverage report reads each API's answers (its error codes, its rules).
COVERAGE: dict[str, CoverageWords] = {
    "reservekit-v1": reservekit.COVERAGE,
    "merchant": merchant.COVERAGE,
    "lifecycle": lifecycle.COVERAGE,
    "bardge-v3": bardge.COVERAGE,
}


def mount_of(api: str) -> str:
    return ADAPTERS[api].mount
