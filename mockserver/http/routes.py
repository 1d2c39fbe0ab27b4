"""Which methods each documented path accepts, for the ``Allow`` header of a 405."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_TEMPLATE_PARAMETER = re.compile(r"\{[^/}]+\}")


class MethodIndex:
    def __init__(self, paths: Mapping[str, Mapping[str, Any]]) -> None:
        self._routes: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
        for template, item in paths.items():
            methods = tuple(m.upper() for m in HTTP_METHODS if m in item)
            pattern = "".join(
                "[^/]+" if _TEMPLATE_PARAMETER.fullmatch(part) else re.escape(part)
                for part in re.split(r"(\{[^/}]+\})", template)
            )
            self._routes.append((re.compile(f"^{pattern}/?$"), methods))

    def allowed(self, path: str) -> tuple[str, ...]:
        for pattern, methods in self._routes:
            if pattern.match(path):
                return methods
        return ()
