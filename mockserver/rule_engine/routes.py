"""An API's documented paths, and which of them a request's URL names.

A recorded URL carries whatever base path the target serves the API under (a vendor's ``/api``,
the sandbox's ``/reservekit``), which no one tells the engine: a proxy's upstream may end before
it (``https://staging.vendor.example``, the client adding ``/api``). So an operation is found
by the end of the path, unless the trace shows the base (``ServedBases``): then the rest of the
path must be a documented path whole. ``/reservekit/reservekit/v1/services`` where
``/reservekit/v1/bookings`` was answered 2xx is no operation (a client's wrong base, which the
vendor rightly refuses), not ``/v1/services`` answered an undocumented 404.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from .findings import origin_of
from .parameters import group_name

METHODS = ("get", "put", "post", "patch", "delete")
MOST_BASES = 16
"""Bases kept for one host: a vendor serves an API under one or two. A host that answers 2xx
under any prefix (a web app's catch-all route) would have a proxy's long run keep, and look
through, one for every path a client tried."""


class Routes:
    """The paths of one spec's ``paths``, the most specific first."""

    def __init__(self, paths: Mapping[str, Any]) -> None:
        self._routes = sorted(
            (
                (template, frozenset(m.upper() for m in item if m in METHODS), _pattern(template))
                for template, item in paths.items()
            ),
            # The most specific first: more segments, then more of them literal.
            key=lambda route: (-route[0].count("/"), route[0].count("{")),
        )

    def route(self, url: str, base: str | None = None) -> tuple[str, frozenset[str], dict[str, str]] | None:
        """The most specific documented path ``url`` names under ``base`` (any base where None),
        its methods and its path parameters: a literal segment beats a parameter
        (``/bookings/class`` is not booking ``class``)."""
        matched = self._match(url, base)
        if matched is None:
            return None
        template, methods, found = matched
        return template, methods, {name: unquote(value) for name, value in found.groupdict().items()}

    def template(self, url: str, base: str | None) -> str | None:
        """The documented path (its template) ``url`` names under ``base`` (any where None)."""
        matched = self._match(url, base)
        return None if matched is None else matched[0]

    def base_of(self, url: str) -> str | None:
        """The base path a URL serves the API under: its path before the documented path it
        ends with (``/reservekit`` of ``/reservekit/v1/services``), or None where it ends with none."""
        matched = self._match(url, None)
        return None if matched is None else matched[2].string[: matched[2].start()]

    def _match(self, url: str, base: str | None) -> tuple[str, frozenset[str], re.Match[str]] | None:
        path = urlsplit(url).path.rstrip("/") or "/"
        for template, methods, pattern in self._routes:
            # A template's segments are fixed in number, so it ends a path in one place only.
            found = pattern.search(path)
            if found and (base is None or path[: found.start()] == base):
                return template, methods, found
        return None


class ServedBases:
    """Where a trace shows its target serving the API: on each host, the base paths under which
    a documented path was answered 2xx."""

    def __init__(self) -> None:
        self._at: dict[str, set[str]] = {}

    def answered(self, url: str, base: str | None) -> bool:
        """A 2xx to ``url``, whose documented path begins after ``base`` (None: it has none);
        whether it is the first base its host shows."""
        if base is None:
            return False
        bases = self._at.setdefault(origin_of(url), set())
        first = not bases
        if len(bases) < MOST_BASES:
            bases.add(base)
        return first

    def at(self, origin: str) -> frozenset[str]:
        """The bases shown on the host ``origin`` (``findings.origin_of``)."""
        return frozenset(self._at.get(origin, ()))

    def base_for(self, url: str) -> str | None:
        """The longest base shown on ``url``'s host that its path lies under; where it lies under
        none, the host's shortest (the path is then outside the API, no operation of it: a 2xx
        there would have shown a base of its own); None where the host shows none."""
        bases = self._at.get(origin_of(url))
        if not bases:
            return None
        under = longest_base(urlsplit(url).path, bases)
        return min(bases, key=lambda base: (len(base), base)) if under is None else under


def below(path: str, base: str) -> bool:
    """Whether ``path`` lies under the base path ``base`` ("" is a host's root)."""
    return not base or path == base or path.startswith(base + "/")


def longest_base(path: str, bases: Iterable[str]) -> str | None:
    """The longest of ``bases`` that ``path`` lies under, if any."""
    return max((base for base in bases if below(path, base)), key=len, default=None)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template.rstrip("/"))
    regex = "".join(f"(?P<{_group(p)}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
    # Anchored at the end and at a segment's start: /x/v1/bookings, never /xv1/bookings.
    return re.compile(f"(?:^|/){regex.lstrip('/')}$" if regex.startswith("/") else f"{regex}$")


def _group(part: str) -> str:
    return group_name(part.strip("{}"))
