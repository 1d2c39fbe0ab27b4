"""The Bardge API's bearer tokens.

Connexion calls ``bearer_info`` with the token of every request. It checks the
token's form only; whether the reseller it names exists is a question for that
token's sandbox, answered in the handlers (401 if not).
"""

from __future__ import annotations

from .vocabulary import credentials


def bearer_info(token: str) -> dict[str, str] | None:
    if credentials(token) is None:
        return None
    return {"sub": token}
