"""``serve --tls-cert --tls-key``: every worker speaks HTTPS, the banner's URLs say so, the
control commands reach it through the CA bundle the environment names, and a certificate or key
it cannot use is one line before any banner, naming the file and what to do."""

from __future__ import annotations

import http.client
import json
import re
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from mockserver.integration.local_server import free_port
from tests.commands import Commands
from tests.contract.live import self_signed
from tests.test_serve import _own_environment, announced, refused_start, rest_of, started


def _answered(port: int, cert: Path, path: str) -> tuple[int, bytes]:
    context = ssl.create_default_context(cafile=str(cert))
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
    try:
        connection.request("GET", path, headers={"Authorization": "Bearer sk_rsv_serve_tls_01"})
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def _up(port: int, cert: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "serve ended"
        try:
            if _answered(port, cert, "/_sandbox/health")[0] == 200:
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("the server did not answer over TLS")


def test_two_workers_serve_https_and_the_banner_and_the_control_commands_say_so(
    tmp_path: Path, commands: Commands
) -> None:
    cert, key = self_signed(tmp_path)
    args = ("--port", "0", "--workers", "2", "--tls-cert", str(cert), "--tls-key", str(key))
    with started(*args, "--db", str(tmp_path / "s.db"), commands=commands) as process:
        health = announced(process, r"health (https://127\.0\.0\.1:(\d+))/_sandbox/health$")
        announced(
            process, re.escape(f"control API at {health[1]}/_sandbox/  (docs {health[1]}/_sandbox/ui/)")
        )
        port = int(health[2])
        _up(port, cert, process)
        for _ in range(8):  # new connections, spread over both workers
            status, body = _answered(port, cert, "/reservekit/v1/services/1")
            assert (status, json.loads(body)["data"]["id"]) == (200, 1)
        environment = {**_own_environment(), "REQUESTS_CA_BUNDLE": str(cert)}
        url = ("--url", health[1], "--key", "sk_rsv_serve_tls_01")
        clock = commands.run(["clock", *url, "--json"], env=environment, timeout=60)
        assert clock.returncode == 0, clock.stderr
        assert "now" in json.loads(clock.stdout)
        plain = commands.run(["clock", "--url", f"http://127.0.0.1:{port}", *url[2:]], timeout=60)
        assert plain.returncode == 5
        assert f"send the request to https://127.0.0.1:{port}/_sandbox/health" in plain.stderr
        process.terminate()
        output = rest_of(process)
    assert "Traceback" not in output
    assert "eof_received" not in output, "asyncio's warning of a half-close kept open over TLS"


def _pair(folder: Path) -> tuple[Path, Path]:
    folder.mkdir()
    return self_signed(folder)


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (
            ("--tls-cert", "{cert}"),
            "--tls-cert needs its private key too (--tls-key)",
        ),
        (("--tls-key", "{key}"), "--tls-key needs the certificate it is the key of (--tls-cert)"),
        (
            ("--tls-cert", "{cert}", "--tls-key", "{other}"),
            "{other} is not the private key of --tls-cert {cert}",
        ),
        (
            ("--tls-cert", "{cert}", "--tls-key", "{encrypted}"),
            "the key is encrypted, and a server has no one",
        ),
        (("--tls-cert", "{key}", "--tls-key", "{key}"), "--tls-cert {key}: holds no certificate in PEM"),
        (("--tls-cert", "{cert}", "--tls-key", "{cert}"), "--tls-key {cert}: holds no private key in PEM"),
        (("--tls-cert", "{cert}", "--tls-key", "{key}.gone"), "{key}.gone: cannot read it (No such file"),
    ],
    ids=[
        "no key",
        "no certificate",
        "another's key",
        "encrypted key",
        "key as cert",
        "cert as key",
        "missing",
    ],
)
def test_a_certificate_serve_cannot_use_is_one_line_before_any_banner(
    tmp_path: Path, commands: Commands, given: tuple[str, ...], said: str
) -> None:
    cert, key = _pair(tmp_path / "mine")
    _, other = _pair(tmp_path / "theirs")
    encrypted = tmp_path / "encrypted.pem"
    subprocess.run(
        ["openssl", "pkey", "-in", str(key), "-aes256", "-passout", "pass:s3cret", "-out", str(encrypted)],
        check=True,
        capture_output=True,
    )
    files = {"cert": cert, "key": key, "other": other, "encrypted": encrypted}
    run = refused_start(commands, "--port", str(free_port()), *(arg.format(**files) for arg in given))
    assert run.returncode == 3, run.stderr
    assert run.stdout == "", "no banner"
    assert len(run.stderr.splitlines()) == 1, run.stderr
    assert run.stderr.startswith("booking-sandbox: ")
    assert said.format(**files) in run.stderr, run.stderr
