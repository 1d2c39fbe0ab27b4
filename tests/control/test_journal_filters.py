"""What a journal filter asks of an entry, by hand-made entries: a path with or below its mount,
one status or a class of them, and the refusal of any other status."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from mockserver.apis.adapters import ADAPTERS
from mockserver.control.journal_filters import KINDS, METHODS, JournalFilter, journal_filter, status_wanted
from mockserver.documents.resources import spec_document
from mockserver.domain.kernel.errors import InvalidInput

MOUNTS = {"reservekit-v1": "/reservekit", "bardge-v3": "/bardge/v3", "merchant": ""}


@pytest.mark.parametrize(
    ("glob", "path", "api", "matches"),
    [
        ("/v1/bookings*", "/reservekit/v1/bookings/7", "reservekit-v1", True),
        ("/reservekit/v1/bookings*", "/reservekit/v1/bookings/7", "reservekit-v1", True),
        ("/passes", "/bardge/v3/passes", "bardge-v3", True),
        ("/v3/passes", "/bardge/v3/passes", "bardge-v3", False),  # half a mount is no mount
        ("/v1/bookings*", "/reservekit/v1/bookings/7", None, False),  # a webhook's: no API
        ("/bookings*", "/bookings/7", "merchant", True),  # served at the root (serve --root)
        ("/v1/bookings*", "/elsewhere/v1/bookings", "reservekit-v1", False),
    ],
)
def test_a_path_glob_matches_with_or_below_the_mount(
    glob: str, path: str, api: str | None, matches: bool
) -> None:
    assert JournalFilter(path=glob).path_matches(path, api, MOUNTS) is matches


@pytest.mark.parametrize(
    ("given", "wanted"), [("404", 404), (404, 404), ("4xx", "4xx"), ("5XX", "5xx"), (" 201 ", 201)]
)
def test_a_status_is_one_or_a_class(given: object, wanted: int | str) -> None:
    assert status_wanted(given) == wanted
    assert journal_filter({"status": given}).status == wanted


@pytest.mark.parametrize("given", ["often", "6xx", "4x", "99", "1000", "", "4xy"])
def test_any_other_status_is_refused_saying_the_forms(given: str) -> None:
    with pytest.raises(InvalidInput, match=r"is not an answer's status \(404\) or a class of them \(4xx\)"):
        status_wanted(given)


def test_a_class_is_its_hundred_statuses() -> None:
    table = sa.table("journal", sa.column("status", sa.Integer))
    condition = JournalFilter(status="4xx").status_condition(table.c.status)
    assert condition is not None
    assert (
        str(condition.compile(compile_kwargs={"literal_binds": True})) == "journal.status BETWEEN 400 AND 499"
    )
    assert JournalFilter().status_condition(table.c.status) is None


@pytest.mark.parametrize(
    ("field", "allowed"), [("method", METHODS), ("kind", KINDS), ("api", tuple(ADAPTERS))]
)
def test_a_method_kind_or_api_no_entry_can_have_is_refused_naming_what_can(
    field: str, allowed: tuple[str, ...]
) -> None:
    """The dashboard's journal answered ``?api=nope`` with an empty page, where the control API
    refuses it: a mistyped filter looked like a quiet sandbox."""
    with pytest.raises(InvalidInput) as refused:
        journal_filter({field: "nope"}, apis=tuple(ADAPTERS))
    assert str(refused.value) == f"{field} 'nope' is not one of {', '.join(allowed)}"
    assert getattr(journal_filter({field: allowed[-1]}, apis=tuple(ADAPTERS)), field) == allowed[-1]


def test_the_filters_words_are_the_control_apis_own() -> None:
    """Said in the code for the dashboard, and in the control API's spec for its query: one list."""
    spec = spec_document("sandbox-control")
    enums = {
        parameter["name"]: parameter["schema"].get("enum")
        for parameter in spec["components"]["parameters"].values()
        if parameter.get("in") == "query"
    }
    assert tuple(enums["method"]) == METHODS
    assert tuple(enums["kind"]) == KINDS
    assert tuple(spec["components"]["schemas"]["ApiName"]["enum"]) == tuple(ADAPTERS)


@pytest.mark.parametrize("field", ["since", "until"])
def test_an_instant_filter_in_no_rfc_3339_form_is_refused_naming_the_field(field: str) -> None:
    """The dashboard's form reaches the filter unchecked (the control API's spec checks its query)."""
    with pytest.raises(InvalidInput, match=f"^{field} is not an RFC 3339 instant$"):
        journal_filter({field: "yesterday"})
