"""A server closed once it has served (``server/app.py``'s ``Server.close``): what it ran beside
its requests has ended, so nothing reopens its database once its process lets the file go."""

from __future__ import annotations

import threading
from pathlib import Path

from mockserver.server.app import create_server
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import API_KEY

# The threads an app starts beside its requests that touch its database (the dispatcher polls
# it for webhooks due every half second; the journal's writer commits entries from threads).
ITS_OWN = {"webhook-dispatcher", "journal-writer"}


def test_a_closed_server_has_ended_the_threads_that_read_its_database(tmp_path: Path) -> None:
    server = create_server(Settings.load({"db": str(tmp_path / "sandbox.db")}, environ={}))
    before = set(threading.enumerate())
    with TestClient(server.app) as client:
        headers = {"Authorization": f"Bearer {API_KEY}"}
        assert (
            client.post("/_sandbox/clock/advance", headers=headers, json={"duration": "1h"}).status_code
            == 200
        )
        assert client.get("/reservekit/v1/services", headers=headers).status_code == 200
    started = [thread for thread in set(threading.enumerate()) - before if thread.name in ITS_OWN]
    assert started, "the control API's clock starts the webhook dispatcher"
    server.close()
    assert [thread.name for thread in started if thread.is_alive()] == []
    # Each stop runs once: closing again (or the app's collection later) does nothing more.
    server.close()
