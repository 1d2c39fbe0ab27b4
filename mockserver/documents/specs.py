"""The specs as Connexion is handed them: built once per process, and shared by every app.

Every ``create_app`` adds five specs, and Connexion builds each one it is given: a deep copy
of the document, its validation against the OpenAPI schema, every ``$ref`` resolved. That
was four fifths of an app's start-up, and the same result every time for the same document,
mount and bearer check. A test suite makes hundreds of apps; a server makes one per worker.
So the built ``Specification`` is kept per file version, mount and bearer check, and
Connexion is taught to take a built one as it is (``take_built_specs``). Apps share it: what
Connexion changes on a spec it is given is the same for every app with that key (the mount,
set again on each ``add_api``; the components it attaches to a schema it reads), and its
Swagger UI serves a copy. An unpickled copy per app was half of an app's start-up, 4 % of the
test workers' CPU. A changed file is read, validated and built again, and a broken one never
builds.

The validation (jsonschema over the OpenAPI schema, most of a build: a fifth of ``serve``'s
start-up) gives the same verdict for the same document and Connexion version, so a document
found valid is remembered by its digest, a marker file in the user's cache directory
(``$XDG_CACHE_HOME/booking-sandbox``): the next process skips it. A marker can only skip
the check of a document that passed it; where the directory cannot be written, every
process validates.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path
from typing import Any

from connexion.spec import OpenAPISpecification, Specification

from mockserver.documents.resources import load_yaml


@functools.cache
def _built(path: Path, mtime_ns: int, prefix: str, bearer_info: str) -> Specification:
    document: dict[str, Any] = load_yaml(path)
    document["servers"] = [{"url": prefix or "/"}]
    for scheme in document.get("components", {}).get("securitySchemes", {}).values():
        if scheme.get("scheme") == "bearer":
            scheme["x-bearerInfoFunc"] = bearer_info
    # Connexion's own build: validated (InvalidSpecification for a broken one), refs resolved;
    # for OpenAPI 3, from_dict's own steps with the validation remembered.
    if str(document.get("openapi", "")).startswith("3."):
        built: Specification = _RememberedValid(_string_keys(document))
    else:
        built = Specification.from_dict(document)
    # The mount as each app's add_api sets it again (at the root, "" for the document's "/"):
    # shared, the build is then what every app leaves it.
    built.base_path = prefix
    return built


class _RememberedValid(OpenAPISpecification):  # type: ignore[misc]
    """Connexion's OpenAPI 3 specification, validated once per document (see above)."""

    @classmethod
    def _validate_spec(cls, spec: dict[str, Any]) -> None:
        marker = _marker(spec)
        if marker is not None and marker.exists():
            return
        super()._validate_spec(spec)
        if marker is not None:
            try:
                marker.parent.mkdir(parents=True, exist_ok=True)
                marker.touch()
            except OSError:
                pass  # not remembered: the next process validates again


def _string_keys(value: Any) -> Any:
    # As Connexion's from_dict: YAML allows integer keys (response codes), JSON does not.
    if isinstance(value, dict):
        return {str(key): _string_keys(item) for key, item in value.items()}
    return value


def _marker(spec: dict[str, Any]) -> Path | None:
    try:
        text = json.dumps(spec, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return None
    digest = hashlib.sha256(f"connexion {version('connexion')}\n{text}".encode()).hexdigest()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "booking-sandbox" / "valid-specs" / digest


def built_spec(path: Path, prefix: str, bearer_info: str) -> Specification:
    """The spec at ``path`` built by Connexion, served below ``prefix``, its bearer tokens
    checked by the function named ``bearer_info``: one build per file version, shared."""
    take_built_specs()
    return _built(path, path.stat().st_mtime_ns, prefix, bearer_info)


@functools.cache
def take_built_specs() -> None:
    """Makes Connexion's ``add_api`` take a built ``Specification`` as it is (idempotent).

    ``add_api`` builds whatever it is given, a file, a URL or a dict, through
    ``Specification.load``, which has no case for a spec already built; any other argument
    goes to Connexion's own ``load`` as before.
    """
    load = Specification.load.__func__

    def load_or_take(cls: type[Specification], spec: Any, *, arguments: Any = None) -> Any:
        if isinstance(spec, Specification):
            return spec
        return load(cls, spec, arguments=arguments)

    Specification.load = classmethod(load_or_take)
