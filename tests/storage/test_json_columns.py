"""A JSON column's text (``storage/kernel/json_columns.py``): orjson's, with the standard
library's behind it for what orjson refuses, so any value round-trips as before."""

from __future__ import annotations

import json
import math
from typing import Any

import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from mockserver.storage.database.engine import create_engine
from mockserver.storage.kernel.json_columns import dump_json, load_json

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=20
)


@given(values)
def test_a_value_reads_back_as_the_standard_library_would_write_and_read_it(value: Any) -> None:
    assert load_json(dump_json(value)) == json.loads(json.dumps(value))
    assert json.loads(dump_json(value)) == json.loads(json.dumps(value))
    assert load_json(json.dumps(value)) == json.loads(json.dumps(value)), "rows written before"


def test_what_orjson_refuses_goes_to_the_standard_library() -> None:
    for value in (2**70, {"lone": "\ud800"}, [-(2**64)]):
        assert dump_json(value) == json.dumps(value)
        assert load_json(dump_json(value)) == value
    assert dump_json({1: "a"}) == '{"1":"a"}', "keys as json writes them"
    assert math.isnan(load_json("[NaN]")[0]), "an old row's NaN still reads"


def test_both_engines_write_and_read_their_json_columns_with_these(database: str) -> None:
    engine = create_engine(database)
    table = sa.Table("json_text", sa.MetaData(), sa.Column("v", sa.JSON))
    table.create(engine)
    try:
        with engine.begin() as connection:
            connection.execute(table.insert(), [{"v": {"text": "é", "n": [1, 2]}}])
            raw = connection.execute(sa.text("SELECT CAST(v AS TEXT) FROM json_text")).scalar_one()
            read = connection.execute(sa.select(table.c.v)).scalar_one()
        assert raw == '{"text":"é","n":[1,2]}', "orjson's text, not json.dumps's"
        assert read == {"text": "é", "n": [1, 2]}
    finally:
        engine.dispose()
