"""Where the specs and fixtures are, installed or in a checkout.

A wheel carries them under ``mockserver/_data`` (see pyproject.toml); a checkout
or an editable install reads them from the top-level ``openapi/`` and
``fixtures/`` folders, which are the files people edit.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cannot find the {name}/ folder next to or inside the package")


def spec_path(api: str) -> Path:
    return _data_dir("openapi") / f"{api}.yaml"


def fixture_path(name: str) -> Path:
    return _data_dir("fixtures") / f"{name}.yaml"


def scenarios_dir() -> Path:
    return _data_dir("fixtures") / "scenarios"
