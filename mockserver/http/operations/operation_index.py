"""Connexion's routing middleware finding a request's operation with one regular expression.

Connexion's ``RoutingMiddleware`` asks a Starlette router of mounts, one per API, and the
mount's router of routes, one per operation: a match of each route in turn, each building a
scope, and the route path worked out again at every step (sixteen times a request). Here
each mount's routes that accept a method are one alternation, tried in the routers' order, so
the first route that matches is the one Starlette's routers would take. Only a sure answer is
taken (the first mount that matches, and in it a route that accepts the method); every other
request (a 405, a trailing-slash redirect, a path no API has, a mount whose router hands on
to another's) goes through Connexion's routers as before. A found operation leaves the scopes
as Connexion's routers leave them, and is called through its route as they call it.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Sequence
from typing import Any

from connexion.middleware import routing as connexion_routing
from connexion.middleware.routing import RoutingMiddleware
from starlette._utils import get_route_path
from starlette.convertors import IntegerConvertor
from starlette.routing import Mount, Route, Router
from starlette.types import Receive, Scope, Send

_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


class _Mount:
    """One mount's routes: for each method, the routes accepting it as one alternation."""

    def __init__(self, mount: Mount, routes: Sequence[Route]) -> None:
        self.mount = mount
        self.prefix = mount.path + "/"
        self.routes = routes
        methods = {method for route in routes for method in route.methods or ()}
        self.by_method = {method: self._alternation(method) for method in methods}

    def _alternation(self, method: str) -> re.Pattern[str]:
        # A route's own expression with its groups unnamed (its match is asked again for its
        # parameters), named after its place among the routes.
        parts = [
            f"(?P<r{place}>{_NAMED_GROUP.sub('(?:', route.path_regex.pattern[1:-1])})"
            for place, route in enumerate(self.routes)
            if route.methods is not None and method in route.methods
        ]
        return _compiled(f"^(?:{'|'.join(parts)})$")


@functools.lru_cache(maxsize=256)
def _compiled(alternation: str) -> re.Pattern[str]:
    """Each mount's alternations are the same for every app of a process, and ``re``'s own
    cache, shared with every library, does not keep them: compiled cold, one app's took 5 ms."""
    return re.compile(alternation)


class IndexedRouting(RoutingMiddleware):  # type: ignore[misc]
    def __init__(self, app: Any) -> None:
        super().__init__(app)
        self._mounts: list[_Mount] | None = None
        self._indexed = False

    def add_api(self, *args: Any, **kwargs: Any) -> None:
        super().add_api(*args, **kwargs)
        _bounded(self.router)
        self._indexed = False  # indexed at the first request, once every API is added

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        found = self._find(scope) if scope["type"] == "http" else None
        if found is None:
            await super().__call__(scope, receive, send)
            return
        mount, route, params = found
        connexion_routing._scope.set(dict(scope))
        # The scope as Starlette's two routers leave it: the mount's root path, the route's
        # endpoint and parameters (the mount's own, set first, are overwritten by the route's).
        root_path = scope.get("root_path", "")
        scope.setdefault("router", self.router)
        scope.update(
            {
                "route": route,
                "endpoint": route.endpoint,
                "app_root_path": scope.get("app_root_path", root_path),
                "root_path": root_path + mount.mount.path,
                "path_params": {**scope.get("path_params", {}), **params},
            }
        )
        await route.handle(scope, receive, send)

    def _find(self, scope: Scope) -> tuple[_Mount, Route, dict[str, Any]] | None:
        if not self._indexed:
            self._mounts, self._indexed = _indexed(self.router), True
        path = get_route_path(scope)
        for mount in self._mounts or ():
            # Every path the mount's expression matches starts so: the expression is asked only then.
            if not path.startswith(mount.prefix) or mount.mount.path_regex.match(path) is None:
                continue
            # The path the mount's router matches: below the root path the mount gives it.
            below = get_route_path(
                {"path": scope["path"], "root_path": scope.get("root_path", "") + mount.mount.path}
            )
            pattern = mount.by_method.get(scope["method"])
            matched = pattern.match(below) if pattern is not None else None
            if matched is None or matched.lastgroup is None:
                return None  # not a sure answer: Starlette's routers decide
            route = mount.routes[int(matched.lastgroup[1:])]
            own = route.path_regex.match(below)
            assert own is not None, "the alternation matched it"
            params = {
                name: route.param_convertors[name].convert(value) for name, value in own.groupdict().items()
            }
            return mount, route, params
        return None


def _bounded(router: Router) -> None:
    """Each integer path parameter matched only where ``int()`` reads it. Starlette's convertor
    matches any run of digits, then ``int()`` refuses one longer than Python's limit (4,300
    digits): a request naming such an id, in either router (a trailing slash goes through
    Starlette's), was a 500. Bounded, such a path is one no route has: the API's own 404."""
    limit = sys.get_int_max_str_digits()
    for mount in router.routes if limit else ():
        for route in mount.app.routes if isinstance(mount, Mount) and isinstance(mount.app, Router) else ():
            if not isinstance(route, Route):
                continue
            pattern = route.path_regex.pattern
            for name, convertor in route.param_convertors.items():
                if isinstance(convertor, IntegerConvertor) and convertor.regex.endswith("[0-9]+"):
                    bounded = f"{convertor.regex[:-1]}{{1,{limit}}}"
                    pattern = pattern.replace(f"(?P<{name}>{convertor.regex})", f"(?P<{name}>{bounded})")
            if pattern != route.path_regex.pattern:
                route.path_regex = re.compile(pattern)


def _indexed(router: Router) -> list[_Mount] | None:
    """Each mount of Connexion's router, or None where its routers hold anything else (then
    every request goes through them)."""
    mounts = []
    for mount in router.routes:
        if not isinstance(mount, Mount) or not isinstance(mount.app, Router):
            return None
        inner = mount.app
        routes = [route for route in inner.routes if type(route) is Route]
        if len(routes) != len(inner.routes) or inner.middleware_stack != inner.app:
            return None
        mounts.append(_Mount(mount, routes))
    return mounts
