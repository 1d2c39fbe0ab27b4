"""The server's processes: one imports the code once, then forks the workers that serve it.

uvicorn's own supervisor starts each worker with ``multiprocessing``'s spawn: a new interpreter
that imports SQLAlchemy, Connexion, Faker and every handler again, 90 MB and half a second a
worker. Here gunicorn's arbiter (``BaseApplication``, its documented way to embed it) forks
the workers *after* those imports, and uvicorn serves in each (``uvicorn_worker``): the
imported code and data are pages the workers share with the arbiter and with each other until
one writes to them. ``gc.freeze`` before each fork keeps the collector from writing to them
(a collection touches every object it tracks).

Each worker still builds its own app after the fork (``create_app`` in ``load``): database
connections, the journal's slot lock and thread pools belong to one process, and none may be
inherited. The arbiter also restarts a worker that dies and stops them all on SIGINT or
SIGTERM, which uvicorn's supervisor did before.
"""

from __future__ import annotations

import gc
from typing import Any

from gunicorn.app.base import BaseApplication
from uvicorn_worker import UvicornWorker

from .app import create_app
from .settings import Settings

# uvicorn's own keep-alive, which the server had before: gunicorn's default is 2 s.
KEEP_ALIVE_S = 5
# Seconds a worker may go without telling the arbiter it lives (uvicorn's loop tells it every
# half of this) before it is restarted, and a stopping worker may finish its requests.
WORKER_TIMEOUT_S = 30


class SandboxWorker(UvicornWorker):  # type: ignore[misc]
    """uvicorn in a forked worker, with uvloop and httptools where installed, as ``serve`` had.

    The access log is written only at ``debug``: uvicorn otherwise builds a record per request
    that no handler prints."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.config.access_log = self.cfg.loglevel == "debug"


class Workers(BaseApplication):  # type: ignore[misc]
    """gunicorn's arbiter, configured from ``settings`` alone (no config file, no
    ``GUNICORN_CMD_ARGS``: ``BaseApplication`` reads neither)."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        super().__init__()

    def load_config(self) -> None:
        settings = self._settings
        host = f"[{settings.host}]" if ":" in settings.host else settings.host
        options: dict[str, Any] = {
            "bind": [f"{host}:{settings.port}"],
            "workers": settings.workers,
            "worker_class": SandboxWorker,
            "loglevel": settings.log_level,
            "accesslog": "-" if settings.log_level == "debug" else None,
            "keepalive": KEEP_ALIVE_S,
            "timeout": WORKER_TIMEOUT_S,
            "graceful_timeout": WORKER_TIMEOUT_S,
            "proc_name": "booking-sandbox",
            "pre_fork": _freeze_before_fork,
            # gunicorn's runtime control socket (a file in the home directory): not ours to offer.
            "control_socket_disable": True,
        }
        for name, value in options.items():
            self.cfg.set(name, value)

    def load(self) -> Any:
        # In the worker, after the fork (``preload_app`` is off): its own app.
        return create_app(self._settings)


def _freeze_before_fork(_arbiter: Any, _worker: Any) -> None:
    gc.freeze()


def serve(settings: Settings) -> None:
    """Runs the arbiter and its workers until SIGINT or SIGTERM. The imports above (this
    module imports ``create_app``, and with it every layer) are done here, before any fork."""
    Workers(settings).run()
