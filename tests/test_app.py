"""A server closed once it has served (``server/app.py``'s ``Server.close``): what it ran beside
its requests has ended, so nothing reopens its database once its process lets the file go; a
stop while it closes cuts what it waits for."""

from __future__ import annotations

import logging
import signal
import socket
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from mockserver.server import workers
from mockserver.server.app import create_server
from mockserver.server.settings import Settings
from mockserver.storage.control.schema import deliveries
from tests.asgi_client import TestClient
from tests.conftest import API_KEY, START, ApiClient, Control
from tests.control.test_outbound import Endpoint, drip

# The threads an app starts beside its requests that touch its database (the dispatcher polls
# it for webhooks due every quarter second; the journal's writer commits entries from threads).
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


def test_closing_waits_for_a_webhook_send_in_flight_and_records_its_attempt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A send still in flight when its process ends would record its attempt after (or never):
    its delivery then went again after a restart, its first attempt uncounted."""
    reached = threading.Event()

    def reached_then_drip(connection: socket.socket, stopped: threading.Event) -> None:
        reached.set()
        drip(connection, stopped)

    endpoint = Endpoint(reached_then_drip)
    db = tmp_path / "sandbox.db"
    settings = {"db": str(db), "start_at": START, "frozen": True, "webhook_timeout": 1.0}
    server = create_server(Settings.load(settings, environ={}))
    try:
        with TestClient(server.app) as http:
            hook = {"url": endpoint.url, "events": ["bookings.create"]}
            Control(http, API_KEY).ok("POST", "/webhooks", json=hook)
            assert ApiClient(http, API_KEY).book().status_code == 201
            assert reached.wait(10), "the booking's event was sent"
        started = time.monotonic()
        with caplog.at_level("INFO", logger="mockserver.control.dispatcher"):
            server.close()
        waited = time.monotonic() - started
    finally:
        endpoint.close()
        server.close()  # again, a test that failed midway included: each stop runs once
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        attempts = connection.execute(sa.select(deliveries.c.attempts, deliveries.c.last_error)).all()
    engine.dispose()
    # Cut at its deadline (1 s), its attempt recorded, before close returned.
    assert [row.attempts for row in attempts] == [1], attempts
    assert 0.2 < waited < 5, waited
    # A stop that waits says why, as the server's log shows it.
    said = "waiting for 1 webhook send(s) in flight, each 1 s at most (stop again to cut them)"
    assert said in caplog.messages


def test_a_stop_while_a_process_closes_its_server_cuts_the_sends_it_waits_for(tmp_path: Path) -> None:
    """``serve``'s close waited out every webhook send in flight, and a second Ctrl-C did
    nothing: with a 20 s ``--webhook-timeout``, 20 s. A Ctrl-C then (``workers._built``) cuts
    them, each attempt recorded as cut, so its event goes again."""
    reached, waiting = threading.Event(), threading.Event()

    def reached_then_drip(connection: socket.socket, stopped: threading.Event) -> None:
        reached.set()
        drip(connection, stopped)

    class Said(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("waiting for 1 webhook send(s) in flight"):
                waiting.set()

    endpoint, said = Endpoint(reached_then_drip), Said()
    db = tmp_path / "sandbox.db"
    settings = {"db": str(db), "start_at": START, "frozen": True, "webhook_timeout": 20.0}
    dispatcher = logging.getLogger("mockserver.control.dispatcher")
    uncut: list[int] = []
    # The process's own handler until _built sets its own: a stop it never took is said, not fatal.
    before = signal.signal(signal.SIGINT, lambda number, frame: uncut.append(number))
    dispatcher.addHandler(said)
    level, dispatcher.level = dispatcher.level, logging.INFO
    try:
        with workers._built(Settings.load(settings, environ={})) as server, TestClient(server.app) as http:
            Control(http, API_KEY).ok(
                "POST", "/webhooks", json={"url": endpoint.url, "events": ["bookings.create"]}
            )
            assert ApiClient(http, API_KEY).book().status_code == 201
            assert reached.wait(10), "the booking's event was sent"
            # To a thread not the main one, as the kernel may hand a process's signal: the main
            # thread's wait on a lock never woke for it (CI met it), so the wait looks up instead.
            threading.Thread(
                target=lambda: waiting.wait(10) and signal.pthread_kill(threading.get_ident(), signal.SIGINT)
            ).start()
            started = time.monotonic()
        waited = time.monotonic() - started
    finally:
        signal.signal(signal.SIGINT, before)
        dispatcher.removeHandler(said)
        dispatcher.level = level
        endpoint.close()
    assert waiting.is_set()
    assert uncut == []
    assert waited < 10, waited
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as connection:
        rows = connection.execute(
            sa.select(deliveries.c.attempts, deliveries.c.state, deliveries.c.last_error)
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        (1, "pending", "cut: the server stopped without waiting for the endpoint")
    ], rows
