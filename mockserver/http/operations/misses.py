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

_TYPO = 0.9
"""As like as a path a letter or two off its documented one is (``/v1/booking/31``)."""

_LONGEST = 256
"""No documented path is near one longer: difflib's time grows with the product of the lengths,
and a path may be as long as a request's head (32 KiB)."""


def nearest(index: MethodIndex, path: str) -> str | None:
    """The documented path most like ``path``, if one is like it at all. A template's parameters
    take the path's own segments where the two have as many, so ``/v1/booking/31`` is compared
    with, and answered as, ``/v1/bookings/31``; case is not compared. Where none is a letter or
    two off, a path with a segment more or fewer than a documented one is named as that one
    (the lifecycle's ``/v1/bookings/1/cancel`` had been named ``/api/v1/bookings/cancel``)."""
    if len(path) > _LONGEST:
        return None
    given = path.rstrip("/").split("/")
    best, score = None, _LIKE
    for template in index.templates:
        parts = template.split("/")
        if len(parts) == len(given):
            parts = _resolved(parts, given)
        meant = "/".join(parts)
        ratio = difflib.SequenceMatcher(None, "/".join(given).lower(), meant.lower()).ratio()
        if ratio > score:
            best, score = meant, ratio
    if best is not None and (score >= _TYPO or _named_within(best.split("/"), given)):
        return best
    return _one_segment_off(index.templates, given) or best


def _named_within(meant: list[str], given: list[str]) -> bool:
    """Whether ``given`` differs from ``meant`` only in its last segment, which names part of
    meant's (``/v1/services/1/slots`` for ``/v1/services/1/time-slots``), or the other way."""
    if len(meant) != len(given) or [m.lower() for m in meant[:-1]] != [g.lower() for g in given[:-1]]:
        return False
    mine, theirs = given[-1].lower(), meant[-1].lower()
    return bool(mine) and (mine in theirs or theirs in mine)


def _one_segment_off(templates: Sequence[str], given: list[str]) -> str | None:
    """The first documented path ``given`` names with a segment added at its end (a verb the
    path does not take: ``/v1/bookings/31/cancel``), with segments before it left off
    (``/calendar/events`` for ``/bookings/calendar/events``), or with its last segment left off
    (``/credits`` for ``/credits/packages``); a template's parameters take the path's own."""
    split = [template.split("/") for template in templates]
    if len(given) > 3:  # one more than a documented path of two segments or more
        for parts in split:
            if _fits(parts, given[:-1]):
                return "/".join(_resolved(parts, given[:-1]))
    if len(given) > 2:  # two segments or more, the end of a longer documented path
        tail = len(given) - 1
        for parts in split:
            if len(parts) > len(given) and _fits(parts[-tail:], given[1:]):
                return "/".join([*parts[:-tail], *_resolved(parts[-tail:], given[1:])])
    below = [parts for parts in split if len(parts) > len(given) and _fits(parts[: len(given)], given)]
    if len(below) < len(split):  # every path below it (``/v1``): the API's docs list them better
        for parts in below:
            if len(parts) == len(given) + 1 and not template_parameter(parts[-1]):
                return "/".join([*_resolved(parts[:-1], given), parts[-1]])
    return None


def _fits(parts: Sequence[str], given: Sequence[str]) -> bool:
    return len(parts) == len(given) and all(
        template_parameter(part) or part.lower() == mine.lower()
        for part, mine in zip(parts, given, strict=True)
    )


def _resolved(parts: Sequence[str], given: Sequence[str]) -> list[str]:
    """A template's segments, each parameter taking the path's own."""
    return [mine if template_parameter(part) else part for part, mine in zip(parts, given, strict=True)]


def within(prefix: str, index: MethodIndex, path: str, pages: Sequence[str] = ()) -> str:
    """Said of ``path`` (after the mount ``prefix``), which no route of that API matches. Where
    the API is served at ``/`` (``serve --root``), a path copied with its usual mount
    (``/reservekit/v1/bookings``) is one of its own once that is left off. The API's root is
    its base URL, which ``serve``'s banner names: opened in a browser, it says where to go.
    ``pages``: the API's pages (the control API's dashboard), named where one is meant."""
    if path in ("", "/"):
        return (
            f"{prefix}/ is this API's base URL, not one of its paths: they are listed at {prefix}/ui/ "
            f"(its spec at {prefix}/openapi.json)"
        )
    meant = (
        nearest(index, path)
        or next((rest for _, rest in _splits(path)[1:] if index.allowed(rest)), None)
        or next(iter(difflib.get_close_matches(path.rstrip("/").lower(), pages, 1, _LIKE)), None)
    )
    meant = f"{meant}/" if meant in pages else meant  # a page is served at its folder
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


def outside(apis: Sequence[tuple[str, MethodIndex]], path: str, front_page: bool = True) -> str:
    """Said of ``path``, which falls under no API's mount (``apis``: each mount and its routes);
    ``front_page``: whether ``GET /`` lists them (a vendor-only server's ``/`` is a 404 too)."""
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
    listed = "GET / lists them, with their docs" if front_page else "each lists its paths at its ui/"
    return f"no API is mounted at {path}; the APIs are at {mounts} ({listed})"
