"""JSON as the operations write and read it: orjson, behind Connexion's ``Jsonifier``.

Connexion's ``Jsonifier`` takes a module with ``dumps`` and ``loads``; this one writes with
orjson where the standard library would write the same document (compact, keys in the order
given), and hands anything orjson refuses (an integer past 64 bits) to the standard library.
Instants, dates and dataclasses go through Connexion's own conversions, as before: orjson's
spelling of a naive instant differs from Connexion's.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from connexion.jsonifier import JSONEncoder

_OPTIONS = (
    orjson.OPT_NON_STR_KEYS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | orjson.OPT_PASSTHROUGH_DATACLASS
    | orjson.OPT_PASSTHROUGH_SUBCLASS
)
_CONNEXION = JSONEncoder()


def dumps(data: Any, **kwargs: Any) -> str:
    try:
        return orjson.dumps(data, default=_CONNEXION.default, option=_OPTIONS).decode()
    except orjson.JSONEncodeError:
        return json.dumps(data, **kwargs)


loads = orjson.loads
