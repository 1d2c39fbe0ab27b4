"""The columns an imported row is found by, each naming the row the APIs would find.

Lifecycle finds a booking, a service, a member of staff by its uuid, Bardge a client: two rows
of one table imported with one uuid, the API found the first and never the second. A
customer's ``email_key`` is its email's key (``contact.email_key``), how a customer is found by
their email: imported as another value, the customer was not found by it, and the next booking
made with that email registered a second customer with it. A lifecycle booking's number and
its order's invoice number are spelt from its id: a number imported otherwise was one
``by-number`` found and the control API's target data never named.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mockserver.domain.kernel.contact import email_key
from mockserver.domain.kernel.errors import FieldProblem
from mockserver.domain.lifecycle.folios import booking_number
from mockserver.domain.lifecycle.orders import invoice_number

Tables = Mapping[str, list[dict[str, Any]]]

SPELT_FROM_ID: Mapping[tuple[str, str], Callable[[int], str]] = {
    ("folios", "number"): booking_number,
    ("orders", "invoice_number"): invoice_number,
}


def key_problems(api: str, tables: Tables) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for name, rows in tables.items():
        first: dict[str, int] = {}
        spelt = [(column, spell) for (table, column), spell in SPELT_FROM_ID.items() if table == name]
        for index, row in enumerate(rows):
            where = f"apis.{api}.{name}[{index}]"
            if isinstance(found := row.get("uuid"), str) and first.setdefault(found, index) != index:
                problems.append(FieldProblem(f"{where}.uuid", f"is {name}[{first[found]}]'s uuid too"))
            if (why := _email_key_problem(row)) is not None:
                problems.append(FieldProblem(f"{where}.email_key", why))
            problems += [
                FieldProblem(f"{where}.{column}", f"must be {number!r}, from its id")
                for column, spell in spelt
                if isinstance(row_id := row.get("id"), int)
                and column in row
                and row[column] != (number := spell(row_id))
            ]
    return problems


def _email_key_problem(row: Mapping[str, Any]) -> str | None:
    email = row.get("email")
    if "email_key" not in row or not (email is None or isinstance(email, str)):
        return None  # no customer's row, or an email named by its own check
    if row["email_key"] == (key := email_key(email)):
        return None
    return "must be null (there is no email)" if key is None else f"must be {key!r}, its email's key"
