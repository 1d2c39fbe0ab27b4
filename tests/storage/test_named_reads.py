from collections.abc import Mapping
from typing import Any, get_args

import sqlalchemy as sa

from mockserver.domain.kernel.ports import ServicesPage
from mockserver.storage.kernel import queries as q
from mockserver.storage.kernel.catalogue import ServicePages
from mockserver.storage.tenancy import named_reads
from mockserver.storage.tenancy.named_reads import Ahead, reads_named


def test_every_name_a_handler_may_give_says_its_reads() -> None:
    assert set(get_args(Ahead)) == set(named_reads._READS)


def test_a_page_of_services_named_ahead_is_the_page_and_its_count_as_listed() -> None:
    asked: list[tuple[sa.Executable, dict[str, Any]]] = []

    class Listing(ServicePages):
        def __init__(self) -> None:
            self._tenant = 7

        def _rows_together(self, *runs: tuple[sa.Executable, Mapping[str, Any]]) -> list[list[Any]]:
            asked.extend((statement, {"tenant": self._tenant, **params}) for statement, params in runs)
            return [[], [(0,)]]

    assert Listing().list_services(20, 10) == ([], 0)
    named = reads_named(7, ServicesPage(offset=20, limit=10))
    assert named == asked
    assert [statement for statement, _ in named] == [q.SERVICES_PAGE, q.SERVICES_COUNT]
