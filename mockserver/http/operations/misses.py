"""What a path no documented route matches was most likely meant as, for its 404 to say.

The commonest first calls that miss: the vendor's own path without the API's mount
(``/v1/bookings``, which this server serves at ``/reservekit/v1/bookings``), a mount spelt in
another case or version (``/ReserveKit/…``, ``/bardge/v2/…``), and a path a letter off
(``/v1/booking``). Each was a bare "not found", which says nothing of where to look.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from mockserver.http.operations.routes import MethodIndex, template_parameter

_LIKE = 0.8
"""How like a documented path a miss must be to be named as meant (difflib's ratio)."""

_LONGEST = 256
"""No documented path is near one longer: difflib's time grows with the product of the lengths,
and a path may be as long as a request's head (32 KiB)."""


def nearest(index: MethodIndex, path: str) -> str | None:
    """The documented path most like ``path``, if one is like it at all. A template's parameters
    take the path's own segments where the two have as many, so ``/v1/booking/31`` is compared
    with, and answered as, ``/v1/bookings/31``; case is not compared."""
    if len(path) > _LONGEST:
        return None
    given = path.rstrip("/").split("/")
    best, score = None, _LIKE
    for template in index.templates:
        parts = template.split("/")
        if len(parts) == len(given):
            parts = [
                mine if template_parameter(part) else part for part, mine in zip(parts, given, strict=True)
            ]
        meant = "/".join(parts)
        ratio = difflib.SequenceMatcher(None, "/".join(given).lower(), meant.lower()).ratio()
        if ratio > score:
            best, score = meant, ratio
    return best


def within(prefix: str, index: MethodIndex, path: str) -> str:
    """Said of ``path`` (after the mount ``prefix``), which no route of that API matches. Where
    the API is served at ``/`` (``serve --root``), a path copied with its usual mount
    (``/reservekit/v1/bookings``) is one of its own once that is left off."""
    meant = nearest(index, path) or next((rest for _, rest in _splits(path)[1:] if index.allowed(rest)), None)
    where = f"did you mean {prefix}{meant}?" if meant else f"its paths are listed at {prefix}/ui/"
    return f"no path {prefix}{path} in this API; {where}"


def _splits(path: str) -> list[tuple[str, str]]:
    """``path`` whole, without its first segment, and without its first two: each as what was
    left off (lower-cased) and the rest."""
    segments = path.strip("/").split("/")
    return [
        ("/".join(segments[:dropped]).lower(), "/" + "/".join(segments[dropped:]))
        for dropped in range(min(3, len(segments)))
    ]


def outside(apis: Sequence[tuple[str, MethodIndex]], path: str) -> str:
    """Said of ``path``, which falls under no API's mount (``apis``: each mount and its routes)."""
    for gone, rest in _splits(path):
        # The API whose mount is most like what was put in its place (nothing, or a miscased
        # or other version of it) and which has the rest of the path, else one like it.
        found = [
            (difflib.SequenceMatcher(None, gone, prefix.strip("/").lower()).ratio(), exact, prefix, meant)
            for prefix, index in apis
            if (meant := rest if (exact := bool(index.allowed(rest))) else nearest(index, rest))
        ]
        if found:
            *_, prefix, meant = max(found, key=lambda candidate: candidate[:2])
            return f"no API is mounted at {path}; did you mean {prefix}{meant}?"
    mounts = ", ".join(f"{prefix}/" for prefix, _ in apis)
    return f"no API is mounted at {path}; the APIs are at {mounts} (GET / lists them, with their docs)"
