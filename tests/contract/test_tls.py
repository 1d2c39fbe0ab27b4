"""The kit against a staging server whose certificate a private CA signed: the environment's
CA bundle (``REQUESTS_CA_BUNDLE``, as ``requests`` reads it) holds for every call the kit makes.

The kit's own session read it, and Schemathesis sent ``verify=True`` beside it: every schema
check of a correct vendor failed, "the target stopped answering".
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.contract.live import Kit, self_signed, serving

API = "reservekit-v1"


@pytest.fixture(scope="module")
def staging(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A sandbox served over HTTPS with a self-signed certificate, and that certificate."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = self_signed(folder)
    app = create_app(Settings.load({"db": str(folder / "sandbox.db")}, environ={}))
    with serving(app, tls=(cert, key)) as origin:
        yield origin, cert


def test_a_private_ca_is_trusted_by_every_call_of_the_kit(
    staging: tuple[str, Path], tmp_path: Path, kit: Kit
) -> None:
    origin, cert = staging
    base = f"{origin}/reservekit"
    untrusted = kit.run_at(base, API, tmp_path, "--checks", "schema")
    assert untrusted.exit_code == 5, untrusted.output
    assert (
        "TLS failed (CERTIFICATE_VERIFY_FAILED) (a private CA's certificate: name its bundle in REQUESTS_CA_BUNDLE="
        in untrusted.output
    )
    chosen = ("--checks", "schema", "--", "-k", "services and not serviceID")
    trusted = kit.run_at(base, API, tmp_path, *chosen, env={"REQUESTS_CA_BUNDLE": str(cert)})
    assert trusted.exit_code == 0, trusted.output
    assert [name.split("::")[-1] for name in trusted.passed] == ["test_operation[GET /v1/services]"], (
        trusted.passed
    )


def test_an_https_url_of_a_plain_http_server_is_said_so(tmp_path: Path, kit: Kit) -> None:
    """(The kit said "TLS failed (WRONG_VERSION_NUMBER)", and no more.)"""
    app = create_app(Settings.load({"db": str(tmp_path / "sandbox.db")}, environ={}))
    with serving(app) as origin:
        ran = kit.run_at(
            f"{origin.replace('http://', 'https://')}/reservekit", API, tmp_path, "--checks", "rules"
        )
    assert ran.exit_code == 5, ran.output
    assert (
        "TLS failed (WRONG_VERSION_NUMBER) (the server there answers plain HTTP: name it with http://)"
        in ran.output
    )
