"""The columns an imported row is found by, each naming the row the APIs would find.

Lifecycle finds a booking, a service, a member of staff by its uuid, Bardge a client: two rows
of one table imported with one uuid, the API found the first and never the second. A
customer's ``email_key`` is its email's key (``contact.email_key``), how a customer is found by
their email: imported as another value, the customer was not found by it, and the next booking
made with that email registered a second customer with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.domain.kernel.contact import email_key
from mockserver.domain.kernel.errors import FieldProblem

Tables = Mapping[str, list[dict[str, Any]]]


def key_problems(api: str, tables: Tables) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for name, rows in tables.items():
        first: dict[str, int] = {}
        for index, row in enumerate(rows):
            where = f"apis.{api}.{name}[{index}]"
            if isinstance(found := row.get("uuid"), str) and first.setdefault(found, index) != index:
                problems.append(FieldProblem(f"{where}.uuid", f"is {name}[{first[found]}]'s uuid too"))
            email = row.get("email")
            if (
                "email_key" in row
                and (email is None or isinstance(email, str))
                and row["email_key"] != (key := email_key(email))
            ):
                said = "null (there is no email)" if key is None else f"{key!r}, its email's key"
                problems.append(FieldProblem(f"{where}.email_key", f"must be {said}"))
    return problems
