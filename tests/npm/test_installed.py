"""An npm package a test needs, where npm cannot install it, skips that test saying why."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.npm import installed, needs_node


@needs_node
def test_a_package_npm_cannot_fetch_skips_saying_why_and_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offline, ``npm ci`` failed and each test that needed the package errored with a traceback."""
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setenv("npm_config_registry", "http://127.0.0.1:9/")  # nothing listens there
    monkeypatch.setenv("npm_config_cache", str(tmp_path / "cache"))  # nothing cached either
    monkeypatch.setenv("npm_config_fetch_retries", "0")
    with pytest.raises(pytest.skip.Exception, match=r"npm could not install tests/npm/axe \(.+\)"):
        installed("axe")
    assert not (tmp_path / "npm" / "axe" / "package-lock.json").exists(), "taken as installed next time"


def test_a_package_that_brings_scarf_installs_without_its_analytics() -> None:
    """Prism and Spectral depend on @scarf/scarf, whose install script reported every install to
    scarf.sh (a ping from each CI run and each developer's first test run), ran ``npm ls`` over
    the whole tree first, and left ``/tmp/scarf-js-history-<user>.log`` behind. The package.json
    npm installs from turns it off (``scarfSettings``, read from the root package), for each of
    the project's npm folders whose lock holds it, the benchmarks' Prism included."""
    repo = Path(__file__).resolve().parents[2]
    folders = [*sorted(Path(__file__).parent.glob("*/package.json")), repo / "benchmarks/prism/package.json"]
    bringing = [
        manifest.parent
        for manifest in folders
        if "node_modules/@scarf/scarf"
        in json.loads((manifest.parent / "package-lock.json").read_text())["packages"]
    ]
    assert bringing, "no npm folder of the project holds @scarf/scarf any more: this test has nothing to hold"
    for folder in bringing:
        settings = json.loads((folder / "package.json").read_text()).get("scarfSettings", {})
        assert settings == {"enabled": False, "skipTraversal": True}, (
            f"{folder} reports its installs to scarf.sh"
        )
