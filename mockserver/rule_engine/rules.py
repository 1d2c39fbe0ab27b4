"""The documents' rules in a passive form: what a sequence of observed exchanges can prove
broken, and nothing it cannot. Each finding names the inventory rule
(``contract_tests/inventory.yaml``) and the exchange that broke it; a rule whose evidence never
passed by is simply not met, never failed."""

from __future__ import annotations

from .bardge_rules import BardgeRules
from .lifecycle_rules import LifecycleRules
from .merchant_rules import MerchantRules
from .observed import Rules
from .reservekit_rules import ReserveKitRules

RULES: dict[str, type[Rules]] = {
    "reservekit-v1": ReserveKitRules,
    "merchant": MerchantRules,
    "lifecycle": LifecycleRules,
    "bardge-v3": BardgeRules,
}

__all__ = ["RULES", "Rules"]
