"""A request's path, query, header and cookie parameters held to its operation's, with schemas
compiled once per app (``compiled.SchemaCache``), a query that passed before not checked
again (``PassedQueries``), and a scalar given twice refused.

Servers read a query parameter given more than once each their own way: PHP and Laravel take
the last, Go's ``Query().Get`` and Flask the first, Spring and ASP.NET join them with commas.
Connexion took the last, so an app that appends ``page=2`` to a query holding ``page=1`` paged
on here and stayed on its first page at a vendor reading the first. The spec gives a scalar one
value (OpenAPI's form style): a second is refused, naming both.
"""

from __future__ import annotations

from typing import Any, ClassVar

from connexion.exceptions import BadRequestProblem
from connexion.json_schema import Draft4RequestValidator
from connexion.lifecycle import ConnexionRequest
from connexion.validators import ParameterValidator
from jsonschema import ValidationError
from starlette.datastructures import QueryParams
from starlette.types import Scope

from mockserver.http.validation.compiled import SchemaCache


class KnownQueryRequest(ConnexionRequest):  # type: ignore[misc]
    """A request whose query is given as resolved, where it passed before (``PassedQueries``)."""

    def __init__(self, scope: Scope, uri_parser: Any, query: dict[str, object] | None) -> None:
        super().__init__(scope, uri_parser=uri_parser)
        self._query_params = query


class CachedParameters(ParameterValidator):  # type: ignore[misc]
    cache: ClassVar[SchemaCache]

    def validate_request(self, request: Any) -> None:
        self._refuse_repeats(request.scope["query_string"])
        super().validate_request(request)

    def _refuse_repeats(self, query: bytes) -> None:
        if b"&" not in query:
            return
        given = QueryParams(query)
        for param in self.parameters.get("query", []):
            if param.get("schema", {}).get("type") in ("array", "object"):
                continue
            values = given.getlist(param["name"])
            if len(values) > 1:
                shown = ", ".join(repr(value[:40]) for value in values[:4])
                raise BadRequestProblem(
                    detail=f"query parameter '{param['name']}' is given {len(values)} times ({shown}); "
                    "it takes one value: send it once"
                )

    def validate_beside_query(self, request: Any) -> None:
        """Connexion's check of a request's parameters but its query's, for a query string that
        passed this operation's checks before (``PassedQueries``)."""
        for kind, check in (
            ("path", self.validate_path_parameter),
            ("header", self.validate_header_parameter),
            ("cookie", self.validate_cookie_parameter),
        ):
            for param in self.parameters.get(kind, []):
                if error := check(param, request):
                    raise BadRequestProblem(detail=error)

    def validate_parameter(
        self, parameter_type: str, value: Any, param: dict[str, Any], param_name: str | None = None
    ) -> str | None:
        if value is None:
            if param.get("required"):
                return f"Missing {parameter_type} parameter '{param['name']}'"
            return None
        schema = param.get("schema", param)
        try:
            self.cache.get("parameter", schema, Draft4RequestValidator).validate(value)
        except ValidationError as error:
            refusal = f"{parameter_type} parameter '{param['name']}': {error.message}"
            if parameter_type == "query" and isinstance(value, str) and " " in value:
                # The commonest cause: an offset's "+" sent as it is, which a query reads as a space.
                refusal += "; a '+' in a query string reads as a space: send it as %2B"
            return refusal
        return None
