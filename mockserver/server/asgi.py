"""The app for an ASGI server of your own: ``uvicorn --factory mockserver.server.asgi:app_from_environment``,
or ``granian --interface asgi --factory mockserver.server.asgi:app_from_environment`` (which gives
every request one ``extensions`` dict: ``http/operations/connexion_parts._App`` copies it).

``booking-sandbox serve`` does not come through here: it hands its settings to the workers it
forks (``mockserver.server.workers``). A server started some other way reads them from the
``BOOKING_SANDBOX_*`` variables instead, as ``serve`` would from its environment.
"""

from __future__ import annotations

from connexion import AsyncApp

from .app import create_app
from .settings import Settings


def app_from_environment() -> AsyncApp:
    return create_app(Settings.load())
