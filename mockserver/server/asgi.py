"""The app for an ASGI server of your own: ``uvicorn --factory mockserver.server.asgi:app_from_environment``,
or ``granian --interface asgi --factory mockserver.server.asgi:app_from_environment`` (which gives
every request one ``extensions`` dict: ``http/operations/connexion_parts._App`` copies it).

``booking-sandbox serve`` does not come through here: it hands its settings to the workers it
forks (``mockserver.server.workers``). A server started some other way reads them from the
``BOOKING_SANDBOX_*`` variables instead, as ``serve`` would from its environment, and needs
``BOOKING_SANDBOX_DB``: ``serve`` makes one temporary file for all its workers, but each worker
of another server calls this factory alone, and each would keep sandboxes of its own.
"""

from __future__ import annotations

from connexion import AsyncApp

from .app import create_app
from .settings import ENV_PREFIX, Settings, SettingsError


def app_from_environment() -> AsyncApp:
    settings = Settings.load()
    if not settings.db:
        raise SettingsError(
            f"{ENV_PREFIX}DB is not set: each of the server's workers would keep a temporary database "
            "of its own, and a booking made through one would be missing from the others; set it to a "
            f"SQLite file (e.g. {ENV_PREFIX}DB=sandbox.db) or a postgresql+psycopg:// URL"
        )
    return create_app(settings)
