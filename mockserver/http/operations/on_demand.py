"""Connexion's per-operation middleware layers, each operation made on its first request.

Connexion builds every operation of every spec in each routed layer (security, the two
validations, context) when an app serves its first request: five specs, about ninety
operations, four layers, most of them never called by a run (a test's app calls a handful);
an app's first call took 21.8 ms, 12.3 ms with this. Here a layer looks an operation up by its id, as
Connexion's own layers do, and makes it then; routing and the app's own operations (whose
handlers are resolved at start, so a spec naming a missing handler still fails at once) stay
as Connexion builds them.
"""

from __future__ import annotations

from collections import defaultdict
from contextlib import suppress
from typing import Any

from connexion.http_facts import METHODS
from connexion.middleware.context import ContextAPI, ContextMiddleware
from connexion.middleware.security import SecurityAPI, SecurityMiddleware
from connexion.resolver import ResolverError

from mockserver.http.operations.bearer_checks import BearerCheck


class _Operations(dict[Any, Any]):
    """A layer's operations by id, each made when first asked for."""

    def __init__(self, api: Any) -> None:
        super().__init__()
        self._api = api
        self._where: dict[str, tuple[str, str]] | None = None
        self._whole = False

    def __missing__(self, operation_id: Any) -> Any:
        if operation_id is None:
            raise KeyError(operation_id)  # a path outside the spec: Connexion's own case
        where = self._index().get(operation_id)
        if where is not None:
            self._add(*where)
        if operation_id not in self and not self._whole:
            # An id the spec's operationIds do not spell (a resolver of another kind):
            # every operation made once, as Connexion makes them.
            self._whole = True
            for path, method in self._paths():
                self._add(path, method)
        if operation_id not in self:
            raise KeyError(operation_id)  # (the dict's own lookup would ask here again)
        return super().__getitem__(operation_id)

    def _add(self, path: str, method: str) -> None:
        # As Connexion's add_paths: the routing layer answers for an operation it cannot resolve.
        with suppress(ResolverError):
            self._api.add_operation(path, method)

    def _paths(self) -> list[tuple[str, str]]:
        paths = self._api.specification.get("paths", {})
        return [(path, method) for path, methods in paths.items() for method in methods if method in METHODS]

    def _index(self) -> dict[str, tuple[str, str]]:
        if self._where is None:
            paths = self._api.specification.get("paths", {})
            self._where = {}
            for path, method in self._paths():
                operation_id = paths[path][method].get("operationId")
                if isinstance(operation_id, str):
                    self._where.setdefault(operation_id, (path, method))
        return self._where


class OperationsOnDemand:
    """Mixin for a Connexion ``RoutedAPI``: ``add_paths`` makes no operation yet."""

    operations: Any

    def add_paths(self) -> None:
        if isinstance(self.operations, defaultdict):
            super().add_paths()  # type: ignore[misc]  # security's auth_all_paths: as built
            return
        self.operations = _Operations(self)


class _SecurityAPI(OperationsOnDemand, SecurityAPI):  # type: ignore[misc]
    def make_operation(self, operation: Any) -> BearerCheck:
        return BearerCheck(
            self.next_app,
            security_handler_factory=self.security_handler_factory,
            security=operation.security,
            security_schemes=operation.security_schemes,
        )


class _ContextAPI(OperationsOnDemand, ContextAPI):  # type: ignore[misc]
    pass


class SecurityLayer(SecurityMiddleware):  # type: ignore[misc]
    api_cls = _SecurityAPI


class ContextLayer(ContextMiddleware):  # type: ignore[misc]
    api_cls = _ContextAPI
