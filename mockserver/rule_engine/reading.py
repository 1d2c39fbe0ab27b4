"""Reading a recorded exchange's bodies: what every rule of the engine reads them with."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any


def json_of(raw: bytes) -> Any:
    try:
        return json.loads(raw) if raw.strip() else None
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None


def instant_of(text: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text).replace("Z", "+00:00")) if text else None
    except ValueError:
        return None


def data_of(body: Any) -> Any:
    """An envelope's ``data``, or nothing."""
    return body.get("data") if isinstance(body, dict) else None
