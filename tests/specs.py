"""Reading the specs in tests: the parsed document and its operations."""

from __future__ import annotations

from typing import Any

from mockserver.documents.resources import spec_document

METHODS = ("get", "post", "put", "patch", "delete")


def load_spec(api: str) -> dict[str, Any]:
    return spec_document(api)


def resolved(spec: dict[str, Any], item: dict[str, Any]) -> dict[str, Any]:
    """``item``, or what its ``$ref`` (followed as far as it goes) points to in ``spec``."""
    while "$ref" in item:
        node: Any = spec
        for part in item["$ref"].removeprefix("#/").split("/"):
            node = node[part]
        item = node
    return item


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """Every (path, method, operation) of the spec."""
    return [(path, m, item[m]) for path, item in spec["paths"].items() for m in METHODS if m in item]
