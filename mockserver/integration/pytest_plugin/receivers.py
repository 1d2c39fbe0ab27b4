"""Whether the session's server can deliver webhooks to ``webhook_receiver``, asked once.

A receiver listens on this machine; a server in a container or on another machine meets another
host at 127.0.0.1, and a server that does not listen on loopback refuses private destinations
its ``--webhook-allow`` does not list. Each was a test waiting 15 s for an event and failing as
though the sandbox had sent none. One test event, sent by a sandbox of its own the first time a
receiver is asked for, says which: a receiver it cannot reach fails each test that asks for one,
with the reason and the setting to change.
"""

from __future__ import annotations

import contextlib

import pytest

from mockserver.integration.control_client import ControlClient
from mockserver.integration.sandbox_answers import ControlRefused
from mockserver.integration.webhook_receiver import Receiver, undelivered

from .sandbox import Server

UNREACHABLE_KEY = pytest.StashKey["str | None"]()


def require_reachable(
    config: pytest.Config, server: Server, run: str, receiver: Receiver, named: str | None
) -> None:
    """Fails the asking test where the server cannot deliver to ``receiver`` (asked once a session)."""
    if UNREACHABLE_KEY not in config.stash:
        config.stash[UNREACHABLE_KEY] = _unreachable(server, run, receiver, named)
    why = config.stash[UNREACHABLE_KEY]
    if why is not None:
        pytest.fail(why, pytrace=False)


def _unreachable(server: Server, run: str, receiver: Receiver, named: str | None) -> str | None:
    with ControlClient(server.url, f"sk_rsv_pt_{run}_receiver", verify=server.tls) as control:
        try:
            endpoint = control.add_webhook(receiver.url, ["bookings.create"])
            why = undelivered(control.test_webhook(endpoint["id"]), receiver)
        except ControlRefused as refused:  # the URL refused as it is registered
            why = f"the sandbox refuses {receiver.url} as a webhook endpoint: {refused}"
        finally:
            with contextlib.suppress(Exception):
                control.forget()
    receiver.clear()  # the test event is the check's, not the test's
    if why is None:
        return None
    if named is None:
        return (
            f"booking-sandbox: {why}. A server in a container or on another machine reaches this one by "
            "another name: give it as booking_sandbox_receiver_host (or --booking-sandbox-receiver-host; "
            "host.docker.internal from a container), and list it in the server's --webhook-allow"
        )
    return f"booking-sandbox: {why}. The server must reach {named} and list it in its --webhook-allow"
