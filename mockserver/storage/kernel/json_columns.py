"""The text of a JSON column, written and read with orjson.

SQLAlchemy's JSON type encodes with the standard library's ``json``: every journal entry's two
messages (a week's answer is 3 KB of escaped JSON) took 13 us to encode, 4 with orjson, and a
lifecycle booking's columns are read back on every GET. Both engines (``engine.py``) take these
two. orjson refuses what the standard library writes all the same (an integer past 64 bits, a
lone surrogate) and reads less (``NaN``, which old rows might hold): those go to ``json``, so
every value that was storable stays storable and every stored text stays readable. (orjson
writes a NaN as ``null``: none reaches a column, since every edge refuses NaN.)
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def dump_json(value: Any) -> str:
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS).decode()
    except (orjson.JSONEncodeError, TypeError):
        return json.dumps(value)


def load_json(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
