"""Which certificates the package's HTTPS clients trust beyond the public CAs: the bundle the
environment names as ``requests`` reads it (``REQUESTS_CA_BUNDLE``, else ``CURL_CA_BUNDLE``),
so that one variable names a staging server's or a team sandbox's private CA for the contract
kit's calls, Schemathesis', the validating proxy's, the control client's and the server's
webhook sends alike."""

from __future__ import annotations

import os
import ssl


def ca_bundle() -> str | None:
    """The CA bundle the environment names, if it names one."""
    return os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or None


def client_context() -> ssl.SSLContext:
    """An httpx client's SSL context: trusting the named bundle, else httpx's own choice (its
    bundled CAs, or ``SSL_CERT_FILE``/``SSL_CERT_DIR``). Made once and shared where a process
    makes many clients: each context reads its bundle whole."""
    bundle = ca_bundle()
    if bundle:
        return ssl.create_default_context(cafile=bundle)
    import httpx  # noqa: PLC0415 (the kit, which reads ca_bundle alone, makes no httpx client)

    return httpx.create_ssl_context()


def tls_hint(error: BaseException) -> str:
    """What to say after a client's TLS error (each of httpx and requests keeps OpenSSL's
    words): how to trust a private CA's certificate, or that an https:// URL named a server
    that speaks plain HTTP (OpenSSL reads its answer as a record of no TLS version)."""
    said = str(error)
    if "CERTIFICATE_VERIFY_FAILED" in said:
        return " (a private CA's certificate: name its bundle in REQUESTS_CA_BUNDLE=/path/to/ca.pem)"
    if "WRONG_VERSION_NUMBER" in said or "wrong version number" in said:
        return " (the server there answers plain HTTP: name it with http://)"
    return ""
