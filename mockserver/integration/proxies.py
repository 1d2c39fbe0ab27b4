"""Which calls the environment's proxy carries (``HTTP_PROXY``, ``HTTPS_PROXY``, ``ALL_PROXY``).

A CI runner behind a company's proxy sets them, often with no ``NO_PROXY`` naming localhost:
httpx and requests then hand a call to a sandbox on this machine's loopback to the proxy, which
cannot reach it, and the caller reads "Connection refused" from a server that is up. A loopback
host is never proxied by this package's clients (the control client, the plugin, the kit, the
validating proxy's upstream); any other host is, as the environment says, ``NO_PROXY`` honoured."""

from __future__ import annotations

import ipaddress
import ssl
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from .tls import client_context


def on_loopback(url: str) -> bool:
    """Whether ``url``'s host is this machine's loopback: ``localhost`` (and its subdomains, as
    RFC 6761 reserves them), 127.0.0.0/8, ``::1``."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    if host is None:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def client_options(url: str, verify: ssl.SSLContext | bool | None = None) -> dict[str, Any]:
    """An httpx client's ``verify`` and ``trust_env`` for calls to ``url``: the CA bundle the
    environment names (``tls``), given apart; what else the environment says (its proxies,
    ``.netrc``) only where ``url`` is not loopback."""
    return {"verify": client_context() if verify is None else verify, "trust_env": not on_loopback(url)}


def others_proxied(url: str) -> str | None:
    """Where a client of the caller's own (httpx, requests: they honour the environment) would
    send its calls to ``url``, a sandbox on loopback, to the environment's proxy, a line saying so
    and what to set; else None. The proxy itself is not named: its URL may hold a password."""
    parts = urlsplit(url)
    if not on_loopback(url) or parts.hostname is None:
        return None
    proxies = urllib.request.getproxies_environment()
    if not (proxies.get(parts.scheme) or proxies.get("all")):
        return None
    if urllib.request.proxy_bypass(parts.hostname):  # NO_PROXY, read as urllib (and requests) read it
        return None
    return (
        f"the environment names a proxy for {parts.scheme}:// ({parts.scheme.upper()}_PROXY or ALL_PROXY) "
        f"and NO_PROXY does not name {parts.hostname}: a client of your own (httpx, requests) sends its "
        f"calls to the sandbox there, which cannot reach this machine's loopback; set "
        f"NO_PROXY={parts.hostname},localhost (the plugin's own calls never take the proxy)"
    )
