"""An npm package a test needs, where npm cannot install it, skips that test saying why."""

from __future__ import annotations

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
