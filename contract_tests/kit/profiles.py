"""What the kit knows of each API beyond its spec: callers' roles, and the statuses rules may answer.

``acceptable`` widens Schemathesis's ``positive_data_acceptance`` check: a
request valid by the schema may still break a documented rule (a full slot, a
booking of someone else's), and each document answers those with its own
statuses. Tokens come from the user or the target data (``callers.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Profile:
    main_role: str
    roles: Mapping[str, str]  # role -> what a token for it must be, for --help and skip reasons
    acceptable: tuple[str, ...]
    spec_role: Callable[[str], str] = field(default=lambda path: "")
    disabled_checks: tuple[str, ...] = ()
    body_roles: tuple[str, ...] = ()
    """Roles whose token travels in a request's body, not as its bearer (Bardge's client token)."""
    needs: Mapping[str, str] = field(default_factory=dict)
    """``METHOD /path`` -> what reaching it takes, said where no 2xx came back: the target-data
    field that names one where there is such a field, else what the target must offer."""
    people: str = ""
    """The target-data field that gives each role's person by role (a merchant books a
    customer by their id), where the API's bodies name people another account may be."""

    @property
    def bearer_roles(self) -> tuple[str, ...]:
        return tuple(role for role in self.roles if role not in self.body_roles)

    def role_for(self, path: str) -> str:
        """The role whose token the Schemathesis run sends to an operation."""
        return self.spec_role(path) or self.main_role


def _merchant_spec_role(path: str) -> str:
    return "customer" if path.startswith("/bookings/customer") else "merchant"


PROFILES: dict[str, Profile] = {
    "reservekit-v1": Profile(
        main_role="key",
        roles={"key": "an API key", "other": "a second API key (another account)"},
        acceptable=("2xx", "400", "401", "404", "429"),
    ),
    "merchant": Profile(
        main_role="merchant",
        roles={
            "merchant": "a merchant's token",
            "customer": "a customer's token",
            "other": "another merchant's token",
            "other_customer": "another customer's token",
        },
        acceptable=("2xx", "400", "401", "403", "404", "409"),
        spec_role=_merchant_spec_role,
        people="customer_ids",
        # A cancelled booking stays readable by design (its status says cancelled).
        disabled_checks=("use_after_free",),
    ),
    "lifecycle": Profile(
        main_role="customer",
        roles={
            "customer": "a customer's token",
            "other": "another customer's token",
            "guest": "a third customer's token, whom the explorer invites to its own bookings",
        },
        acceptable=("2xx", "400", "401", "403", "404", "422"),
        needs={
            f"POST /api/v1/bookings/{{booking_id}}/{answer}": (
                "it needs an invitation still open: an accepted booking in the target data's "
                "lifecycle.bookings whose invited guest has not answered, one for accept-invite and "
                "one for reject-invite (each is answered once, and the invitations rule takes two), "
                "or two owners the target data names, whose own bookings show their emails, and an "
                "accepted booking of theirs that takes more participants (the kit invites them by "
                "edit-participants)"
            )
            for answer in ("accept-invite", "reject-invite")
        },
    ),
    "bardge-v3": Profile(
        main_role="reseller",
        roles={
            "reseller": "a reseller's token",
            "other": "another reseller's token",
            "client": "a client token from a verified lookup",
        },
        acceptable=("2xx", "400", "401", "402", "403", "404", "409", "410", "422"),
        body_roles=("client",),
        needs={
            **{
                operation: (
                    f"it continues a chain the kit begins through the target's own operations ({chain}), "
                    "and the target refused a step of it: that operation's own line says how"
                )
                for operation, chain in (
                    ("POST /access-codes/confirm", "POST /access-codes"),
                    ("POST /bookings/spa/{booking_id}/confirm", "POST /bookings/spa, POST /credits/purchase"),
                    ("POST /co-pay/spa/quote", "POST /bookings/spa"),
                    ("POST /co-pay/spa/purchase", "POST /bookings/spa, POST /co-pay/spa/quote"),
                    (
                        "POST /co-pay/gym/purchase",
                        "POST /passes/issue of a pass covering no class, POST /bookings/class",
                    ),
                    (
                        "POST /co-pay/packages/purchase",
                        "POST /bookings/class, whose copay_options offer a package",
                    ),
                )
            },
        },
    ),
}

MAIN_ROLES = {name: profile.main_role for name, profile in PROFILES.items()}
ROLES = {name: tuple(profile.roles) for name, profile in PROFILES.items()}
# Where a booking-sandbox mounts each API: to name the URL a user meant (preflight's hint), and
# to find a sandbox's root below a path (``Target.control_roots``).
SANDBOX_MOUNTS = {
    "reservekit-v1": "reservekit",
    "merchant": "merchant",
    "lifecycle": "lifecycle",
    "bardge-v3": "bardge/v3",
}


def describe_roles() -> str:
    lines = []
    for name, profile in PROFILES.items():
        roles = ", ".join(f"{role} ({what})" for role, what in profile.roles.items())
        lines.append(f"{name}: {roles}")
    return "; ".join(lines)
