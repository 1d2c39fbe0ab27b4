"""Sandbox bearer tokens of the form ``<role>.<subject>.<sandbox key>``, as several APIs use them."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Credentials:
    role: str
    subject: str
    sandbox_key: str


KEY_FORM = "a sandbox key is 8 to 120 letters, digits, _ or -"


def token_pattern(*roles: str) -> re.Pattern[str]:
    """Tokens naming one of ``roles``; the key is 8 to 120 letters, digits, ``_`` or ``-``."""
    return re.compile(
        rf"^(?P<role>{'|'.join(roles)})\.(?P<subject>[A-Za-z0-9-]{{1,100}})\.(?P<key>[A-Za-z0-9_-]{{8,120}})$"
    )


def parse_token(pattern: re.Pattern[str], token: str) -> Credentials | None:
    match = pattern.match(token)
    if match is None:
        return None
    return Credentials(match["role"], match["subject"], match["key"])
