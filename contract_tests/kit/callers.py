"""Who the kit calls the API as, and what it knows of the target: tokens by role and target data.

Against a target that is no booking-sandbox, both come from the user: ``--token`` and the
tokens of the ``--target-data`` file (``--token`` wins), and the file's other data. Facing a
booking-sandbox, the kit asks it for the target data of a sandbox key of its own
(``GET /_sandbox/target-data``): the document names a token per role in that sandbox, so
nobody has to pass one, and ``fresh()`` moves to a new key, so a scenario starts from an
untouched seeded world. Given tokens that name a sandbox key of their own (``sk_rsv_KEY``,
``role.subject.KEY``) pin the run to that sandbox: the other roles come from its own target
data, and its clock is the one the kit moves, so every rule is still checked.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

import pytest
import requests

from .profiles import Profile
from .target import Target
from .target_data import TargetData, fetch


class Callers:
    def __init__(
        self,
        target: Target,
        profile: Profile,
        *,
        sandbox: bool,
        given_data: TargetData,
        session: requests.Session,
        root: str,
    ) -> None:
        """``root``: where the target's sandbox, if it is one, has its control API."""
        self._given = {**given_data.tokens(target.api), **target.tokens}
        self._profile = profile
        self._api = target.api
        self._root = root
        self._session = session
        self._sandbox = sandbox
        self._pinned = sandbox_key_of(self._given.values()) if sandbox else None
        self._minted: dict[str, str] = {}
        self._isolated = False
        self.made: dict[str, None] = {}
        """The sandbox keys the kit made, never the user's: forgotten at the run's end."""
        self.sandbox_key = ""
        self.data = given_data
        self.fresh()

    @property
    def minted(self) -> bool:
        """Whether the kit has tokens of its own (facing a booking-sandbox)."""
        return self._sandbox

    @property
    def pinned(self) -> bool:
        """Whether the run stays in the sandbox the given tokens name (no fresh world per scenario)."""
        return self._pinned is not None

    def fresh(self, *, isolated: bool = False) -> None:
        """Starts the next scenario: in a new sandbox of the kit's, or, when pinned, in the given
        tokens' sandbox. ``isolated`` asks for a new one of the kit's even when pinned (with its
        own tokens only): Hypothesis replays a stateful sequence, which must meet the same state."""
        if not self._sandbox:
            return
        self._isolated = isolated
        if isolated or self._pinned is None:
            self.sandbox_key, made = f"kit_{secrets.token_hex(6)}", True
        elif self.sandbox_key == self._pinned:
            return
        else:
            self.sandbox_key, made = self._pinned, False
        self.data = fetch(self._root, self._session, self.sandbox_key, self._api)
        self._minted = self.data.tokens(self._api)
        if made:  # its own, and each another of its tokens names (a second account's)
            named = (sandbox_key_of([token]) for token in self._minted.values())
            self.made.update(dict.fromkeys(key for key in (self.sandbox_key, *named) if key))

    def forget_made(self) -> None:
        """Forgets the sandboxes the kit made (``DELETE /_sandbox/sandbox``): a server keeps a
        bounded number (``--max-sandboxes``), and one run of the rules alone made 43, so a team
        server the kit was run against refused every new key after some hundred runs. One the
        server cannot forget (an older release's, gone meanwhile) it keeps."""
        for key in self.made:
            try:
                self._session.delete(
                    f"{self._root}/_sandbox/sandbox", headers={"Authorization": f"Bearer {key}"}, timeout=10
                )
            except requests.RequestException:
                break
        self.made.clear()

    def given(self, roles: Iterable[str]) -> dict[str, str]:
        """The tokens the user gave (``--token``, ``--target-data``) for ``roles``."""
        return {role: self._given[role] for role in roles if self._given.get(role)}

    def token(self, role: str) -> str | None:
        if self._isolated:
            return self._minted.get(role)
        return self._given.get(role) or self._minted.get(role)

    def require(self, role: str) -> str:
        token = self.token(role)
        if token is None:
            what = self._profile.roles.get(role, role)
            if self._sandbox:  # the kit mints every caller its world has: this world has none
                pytest.skip(
                    f"needs {what}: this sandbox's world has none (its target data names no "
                    f"tokens.{role}); serve a world with one, or pass --token {role}=TOKEN"
                )
            pytest.skip(f"needs {what}: pass --token {role}=TOKEN, or tokens.{role} in --target-data")
        return token


def sandbox_key_of(tokens: Iterable[str]) -> str | None:
    """The sandbox key the first sandbox-format token names, if any does."""
    for token in tokens:
        if token.startswith("sk_rsv_") and len(token) > len("sk_rsv_"):
            # Whole, as the sandbox reads it: the key without its prefix names another sandbox,
            # whose target data (its world's booking window) the run read in place of this one's.
            return token
        parts = token.split(".")
        if len(parts) == 3 and all(parts):
            return parts[2]
    return None
