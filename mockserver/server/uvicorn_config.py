"""What each worker's uvicorn is told: the connection bounds and refusals, the logging, the
keep-alive and the grace a stop allows, and the certificate where the server speaks HTTPS."""

from __future__ import annotations

import copy
import logging
from typing import Any

import uvicorn

from mockserver.http.connection.bounded import Bounds, Refusal, bounded, plain_refusal
from mockserver.http.connection.cut_short import CutShortSaidAlready
from mockserver.http.connection.tls_only import tls_only

from .listener import tls_context
from .settings import Settings

PLAIN_UPGRADES = "none"
"""uvicorn's ``ws``: a request asking to upgrade to WebSocket is served as the plain HTTP/1.1
request it also is (RFC 9110 7.8: a server may ignore ``Upgrade``), as one asking for h2c always
was. No API here speaks WebSocket: handed to the ASGI app as one, a ``GET`` with ``Upgrade:
websocket`` was a bare 403 from the sandbox and a 500 from the proxy."""
KEEP_ALIVE_S = 5  # uvicorn's own keep-alive, which the server has always had
GRACEFUL_S = 30  # seconds a stopping worker may take to finish its requests before it is killed


def uvicorn_config(settings: Settings, app: Any, refusal: Refusal = plain_refusal) -> uvicorn.Config:
    """The server's uvicorn configuration; ``refusal`` words what its connections refuse
    before the app sees a request (the app's own ``ErrorRenderer.refusal``)."""
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        loop="auto",
        http=_protocol(settings, refusal),
        ws=PLAIN_UPGRADES,
        limit_concurrency=settings.max_connections,
        log_config=log_config(settings.log_level),
        log_level=settings.log_level,
        # uvicorn otherwise builds a record per request that no handler prints.
        access_log=settings.log_level == "debug",
        timeout_keep_alive=KEEP_ALIVE_S,
        timeout_graceful_shutdown=GRACEFUL_S,
    )


def _protocol(settings: Settings, refusal: Refusal) -> Any:
    # httptools, each answer's head and body in one write (http/one_write.py), within the
    # connection bounds (http/bounded.py); over TLS where the settings name a certificate, which
    # serve loaded once before its banner (listener.listener_for), not uvicorn's (tls_only.py).
    protocol = bounded(
        Bounds(settings.head_timeout, settings.min_body_rate, settings.max_head_bytes), refusal
    )
    return tls_only(protocol, tls_context(settings)) if settings.tls_cert else protocol


def proxy_config(settings: Settings, app: Any, refusal: Refusal) -> uvicorn.Config:
    """The validating proxy's uvicorn: the server's connection bounds and refusals (``refusal``
    words them as the proxied API's errors), and its plain answers to upgrades. Its server let a
    client hold a connection with a head it never finished, as many as it opened, and refused
    what was no HTTP in uvicorn's line of text. The upstream's own ``Date`` and ``Server`` pass
    through, so uvicorn adds neither; its lines said as uvicorn's, at warnings."""
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        http=_protocol(settings, refusal),
        ws=PLAIN_UPGRADES,
        limit_concurrency=settings.max_connections,
        log_level="warning",
        log_config=log_config("warning"),
        lifespan="on",
        server_header=False,
        date_header=False,
    )


def log_config(level: str) -> dict[str, Any]:
    """uvicorn's logging, with the server's own loggers (``mockserver.*``: a worker replaced, a
    kept answer that differed) printed as uvicorn's are, at ``--log-level``. Without it they
    reached Python's last resort: warnings bare whatever the level, and nothing below them."""
    config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config.setdefault("filters", {}).update(
        upgrades={"()": UpgradesServedPlain}, cut_short={"()": CutShortSaidAlready}
    )
    config["loggers"]["uvicorn.error"]["filters"] = ["upgrades", "cut_short"]
    config["loggers"]["mockserver"] = {"handlers": ["default"], "level": level.upper(), "propagate": False}
    return config


class UpgradesServedPlain(logging.Filter):
    """Leaves out uvicorn's two warnings for a request that asks to upgrade (``PLAIN_UPGRADES``):
    it is served, and any client could have them written for each request it sends; the second
    tells the operator to install a WebSocket library no API here uses."""

    SAID = ("Unsupported upgrade request.", "No supported WebSocket library detected.")

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.SAID)
