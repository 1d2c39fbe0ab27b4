"""An ASGI server may give every request the same ``extensions`` dict: granian hands all of a
worker's requests one. Connexion's routing and the checks here note each request's operation,
parameters and body there, so each request writes into a copy of its own
(``http/operations/connexion_parts._App``), and the server's is left as it was given."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from starlette.types import Receive, Scope, Send

from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import ApiClient

START = datetime(2027, 1, 6, 15, 0, tzinfo=UTC)


def test_requests_given_one_extensions_dict_each_note_their_own_and_leave_it_as_given(
    tmp_path: Path,
) -> None:
    app = create_app(
        Settings.load({"db": str(tmp_path / "s.db"), "start_at": START, "frozen": True}, environ={})
    )
    given = {"http.response.pathsend": {}}

    async def one_dict_for_every_request(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope["extensions"] = given
        await app(scope, receive, send)

    with TestClient(one_dict_for_every_request) as http:
        client = ApiClient(http, "sk_rsv_shared_extensions")
        made = client.book(1, message="mine").json()["data"]
        assert client.get(f"/bookings/{made['id']}").json()["data"] == made
        assert client.get("/bookings/999999").status_code == 404
        listed = client.get("/bookings?service_id=1&page=1&page_size=2").json()["data"]
        assert len(listed["bookings"]) == 2
        refused = client.post("/bookings", json={"time_slot_id": 1})
        assert refused.status_code == 400
    assert given == {"http.response.pathsend": {}}
