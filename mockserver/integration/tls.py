"""Which certificates the package's HTTPS clients trust beyond the public CAs: the bundle the
environment names as ``requests`` reads it (``REQUESTS_CA_BUNDLE``, else ``CURL_CA_BUNDLE``),
so that one variable names a staging server's private CA for the contract kit's calls,
Schemathesis' and the validating proxy's alike. httpx reads ``SSL_CERT_FILE`` on its own."""

from __future__ import annotations

import os
import ssl


def ca_bundle() -> str | None:
    """The CA bundle the environment names, if it names one."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


def httpx_verify() -> ssl.SSLContext | bool:
    """httpx's ``verify``: a context trusting the named bundle, or its own default."""
    bundle = ca_bundle()
    return ssl.create_default_context(cafile=bundle) if bundle else True
