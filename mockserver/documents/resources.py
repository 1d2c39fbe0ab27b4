"""Where the specs and fixtures are, installed or in a checkout.

A wheel carries them under ``mockserver/_data`` (see pyproject.toml); a checkout
or an editable install reads them from the top-level ``openapi/`` and
``fixtures/`` folders, which are the files people edit.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import yaml

# libyaml's loader parses the specs ten times faster than the pure-Python one;
# PyYAML wheels ship it, a source build may not.
SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # mockserver/


def _data_dir(name: str) -> Path:
    for candidate in (_PACKAGE_DIR / "_data" / name, _PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"cannot find the {name}/ folder next to or inside the package")


def spec_path(api: str) -> Path:
    return _data_dir("openapi") / f"{api}.yaml"


def fixture_path(name: str) -> Path:
    return _data_dir("fixtures") / f"{name}.yaml"


def world_path(given: str = "") -> Path:
    """A user's world file (``--world``), or the default world every sandbox starts from."""
    return Path(given) if given else fixture_path("default-world")


def world_schema_path() -> Path:
    """The published JSON Schema of world and scenario files (``booking-sandbox world --schema``)."""
    return _data_dir("openapi") / "world.schema.json"


def scenarios_dir() -> Path:
    return _data_dir("fixtures") / "scenarios"


def load_yaml(path: Path) -> Any:
    """A spec, fixture or scenario file as plain data (YAML's safe subset)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def spec_document(api: str) -> dict[str, Any]:
    """An API's spec as plain data, a copy of its own for each caller: parsed from YAML once per
    version of the file and copied from JSON text (a kit run read each spec four times, 5 to
    28 ms each; the copy takes under a millisecond). The specs hold only what JSON holds."""
    path = spec_path(api)
    document: dict[str, Any] = json.loads(_spec_text(path, path.stat().st_mtime_ns))
    return document


@functools.cache
def _spec_text(path: Path, version: int) -> str:
    return json.dumps(load_yaml(path))


def target_data_schema_path() -> Path:
    """The published JSON Schema of the contract kit's target data (a vendor's test data)."""
    return _data_dir("openapi") / "target-data.schema.json"
