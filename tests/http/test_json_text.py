"""Answers' JSON written with orjson reads back as the standard library would have written it."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from connexion.jsonifier import JSONEncoder

from mockserver.http.operations import json_text


def _stdlib(data: object) -> str:
    return json.dumps(data, cls=JSONEncoder, separators=(",", ":"))


def test_a_document_reads_back_as_the_standard_librarys() -> None:
    document = {
        "id": 7,
        "name": "Zoë Ångström",
        "price": 12.5,
        "tags": ["a", None, True],
        "nested": {"b": [1, 2.25, {"c": "é"}]},
    }
    assert json.loads(json_text.dumps(document)) == json.loads(_stdlib(document))
    assert json_text.dumps(document).startswith('{"id":7,"name":"Zoë Ångström"')  # compact, in order


def test_instants_dates_and_the_rest_go_through_connexions_conversions() -> None:
    naive = datetime(2027, 1, 4, 9, 30)
    document = {
        "naive": naive,
        "aware": naive.replace(tzinfo=UTC),
        "day": date(2027, 1, 4),
        "id": uuid.UUID(int=5),
        "amount": Decimal("1.5"),
        3: "a key that is no string",
    }
    assert json.loads(json_text.dumps(document)) == json.loads(_stdlib(document))
    assert json.loads(json_text.dumps(document))["naive"] == "2027-01-04T09:30:00Z"


def test_an_integer_orjson_refuses_is_written_by_the_standard_library() -> None:
    document = {"big": 2**70, "small": -(2**63)}
    assert (
        json_text.dumps(document, separators=(",", ":"))
        == '{"big":1180591620717411303424,"small":-9223372036854775808}'
    )
