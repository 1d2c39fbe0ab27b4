"""The one listening socket a server's workers share, bound before anything else starts, and
the certificate it speaks HTTPS with, loaded once before any worker loads it again."""

from __future__ import annotations

import errno
import socket
import ssl
from pathlib import Path

from .settings import Settings

# What each file must hold; a key's header names its kind (RSA, EC, ENCRYPTED) or none.
_PEM = {
    "--tls-cert": (b"-----BEGIN CERTIFICATE-----", "certificate"),
    "--tls-key": (b"PRIVATE KEY-----", "private key"),
}


class CannotListen(OSError):
    """The server cannot listen where, or as, its settings say (a port, a certificate); the
    message (``strerror``) says why and what to pass."""


def listener_for(settings: Settings) -> socket.socket:
    """The one listening socket every worker accepts on (the kernel hands each connection to
    one of them). Inheritable: a replacement worker gets it across ``exec``. Bound here, not by
    uvicorn (which logs and exits), so ``serve`` and ``proxy`` refuse a busy port, or a
    certificate they cannot speak HTTPS with, before their banners."""
    if (refusal := tls_refusal(settings)) is not None:
        raise CannotListen(None, refusal)
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


class _Passphrase(Exception):
    """The key asked for its passphrase."""


def _no_passphrase() -> bytes:
    raise _Passphrase


def tls_context(settings: Settings) -> ssl.SSLContext:
    """The server's side of TLS: its certificate and key, and the standard library's defaults
    for a server (TLS 1.2 and newer, its ciphers)."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(settings.tls_cert, settings.tls_key, password=_no_passphrase)
    return context


def tls_refusal(settings: Settings) -> str | None:
    """Why the server cannot speak HTTPS with its ``--tls-cert`` and ``--tls-key``, or None (as
    where it speaks plain HTTP). Asked before the port is bound, so before the banner: each
    worker loads them again as it starts (``uvicorn_config``), where a file it could not use
    would end every worker after the banner, and a key under a passphrase would have OpenSSL
    ask for it on the terminal."""
    if not settings.tls_cert:
        return None
    if (unusable := _unusable_file(settings)) is not None:
        return unusable
    try:
        tls_context(settings)
    except _Passphrase:
        return (
            f"--tls-key {settings.tls_key}: the key is encrypted, and a server has no one to ask its "
            f"passphrase: give it unencrypted (openssl pkey -in {settings.tls_key} -out key.pem)"
        )
    except ssl.SSLError as error:
        if error.reason == "KEY_VALUES_MISMATCH":
            return f"--tls-key {settings.tls_key} is not the private key of --tls-cert {settings.tls_cert}"
        return f"--tls-cert {settings.tls_cert}, --tls-key {settings.tls_key}: OpenSSL refused them ({error})"
    return None


def _unusable_file(settings: Settings) -> str | None:
    """The file OpenSSL would refuse without saying which ("PEM lib"), named, or None."""
    for flag, path in (("--tls-cert", settings.tls_cert), ("--tls-key", settings.tls_key)):
        marker, kind = _PEM[flag]
        try:
            text = Path(path).read_bytes()
        except OSError as error:
            return f"{flag} {path}: cannot read it ({error.strerror})"
        if marker not in text:
            return f"{flag} {path}: holds no {kind} in PEM (-----BEGIN …-----)"
    return None
