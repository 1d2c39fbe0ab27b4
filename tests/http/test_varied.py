"""``--vary``'s wire layer, on a hand-made app: ids both ways, instants, list order, id headers;
and, in a whole app, where it stands among the guards."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from mockserver.apis.adapters import VARIED
from mockserver.control.keys import bearer_key
from mockserver.documents.resources import load_yaml, spec_path
from mockserver.http.fidelity import varied as varied_module
from mockserver.http.fidelity.variation import NOWHERE, ApiVariation, Ids, Variation
from mockserver.http.fidelity.varied import Varied
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient

THINGS = ApiVariation(
    id_fields=frozenset({"id", "thing_id"}),
    id_headers=frozenset({"x-thing-id"}),
    embedded_ids=("package_",),
    unordered_lists=("things",),
    offsets=True,
    optional_fields=frozenset({"note"}),
    inferred_fields=frozenset({"version"}),
)
PATHS = {
    "/things/{thing_id}": {
        "get": {"parameters": [{"in": "path", "name": "thing_id", "schema": {"type": "integer"}}]}
    },
    "/notes/{slug}": {"get": {"parameters": [{"in": "path", "name": "slug", "schema": {"type": "string"}}]}},
}


def test_ids_step_from_their_start_and_a_number_no_id_is_names_nothing() -> None:
    ids = Ids(start=1000, step=3)
    assert [ids.encode(n) for n in (1, 2, 3)] == [1000, 1003, 1006]
    assert [ids.decode(ids.encode(n)) for n in range(1, 50)] == list(range(1, 50))
    assert ids.decode(1001) == ids.decode(999) == NOWHERE  # between ids, before the first
    assert ids.decode(0) == 0  # no id at all: the API refuses it itself
    assert ids.decode(-4) == -4
    assert ids.decode(2**40) == 2**40


def test_a_seed_chooses_the_same_on_every_server_and_each_account_its_own() -> None:
    one, again = Variation(7), Variation(7)
    assert one.ids("key_a") == again.ids("key_a")
    assert one.world_seed("key_a") == again.world_seed("key_a") != one.world_seed("key_b")
    assert one.ids("key_a") != one.ids("key_b")
    assert (one.booking_window_days, one.offset) == (again.booking_window_days, again.offset)
    choices = {
        (Variation(s).booking_window_days, Variation(s).offset, Variation(s).reversed_lists)
        for s in range(12)
    }
    assert len(choices) > 3  # the seeds do choose


class Echo:
    """An API that shows what it was sent, and answers in the sandbox's own ids and UTC."""

    def __init__(self) -> None:
        self.seen: list[dict[str, Any]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        body = b""
        more = True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        self.seen.append({"path": scope["path"], "query": scope["query_string"].decode(), "body": body})
        if scope["path"] == "/_sandbox/target-data":
            answer: Any = {"things": {"things": [{"id": 2}]}, "other": {"id": 2}}
        else:
            answer = {
                "thing_id": 1,
                "thing_ids": [1, 2],
                "things": [
                    {"id": 1, "at": "2027-01-04T09:00:00Z", "note": None, "version": 3},
                    {"id": 2, "at": "2027-01-04T10:00:00.5Z", "note": "kept", "version": 4},
                ],
                "count": 2,
                "name": "2027-01-04T09:00:00Z is a name",
                "options": [{"id": "package_2"}, {"id": "single"}, {"id": "package_x"}],
            }
        data = json.dumps(answer).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"x-thing-id", b"2"),
            (b"location", b"http://testserver/api/things/2"),
        ]
        await send({"type": "http.response.start", "status": 201, "headers": headers})
        await send({"type": "http.response.body", "body": data})


def served(variation: Variation) -> tuple[TestClient, Echo]:
    echo = Echo()
    app = Varied(
        echo,
        variation=variation,
        apis={"things": ("/api", THINGS, PATHS)},
        key_of=bearer_key,
        control_mount="/_sandbox",
    )
    return TestClient(app), echo


@pytest.fixture
def varied() -> tuple[TestClient, Echo, Variation]:
    variation = next(
        Variation(seed)
        for seed in range(100)
        if Variation(seed).reversed_lists and Variation(seed).omits_optional
    )
    client, echo = served(variation)
    return client, echo, variation


def test_requests_reach_the_api_in_its_own_ids(varied: tuple[TestClient, Echo, Variation]) -> None:
    client, echo, variation = varied
    ids = variation.ids("acct_key_1")
    auth = {"Authorization": "Bearer role.subject.acct_key_1"}
    client.post(
        f"/api/things/{ids.encode(3)}?thing_id={ids.encode(2)}&page=2",
        json={"thing_id": ids.encode(1), "nested": [{"id": ids.encode(4)}], "count": 5},
        headers=auth,
    )
    client.get(f"/api/notes/{ids.encode(3)}", headers=auth)  # a string parameter is no id
    sent, note = echo.seen
    assert sent["path"] == "/api/things/3"
    assert sent["query"] == "thing_id=2&page=2"
    assert json.loads(sent["body"]) == {"thing_id": 1, "nested": [{"id": 4}], "count": 5}
    assert note["path"] == f"/api/notes/{ids.encode(3)}"


def test_answers_show_the_varied_ids_instants_and_order(varied: tuple[TestClient, Echo, Variation]) -> None:
    client, _, variation = varied
    ids = variation.ids("acct_key_1")
    answer = client.get("/api/things/1", headers={"Authorization": "Bearer acct_key_1"})
    document = answer.json()
    assert document["thing_id"] == ids.encode(1)
    assert document["thing_ids"] == [ids.encode(1), ids.encode(2)]
    assert [thing["id"] for thing in document["things"]] == [ids.encode(2), ids.encode(1)]  # reversed
    first = document["things"][1]["at"]
    assert datetime.fromisoformat(first) == datetime.fromisoformat("2027-01-04T09:00:00+00:00")
    assert not first.endswith("Z")
    assert datetime.fromisoformat(first).utcoffset() == variation.offset.utcoffset(None)
    assert document["count"] == 2
    assert document["name"] == "2027-01-04T09:00:00Z is a name"
    # An id at the end of a string (a co-pay option's package) is the one a request names.
    assert document["options"] == [{"id": f"package_{ids.encode(2)}"}, {"id": "single"}, {"id": "package_x"}]
    # An optional field is left out where null, kept where it holds something; an inferred one goes.
    assert [thing.get("note", "left out") for thing in document["things"]] == ["kept", "left out"]
    assert all("version" not in thing for thing in document["things"])
    assert answer.headers["x-thing-id"] == str(ids.encode(2))
    assert answer.headers["location"] == f"http://testserver/api/things/{ids.encode(2)}"
    assert int(answer.headers["content-length"]) == len(answer.content)


def test_the_target_data_names_each_apis_resources_in_its_varied_ids(
    varied: tuple[TestClient, Echo, Variation],
) -> None:
    client, _, variation = varied
    document = client.get("/_sandbox/target-data", headers={"Authorization": "Bearer acct_key_1"}).json()
    assert document == {
        "things": {"things": [{"id": variation.ids("acct_key_1").encode(2)}]},
        "other": {"id": 2},
    }


def test_without_a_key_nothing_is_rewritten(varied: tuple[TestClient, Echo, Variation]) -> None:
    client, echo, _ = varied
    assert client.get("/api/things/1").json()["thing_id"] == 1
    assert echo.seen[-1]["path"] == "/api/things/1"


def test_a_request_with_no_id_reaches_the_api_as_it_came(varied: tuple[TestClient, Echo, Variation]) -> None:
    """Nothing but ids is rewritten: a malformed or oddly spelled query stays the API's to judge."""
    client, echo, _ = varied
    client.get("/api/notes/a%2fb?y=%2f&x=a+b&thing_id=", headers={"Authorization": "Bearer acct_key_1"})
    assert echo.seen[-1]["query"] == "y=%2f&x=a+b&thing_id="


def test_a_query_naming_an_id_keeps_every_other_byte(varied: tuple[TestClient, Echo, Variation]) -> None:
    """Only the id's value is rewritten: encoded again whole, the query's ``%FF`` reached the API as
    ``%EF%BF%BD`` (the replacement character), ``;`` as ``%3B``, ``thing%5Fid`` as ``thing_id``
    and a name without ``=`` as one with it."""
    client, echo, variation = varied
    ids = variation.ids("acct_key_1")
    query = f"note=a+b&raw=%FF&thing_id={ids.encode(2)}&flag&thing%5Fid={ids.encode(3)}&page=2;x"
    client.get(f"/api/notes/1?{query}", headers={"Authorization": "Bearer acct_key_1"})
    assert echo.seen[-1]["query"] == "note=a+b&raw=%FF&thing_id=2&flag&thing%5Fid=3&page=2;x"


@pytest.mark.parametrize("number", ["²", "\uff13", "٣", "9" * 4301])
def test_a_number_no_client_writes_as_an_id_reaches_the_api_as_it_came(
    varied: tuple[TestClient, Echo, Variation], number: str
) -> None:
    """``str.isdigit`` and ``\\d`` take "²", a full-width 3 and "٣" for digits: a query naming "²" was
    a 500 (``int()`` refuses it) and a path naming a full-width 3 reached the API as the sandbox's id 3,
    where a vendor reads no number. Digits past what ``int()`` reads were a 500 too."""
    client, echo, _ = varied
    auth = {"Authorization": "Bearer role.subject.acct_key_1"}
    quoted = quote(number)
    assert client.get(f"/api/things/{quoted}?thing_id={quoted}", headers=auth).status_code == 201
    assert echo.seen[-1]["path"] == f"/api/things/{number}"
    assert echo.seen[-1]["query"] == f"thing_id={quoted}"


def test_a_body_too_large_is_refused_before_its_ids_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ids of a body are decoded inside the body guard: a hostile body is refused at its
    bound, in the API's own words, and never held whole to be read."""
    read: list[int] = []
    decode = varied_module.decoded_body

    async def counting(receive: Any, fields: Any, ids: Any, scope: Any) -> Any:
        read.append(1)
        return await decode(receive, fields, ids, scope)

    monkeypatch.setattr(varied_module, "decoded_body", counting)
    settings = Settings.load(
        {"db": str(tmp_path / "s.db"), "vendor_only": True, "vary": 3, "max_body_bytes": 1024}, environ={}
    )
    with TestClient(create_app(settings)) as client:
        auth = {"Authorization": "Bearer sk_rsv_varied_key_1"}
        refused = client.post("/reservekit/v1/bookings", json={"message": "x" * 4096}, headers=auth)
        assert refused.status_code == 413, refused.text
        assert set(refused.json()) == {"data", "error"}  # ReserveKit's own error body
        assert read == []
        taken = client.post("/reservekit/v1/bookings", json={"time_slot_id": 1}, headers=auth)
        assert taken.status_code == 400, taken.text  # a body within bound is read, and judged
        assert read == [1]


def test_a_seed_that_writes_nulls_keeps_every_optional_field() -> None:
    variation = next(Variation(seed) for seed in range(100) if not Variation(seed).omits_optional)
    client, _ = served(variation)
    things = client.get("/api/things/1", headers={"Authorization": "Bearer acct_key_1"}).json()["things"]
    assert sorted(((thing["note"], thing["version"]) for thing in things), key=str) == [
        ("kept", 4),
        (None, 3),
    ]


@pytest.mark.parametrize("api", sorted(VARIED))
def test_every_field_a_varied_server_leaves_out_is_optional_in_every_answer(api: str) -> None:
    """A field left out where null must never be required and nullable; one always left out
    must never be required at all, in any response schema of the API's spec."""
    spec = load_yaml(spec_path(api))
    required, nullable = _required_in_answers(spec)
    varies = VARIED[api]
    assert not varies.inferred_fields & required, sorted(varies.inferred_fields & required)
    assert not varies.optional_fields & nullable, sorted(varies.optional_fields & nullable)


def _required_in_answers(spec: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The property names some response schema of ``spec`` requires, through $ref and allOf, and
    those of them it may also write as null (or whose schema lies elsewhere, so may)."""
    required: set[str] = set()
    nullable: set[str] = set()
    seen: set[str] = set()

    def resolved(node: Any) -> Any:
        while isinstance(node, dict) and isinstance(ref := node.get("$ref"), str):
            node = spec
            for part in ref.removeprefix("#/").split("/"):
                node = node[part]
        return node

    def walk(node: Any) -> None:
        if isinstance(node, list):
            for item in node:
                walk(item)
        if not isinstance(node, dict):
            return
        if isinstance(ref := node.get("$ref"), str):
            if ref not in seen:
                seen.add(ref)
                walk(resolved(node))
            return
        properties = node.get("properties") or {}
        names = node.get("required")
        for name in names if isinstance(names, list) else []:  # a header's `required` is a flag
            required.add(name)
            if resolved(properties.get(name, {"nullable": True})).get("nullable"):
                nullable.add(name)
        for value in node.values():
            walk(value)

    for item in spec["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                walk(operation.get("responses", {}))
    return required, nullable


def test_a_seed_may_namespace_the_codes_no_document_spells() -> None:
    """A vendor spells inferred error codes its own way (``bookings/class_full``); the one code a
    document spells (Bardge's ``permission_denied``) and every answer that is no error stay."""
    from mockserver.apis.bardge.vocabulary import VARIED as BARDGE  # noqa: PLC0415
    from mockserver.apis.lifecycle.vocabulary import VARIED as LIFECYCLE  # noqa: PLC0415

    namespaced = next(Variation(seed) for seed in range(100) if Variation(seed).code_namespace)
    plain = next(Variation(seed) for seed in range(100) if not Variation(seed).code_namespace)
    varied = Varied(lambda *_: None, variation=namespaced, apis={}, key_of=bearer_key, control_mount="/_s")
    ids = namespaced.ids("k")
    prefix = namespaced.code_namespace

    def error(code: str) -> dict[str, Any]:
        return {"object": "error", "status": 409, "code": code, "errors": [{"code": code, "param": None}]}

    shown = varied.shown(error("class_full"), BARDGE, ids, error=True)
    assert (shown["code"], shown["errors"][0]["code"]) == (prefix + "class_full", prefix + "class_full")
    assert varied.shown(error("permission_denied"), BARDGE, ids, error=True) == error("permission_denied")
    access_code = {"object": "access_code", "code": "482913"}
    assert varied.shown(access_code, BARDGE, ids, error=False) == access_code  # no error: as it was
    lifecycle = {"errors": [{"status": "422", "code": "slot_unavailable"}, {"code": "booking_not_editable"}]}
    assert [e["code"] for e in varied.shown(lifecycle, LIFECYCLE, ids, error=True)["errors"]] == [
        prefix + "slot_unavailable",
        prefix + "booking_not_editable",
    ]
    unvaried = Varied(lambda *_: None, variation=plain, apis={}, key_of=bearer_key, control_mount="/_s")
    assert unvaried.shown(error("class_full"), BARDGE, plain.ids("k"), error=True) == error("class_full")
