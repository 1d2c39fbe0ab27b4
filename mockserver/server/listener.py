"""The one listening socket a server's workers share, bound before anything else starts."""

from __future__ import annotations

import errno
import socket

from .settings import Settings


class CannotListen(OSError):
    """The server cannot listen where its settings say; the message says why and what to pass."""


def listener_for(settings: Settings) -> socket.socket:
    """The one listening socket every worker accepts on (the kernel hands each connection to
    one of them). Inheritable: a replacement worker gets it across ``exec``. Bound here, not by
    uvicorn (which logs and exits), so ``serve`` refuses a busy port before its banner."""
    family = socket.AF_INET6 if ":" in settings.host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((settings.host, settings.port))
    except OSError as error:
        listener.close()
        raise CannotListen(error.errno, _why_not(settings, error)) from None
    listener.set_inheritable(True)
    return listener


def _why_not(settings: Settings, error: OSError) -> str:
    where = settings.address
    if error.errno == errno.EADDRINUSE:
        return f"{where} is in use by another program: stop it, or pass another --port (e.g. --port 8001)"
    if error.errno == errno.EACCES:
        return f"{where} needs privileges this user lacks: pass a --port above 1023"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"{settings.host} is no address of this machine: pass --host 127.0.0.1 (or 0.0.0.0 for all)"
    return f"cannot listen on {where}: {error.strerror}"
