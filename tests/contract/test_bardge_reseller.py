"""How the kit makes Bardge clients (``Reseller.client``): a pass issued, a look-up and its
verification for each, the reseller's passes and issuers read once a scenario.

Each client asked for the catalogue and the issuers again: five requests a client where three
do (879 exchanges of a rules run against a fresh sandbox; 747 now). A target here is a reseller
that answers those five requests, and a client's token is its verified look-up's.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from contract_tests.rules.bardge_reseller import Reseller

ISSUERS = [
    {"id": "iss_phone", "identifier": "phone"},
    {"id": "iss_email", "identifier": "email"},
    {"id": "iss_email_2", "identifier": "email"},
]
PLANS = [{"id": "pln_gym", "covers": ["gym"]}, {"id": "pln_class", "covers": ["gym", "class"]}]


class Target:
    def __init__(self) -> None:
        self.asked: list[str] = []
        self.issued: list[dict[str, Any]] = []
        self.lookups: list[dict[str, Any]] = []

    def get(self, path: str) -> Any:
        self.asked.append(f"GET {path}")
        return _answer(200, {"data": {"/passes": PLANS, "/lookup/issuers": ISSUERS}[path]})

    def post(self, path: str, json: dict[str, Any]) -> Any:
        self.asked.append(f"POST {path}")
        if path == "/passes/issue":
            self.issued.append(json)
            return _answer(201, {"id": len(self.issued)})
        if path == "/lookup":
            self.lookups.append(json)
            return _answer(201, {"id": f"lkp_{len(self.lookups)}"})
        return _answer(200, {"client_token": f"client-of-{path.split('/')[2]}"})


def _answer(status: int, body: dict[str, Any]) -> Any:
    return SimpleNamespace(status_code=status, json=lambda: body, text="", headers={})


def reseller(target: Target) -> Reseller:
    run = SimpleNamespace(data=SimpleNamespace(of=lambda api: {"verification_code": "123456"}))
    made = Reseller.__new__(Reseller)
    made.run, made.api, made.tidy = run, target, None  # type: ignore[assignment]
    return made


def test_a_scenarios_clients_read_the_passes_and_issuers_once() -> None:
    target = Target()
    made = reseller(target)
    clients = [made.client() for _ in range(3)]
    assert clients == ["client-of-lkp_1", "client-of-lkp_2", "client-of-lkp_3"]
    assert target.asked.count("GET /passes") == 1
    assert target.asked.count("GET /lookup/issuers") == 1
    assert len(target.asked) == 2 + 3 * 3  # a pass issued, a look-up and its verification each


def test_each_client_holds_a_class_pass_and_is_looked_up_by_the_first_email_issuer() -> None:
    target = Target()
    reseller(target).client()
    reseller(target).client()  # another scenario reads them again
    assert [issued["pass_id"] for issued in target.issued] == ["pln_class", "pln_class"]
    assert [lookup["issuer_id"] for lookup in target.lookups] == ["iss_email", "iss_email"]
    assert [lookup["identifier"] for lookup in target.lookups] == [i["email"] for i in target.issued]
    assert target.asked.count("GET /passes") == 2
