"""An answer is the truth across a real PostgreSQL restart under concurrent creates: every 201 is
a stored booking, every stored booking was answered 201, and nothing is answered 500.

Before the change, a create whose booking had committed was answered 500 when the webhook
endpoints' read that follows the commit met the restart (a client retrying it booked twice),
and the fault rules' read before the handler answered a plain-text 500.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from typing import Any

import pytest
import requests

from mockserver.integration.local_postgres import PostgresServer
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.conftest import START, occurrence, own_postgres
from tests.contract.live import serving
from tests.control.receiver import Receiver

server = pytest.fixture(name="server")(own_postgres)
KEY = "sk_rsv_restart_answers_01"
WORKERS = 4


def test_a_restart_under_concurrent_creates_answers_each_create_truly(
    server: PostgresServer, receiver: Receiver, said: list[logging.LogRecord]
) -> None:
    settings = Settings.load({"db": server.create_database(), "start_at": START, "frozen": True}, environ={})
    auth = {"Authorization": f"Bearer {KEY}"}
    answers: list[tuple[str, int, Any]] = []
    stop = threading.Event()
    with serving(create_app(settings)) as origin:
        api, control = f"{origin}/reservekit/v1", f"{origin}/_sandbox"
        # An endpoint wanting every create: each create's commit is followed by its read.
        registered = requests.post(
            f"{control}/webhooks",
            json={"url": receiver.url, "events": ["bookings.create"]},
            headers=auth,
            timeout=10,
        )
        assert registered.status_code == 201, registered.text
        read = [requests.get(f"{api}/time-slots/{slot}", headers=auth, timeout=10) for slot in range(1, 31)]
        slots = [answer.json()["data"] for answer in read if answer.status_code == 200]
        assert slots

        def load(worker: int) -> None:
            with requests.Session() as session:
                for n in itertools.count():
                    if stop.is_set():
                        return
                    slot = slots[n % len(slots)]
                    message = f"load {worker}-{n}"
                    body = {
                        "time_slot_id": slot["id"],
                        "date": occurrence(slot["day_of_week"], 1 + (n // len(slots)) % 20).isoformat(),
                        "message": message,
                    }
                    try:
                        answer = session.post(f"{api}/bookings", json=body, headers=auth, timeout=30)
                    except requests.ConnectionError:
                        answers.append((message, 0, None))
                        continue
                    answers.append((message, answer.status_code, answer))

        threads = [threading.Thread(target=load, args=(worker,)) for worker in range(WORKERS)]
        for thread in threads:
            thread.start()
        time.sleep(0.7)
        server.restart()
        time.sleep(1.0)
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        state = requests.get(f"{control}/state", headers=auth, timeout=30)
        assert state.status_code == 200, state.text
        journaled = {
            status: requests.get(
                f"{control}/journal/count",
                params={"method": "POST", "path": "/reservekit/v1/bookings", "status": status},
                headers=auth,
                timeout=30,
            ).json()["count"]
            for status in {status for _, status, _ in answers}
        }
    statuses = sorted({status for _, status, _ in answers})
    assert len(answers) > 20, f"the load sent little: {statuses}"
    unanswered = [message for message, status, _ in answers if status == 0]
    assert not unanswered, f"{len(unanswered)} creates got no answer at all"
    errors = [answer for _, status, answer in answers if status >= 500 and status != 503]
    assert not errors, f"{len(errors)} answered {errors[0].status_code}: {errors[0].text}"
    for _, status, answer in answers:
        if status == 503:
            assert answer.headers.get("Retry-After") == "1", answer.headers
            assert answer.json()["error"], answer.text  # ReserveKit's own error shape
    # Every answer is in the journal, whichever side of the restart it was given on.
    answered = {status: sum(1 for _, seen, _ in answers if seen == status) for status in journaled}
    assert journaled == answered, f"journaled {journaled}, answered {answered}"
    created = {message for message, status, _ in answers if status == 201}
    stored = {
        row["message"]
        for row in state.json()["apis"]["reservekit-v1"]["bookings"]
        if (row.get("message") or "").startswith("load ")
    }
    assert created == stored, (
        f"{len(created - stored)} answered 201 are not stored; {len(stored - created)} stored were "
        f"not answered 201 (statuses seen: {statuses})"
    )
    # The log says the restart in lines of their own: SQLAlchemy's and psycopg's errors took
    # three or four lines each ("(Background on this error at: …)", the driver's hints).
    lines = [record.getMessage() for record in said if record.levelno >= logging.WARNING]
    assert any(line.startswith("storage unavailable on ") for line in lines) == (503 in statuses), lines
    assert not [line for line in lines if "\n" in line], lines
