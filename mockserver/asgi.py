"""Entry point for uvicorn workers: each builds its app from the environment.

The CLI exports its resolved settings as ``BOOKING_SANDBOX_*`` variables
before uvicorn starts the workers (see ``mockserver.cli``).
"""

from __future__ import annotations

from connexion import AsyncApp

from .app import create_app
from .settings import Settings


def app_from_environment() -> AsyncApp:
    return create_app(Settings.load())
