"""An installed wheel carries its specs and fixtures, and serves as the Docker image would run it."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest

from mockserver.integration.local_server import free_port


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    built = tmp_path_factory.mktemp("wheel")
    root = Path(__file__).resolve().parents[1]
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(built), str(root)],
        check=True,
        timeout=300,
    )
    return next(built.glob("booking_sandbox-*.whl"))


@pytest.mark.slow
def test_wheel_contains_specs_and_fixtures(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "mockserver/_data/openapi/reservekit-v1.yaml" in names
    assert "mockserver/_data/fixtures/default-world.yaml" in names
    assert any(name.endswith("entry_points.txt") for name in names)
    # Every file the package reads beside its code (check-har's HAR schema, the dashboard's
    # templates, the currencies' table), so none is a traceback only an installed copy meets.
    package = Path(__file__).resolve().parents[1] / "mockserver"
    beside_code = {
        file.relative_to(package.parent).as_posix()
        for file in package.rglob("*")
        if file.is_file() and file.suffix not in (".py", ".pyc") and "__pycache__" not in file.parts
    }
    assert "mockserver/live_checks/har_entry.schema.json" in beside_code
    assert beside_code <= names, sorted(beside_code - names)
    # The contract kit runs from an installed wheel too: its settings and every API's rules.
    assert "contract_tests/pytest.ini" in names
    assert {
        f"contract_tests/rules/test_{api}{part}.py"
        for api in ("reservekit", "merchant", "lifecycle", "bardge")
        for part in ("", "_races")
    } <= names


def dockerfile() -> tuple[dict[str, str], list[str], str]:
    """The image's ENV, CMD and HEALTHCHECK command, read from the Dockerfile."""
    text = (Path(__file__).resolve().parents[1] / "Dockerfile").read_text().replace("\\\n", " ")
    env: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("ENV "):
            env.update(re.findall(r"(\w+)=(\S+)", line))
    cmd = json.loads(re.search(r"^CMD (\[.*\])$", text, re.M)[1])  # type: ignore[index]
    health = re.search(r"^HEALTHCHECK .*? CMD (.*)$", text, re.M)[1]  # type: ignore[index]
    return env, cmd, health


@pytest.mark.slow
def test_the_image_as_the_dockerfile_builds_it_serves_and_is_healthy(wheel: Path, tmp_path: Path) -> None:
    # No Docker engine runs here, so the Dockerfile's steps are followed by hand: the package
    # installed from its wheel into a clean virtual environment (its dependencies taken from the
    # project's, which `pip install ".[contract]"` would fetch), run from a home directory with
    # no checkout in sight, with the image's ENV, CMD and HEALTHCHECK.
    image = tmp_path / "image"
    # The environment gets no pip of its own (ensurepip took 8 s): this one installs into it.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(image)], check=True, timeout=120)
    site = next((image / "lib").glob("python3*/site-packages"))
    (site / "project-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(image / "bin" / "python"), "install"]
    subprocess.run([*pip, "--quiet", "--no-deps", "--no-index", str(wheel)], check=True, timeout=120)

    env_of_image, cmd, health = dockerfile()
    port = str(free_port())
    home = tmp_path / "home" / "sandbox"
    home.mkdir(parents=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("BOOKING_SANDBOX_")}
    env.update(env_of_image, BOOKING_SANDBOX_PORT=port, PATH=f"{image / 'bin'}:{env['PATH']}")
    env.pop("PYTHONPYCACHEPREFIX", None)
    assert env["BOOKING_SANDBOX_HOST"] == "0.0.0.0"
    server = subprocess.Popen(cmd, cwd=home, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        check = ["bash", "-c", health.replace("8000", port)]
        deadline = time.monotonic() + 60
        while subprocess.run(check, env=env, capture_output=True, check=False).returncode != 0:
            assert server.poll() is None, "the image's CMD exited"
            assert time.monotonic() < deadline, "the HEALTHCHECK never passed"
            time.sleep(0.3)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/reservekit/v1/services")
        request.add_header("Authorization", "Bearer sk_rsv_image_test_0001")
        with urllib.request.urlopen(request, timeout=30) as answer:
            assert answer.status == 200
        kit = subprocess.run(
            ["booking-sandbox", "contract", "--help"],
            cwd=home,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert kit.returncode == 0, kit.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not list(home.iterdir()), "the server wrote into its working directory"
