"""The request checks' URI parser (``validation_layers._kept_parser``) resolves every query as
Connexion's own parser does, with its parameters' schemas worked out once (and a number's text
no vendor reads as one left as text: ``test_numerals.py``)."""

from __future__ import annotations

from typing import Any

from connexion.uri_parsing import OpenAPIURIParser
from hypothesis import given
from hypothesis import strategies as st

from mockserver.http.validation.validation_layers import _kept_parser

PLAIN = [
    {"name": "page", "in": "query", "schema": {"type": "integer"}},
    {"name": "status", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
    {
        "name": "ids",
        "in": "query",
        "explode": False,
        "schema": {"type": "array", "items": {"type": "integer"}},
    },
    {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
]
DEEP = [*PLAIN, {"name": "filter", "in": "query", "style": "deepObject", "schema": {"type": "object"}}]

names = st.sampled_from(["page", "status", "ids", "filter", "filter[a]", "filter[a][b]", "x[y]", "other"])
values = st.lists(st.sampled_from(["1", "2", "a,b", "3,4", "", "x"]), min_size=1, max_size=3)
queries = st.dictionaries(names, values, max_size=5)


def both(parameters: list[dict[str, Any]]) -> tuple[Any, Any]:
    return OpenAPIURIParser(parameters, {}), _kept_parser(OpenAPIURIParser)(parameters, {})


def outcome(parser: Any, query: dict[str, list[str]]) -> tuple[str, Any]:
    try:
        return "resolved", parser.resolve_query(dict(query))
    except TypeError as error:  # Connexion's own, merging a deep object into a plain value
        return "refused", type(error)


@given(queries)
def test_a_query_is_resolved_as_connexion_resolves_it(query: dict[str, list[str]]) -> None:
    for parameters in (PLAIN, DEEP):
        connexions, kept = both(parameters)
        assert outcome(kept, query) == outcome(connexions, query)


def test_deep_objects_are_still_built_where_a_parameter_has_that_style() -> None:
    connexions, kept = both(DEEP)
    query = {"filter[a][b]": ["1"], "filter[c]": ["2"]}
    assert kept.resolve_query(dict(query)) == connexions.resolve_query(dict(query))
    assert kept.resolve_query(dict(query))["filter"] == {"a": {"b": "1"}, "c": "2"}


def test_the_schemas_are_worked_out_once() -> None:
    connexions, kept = both(PLAIN)
    assert kept.param_schemas == connexions.param_schemas
    assert kept.param_schemas is kept.param_schemas, "one dict, not one per look"
    assert connexions.param_schemas is not connexions.param_schemas
    assert kept.resolve_path({"id": "7"}) == {"id": 7}
