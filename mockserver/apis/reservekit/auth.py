"""ReserveKit's bearer API keys.

Connexion calls ``bearer_info`` with the token of every request. It only checks
the key's form; which sandbox a key opens is the storage layer's business, and
any well-formed key is welcome (it gets a fresh sandbox on first use).
"""

from __future__ import annotations

from .vocabulary import API_KEY_PATTERN


def bearer_info(token: str) -> dict[str, str] | None:
    if not API_KEY_PATTERN.match(token):
        return None
    return {"sub": token}
