"""The specs as Connexion is handed them: built once per process, each app given its own copy.

Every ``create_app`` adds five specs, and Connexion builds each one it is given: a deep copy
of the document, its validation against the OpenAPI schema, every ``$ref`` resolved. That
was four fifths of an app's start-up, and the same result every time for the same document,
mount and bearer check. A test suite makes hundreds of apps; a server makes one per worker.
So the built ``Specification`` is kept as a pickle (each app unpickles its own copy, which
Connexion may change, as it sets the mount on it) and Connexion is taught to take a built
one as it is (``take_built_specs``). A changed file is read, validated and built again, and a
broken one never builds.
"""

from __future__ import annotations

import functools
import pickle
from pathlib import Path
from typing import Any

from connexion.spec import Specification

from mockserver.resources import load_yaml


@functools.cache
def _built(path: Path, mtime_ns: int, prefix: str, bearer_info: str) -> bytes:
    document: dict[str, Any] = load_yaml(path)
    document["servers"] = [{"url": prefix or "/"}]
    for scheme in document.get("components", {}).get("securitySchemes", {}).values():
        if scheme.get("scheme") == "bearer":
            scheme["x-bearerInfoFunc"] = bearer_info
    # Connexion's own build: validated (InvalidSpecification for a broken one), refs resolved.
    built = Specification.from_dict(document)
    return pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL)


def built_spec(path: Path, prefix: str, bearer_info: str) -> Specification:
    """The spec at ``path`` built by Connexion, served below ``prefix``, its bearer tokens
    checked by the function named ``bearer_info``: a fresh copy of one built per file version."""
    take_built_specs()
    built: Specification = pickle.loads(_built(path, path.stat().st_mtime_ns, prefix, bearer_info))
    return built


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
