"""Reading the specs in tests: the parsed document and its operations."""

from __future__ import annotations

from typing import Any

import yaml

from mockserver.resources import spec_path

METHODS = ("get", "post", "put", "patch", "delete")


def load_spec(api: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(spec_path(api).read_text())
    return loaded


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (path, method, operation) of the spec."""
    return [(path, m, item[m]) for path, item in spec["paths"].items() for m in METHODS if m in item]
