"""The specs as Connexion is handed them: parsed once per process, validated once per content.

Every ``create_app`` adds five specs, and Connexion parses nothing itself but validates each
spec against the OpenAPI schema on every ``add_api``: two thirds of an app's start-up, and
the same answer every time for the same document. A test suite makes hundreds of apps; a
server makes one per worker. So the parsed document is kept (as a pickle, so each app gets
its own copy to change) and Connexion's validation is remembered by the document's digest:
a spec that changes is validated again, a broken one still refuses to load.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

from connexion.spec import OpenAPISpecification

from mockserver.resources import load_yaml


@functools.cache
def _parsed(path: Path, mtime_ns: int) -> bytes:
    return pickle.dumps(load_yaml(path), protocol=pickle.HIGHEST_PROTOCOL)


def spec_document(path: Path) -> dict[str, Any]:
    """The spec at ``path`` as a fresh dict (parsed again only when the file changes)."""
    document: dict[str, Any] = pickle.loads(_parsed(path, path.stat().st_mtime_ns))
    return document


class _RememberedValidation:
    """Connexion's spec validation, run once per distinct document in this process."""

    def __init__(self) -> None:
        self._valid: set[str] = set()
        self._validate = OpenAPISpecification._validate_spec

    def __call__(self, spec: dict[str, Any]) -> None:
        digest = hashlib.blake2b(json.dumps(spec, sort_keys=True, default=str).encode()).hexdigest()
        if digest not in self._valid:
            self._validate(spec)  # raises InvalidSpecification, remembered only when it passes
            self._valid.add(digest)


@functools.cache
def remember_spec_validation() -> None:
    """Makes Connexion validate each distinct spec once per process (idempotent)."""
    remembered = _RememberedValidation()
    OpenAPISpecification._validate_spec = classmethod(lambda cls, spec: remembered(spec))
