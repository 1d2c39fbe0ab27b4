"""``booking-sandbox proxy``: the validating proxy as a command, with a sandbox's journal.

The proxy (``live_checks.proxy``) forwards and checks; this command also journals every
exchange under the proxy's own key, in a server of its own (``proxy_journal.py``) that answers
its health, journal, coverage and dashboard (``/_sandbox/...``). So a proxy's traffic reads as
a sandbox's does: ``booking-sandbox journal`` and its HAR, and the dashboard's Journal tab.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import secrets
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mockserver.server.settings import KNOWN_APIS, SettingsError

from .accounts import add_other_account
from .exits import CANNOT_START, NO, OK, UNUSABLE, Stops, stops_as_interrupts
from .flags import settings_from_flags
from .output import output_file, write_out
from .proxy_journal import VIEWS, JournaledProxy

if TYPE_CHECKING:
    from mockserver.http.connection.bounded import Refusal
    from mockserver.live_checks.proxy import Proxy
    from mockserver.rule_engine.findings import Report


def add_proxy_command(commands: Any) -> None:
    proxy = commands.add_parser(
        "proxy",
        help="forward traffic to a vendor's server and check every exchange against the API",
        description="Forwards every request to UPSTREAM unchanged and answers with its answer "
        "unchanged, holding each exchange to the API's spec and the documents' rules that observed "
        "traffic can prove. A line a finding while it runs; on SIGINT or SIGTERM it writes the "
        "reports asked for and exits 1 if anything was found, 5 if no exchange came through. "
        "GET /_proxy/report answers the report so far (?format=junit for JUnit). Every exchange "
        "is journaled under the proxy's key: /_sandbox/journal (and its HAR) and the dashboard, "
        "as a sandbox's.",
    )
    proxy.add_argument("--api", required=True, choices=KNOWN_APIS, help="the API the upstream serves")
    proxy.add_argument("--upstream", required=True, metavar="URL", help="the vendor's base URL for the API")
    proxy.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    proxy.add_argument(
        "--port",
        type=int,
        default=8010,
        help="port to listen on (default 8010; 0: a free one, which the banner names)",
    )
    proxy.add_argument(
        "--key", help="the key its journal is kept under (default: a new random one, printed at start)"
    )
    proxy.add_argument("--tls-cert", metavar="FILE", help="listen on HTTPS with this certificate (PEM)")
    proxy.add_argument("--tls-key", metavar="FILE", help="the certificate's private key (PEM, unencrypted)")
    proxy.add_argument(
        "--report", metavar="PATH", type=output_file, help="write the findings as JSON here on stop"
    )
    proxy.add_argument(
        "--junit", metavar="PATH", type=output_file, help="write a JUnit XML report here on stop"
    )
    add_other_account(proxy, "traffic's own")
    proxy.add_argument(
        "--har",
        metavar="PATH",
        type=output_file,
        help="write every exchange here on stop (HAR 1.2, secrets masked)",
    )
    proxy.set_defaults(run=run_proxy, parser=proxy)


def run_proxy(args: argparse.Namespace) -> int:
    # Until uvicorn's handlers are set, SIGTERM interrupts as Ctrl-C does: by default it ended the
    # process where it stood, and its journal's temporary database stayed behind. From the first
    # step: a Ctrl-C ignored while it bound its port was lost (exits.py).
    with stops_as_interrupts(server=True) as stops, contextlib.ExitStack() as leaving:
        return _proxying(args, stops, leaving)


def _proxying(args: argparse.Namespace, stops: Stops, leaving: contextlib.ExitStack) -> int:
    import uvicorn  # noqa: PLC0415

    from mockserver.control.keys import KEY_WORDS, sandbox_key_of  # noqa: PLC0415
    from mockserver.integration.base_urls import NOT_A_BASE, ends_at_its_path, unreadable  # noqa: PLC0415
    from mockserver.rule_engine.findings import refused_junit  # noqa: PLC0415

    scheme = args.upstream.partition("://")[0]
    if scheme not in ("http", "https"):
        args.parser.error(f"--upstream {args.upstream!r} needs http:// or https://")
    if not ends_at_its_path(args.upstream):
        args.parser.error(f"--upstream {args.upstream!r} {NOT_A_BASE}")
    if (why := unreadable(args.upstream)) is not None:
        args.parser.error(f"--upstream {args.upstream!r} {why}")
    key = args.key or f"proxy_{secrets.token_hex(8)}"
    if sandbox_key_of(key) != key:
        args.parser.error(f"--key needs {KEY_WORDS}")
    from mockserver.server.listener import CannotListen, listener_for  # noqa: PLC0415
    from mockserver.server.uvicorn_config import proxy_config  # noqa: PLC0415

    listening = {"host": args.host, "port": args.port, "tls_cert": args.tls_cert, "tls_key": args.tls_key}
    try:
        settings = settings_from_flags(listening, environ={})
        # Bound before the banner, as serve's: a busy port (or an unusable certificate) is one
        # line, not a banner then uvicorn's.
        listener = listener_for(settings)
    except SettingsError as error:
        print(f"booking-sandbox proxy: {error}", file=sys.stderr)
        return CANNOT_START
    except CannotListen as error:
        print(f"booking-sandbox proxy: {error.strerror}", file=sys.stderr)
        return CANNOT_START
    from mockserver.storage.database.scratch import server_database  # noqa: PLC0415

    # serve's: locked while it runs, so a proxy killed outright leaves nothing the next start keeps.
    app = JournaledProxy(
        args.api,
        args.upstream,
        key,
        keep=bool(args.har),
        db=server_database(leaving),
        others=args.other_account,
    )
    # The port the system gave for --port 0, an IPv6 host in brackets, 0.0.0.0 as the loopback.
    at = f"{settings.scheme}://{dataclasses.replace(settings, port=listener.getsockname()[1]).local_address}"
    print(
        f"booking-sandbox proxy: {at} -> {args.upstream} ({args.api}); report at {at}/_proxy/report\n"
        f"booking-sandbox proxy: journal key {key}; dashboard {at}{VIEWS}/dashboard/#key={key}",
        flush=True,
    )
    config = proxy_config(settings, app, refused_as(app.proxy))
    # uvicorn stops on SIGINT or SIGTERM, then raises the signal again under the handlers it
    # found: these, which let the reports below still be written (Python's own would end here).
    # A stop before uvicorn sets its own (it makes its loop first) stops it too: it was ignored.
    server = uvicorn.Server(config)
    for stop in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop, lambda number, frame: setattr(server, "should_exit", True))
    stops.check()
    server.run(sockets=[listener])
    app.proxy.settle()
    report = app.proxy.check.report()
    _summed_up(report, app.proxy)
    if not report.exchanges:
        # As check-har's recording with nothing to judge: "no finding" would pass a CI step
        # whose suite never sent its traffic through the proxy. The JUnit file says so.
        nothing = "no call of the API" if report.skipped else "no exchange"
        said = f"{nothing} came through {at}: nothing was checked"
        print(f"booking-sandbox proxy: {said}", file=sys.stderr)
        if args.junit:
            write_out(args.junit, refused_junit("proxy", said, "proxy"))
        return UNUSABLE
    written: dict[str, Callable[[], bytes]] = {
        "report": lambda: report.to_json().encode(),
        "junit": report.to_junit,
        "har": lambda: json.dumps(app.proxy.har(), indent=1).encode(),
    }
    for option, content in written.items():
        target = getattr(args, option)
        if target:
            print(f"booking-sandbox proxy: wrote {write_out(target, content())}", file=sys.stderr)
    return NO if report.findings else OK


def _summed_up(report: Report, proxy: Proxy) -> None:
    """The run's last lines, as check-har's: the summary, what was skipped, and an account
    named whose credential never came through."""
    from mockserver.live_checks.by_api import unsent_note  # noqa: PLC0415
    from mockserver.rule_engine.findings import skipped_line  # noqa: PLC0415

    print(report.summary(), flush=True)
    if report.skipped:
        print(skipped_line(report.skipped), flush=True)
    if proxy.unsent:
        print(unsent_note(proxy.unsent, "the traffic"), flush=True)


def refused_as(proxy: Proxy) -> Refusal:
    """The refusals of the proxy's connections (a head too slow or too large, bytes that are no
    HTTP, its connections all taken) in its API's error shape, as its 502 is: no request reaches
    the proxy to be forwarded, so none is the upstream's to word."""
    from mockserver.http.errors import ErrorReply  # noqa: PLC0415

    def refusal(path: str, status: int, reason: str) -> ErrorReply:
        kind, body = proxy.error_answer(status, reason)
        return ErrorReply(status, [("content-type", kind)], body)

    return refusal
