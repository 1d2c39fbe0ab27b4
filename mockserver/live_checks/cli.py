"""``booking-sandbox check-har``: a recorded HAR held to an API's spec and passive rules.

Exit 0 clean, 1 findings, 4 a usage error, 5 a file that is not a readable HAR: the contract
kit's codes, so a CI step reads both alike.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, NoReturn

from mockserver.settings import KNOWN_APIS

CLEAN, FINDINGS, USAGE, UNREADABLE = 0, 1, 4, 5


class _UsageIsFour(argparse.ArgumentParser):
    """A usage error in one line and exit 4, never argparse's 2 and its usage text."""

    def error(self, message: str) -> NoReturn:
        print(f"{self.prog}: {message} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(USAGE)


def add_check_har_command(commands: Any) -> None:
    check = commands.add_parser(
        "check-har",
        help="check a recorded HAR against an API's spec and the documents' rules",
        description="Holds every exchange of a HAR 1.2 file (the proxy's, the contract kit's, a "
        "browser's devtools export or a sandbox's journal) to the API's spec and, in order, to the "
        "documents' rules that observed traffic can prove. Exit 0 clean, 1 findings, 4 usage "
        "error, 5 unreadable file.",
    )
    check.__class__ = _UsageIsFour
    check.add_argument("file", metavar="FILE", help="the HAR file")
    check.add_argument("--api", required=True, choices=KNOWN_APIS)
    check.add_argument(
        "--junit", metavar="PATH", help="write a JUnit XML report here (one test case a check)"
    )
    check.add_argument("--json", metavar="PATH", help="write the findings as JSON here")
    check.set_defaults(run=run_check_har)


def run_check_har(args: argparse.Namespace) -> int:
    from .checking import TrafficCheck  # noqa: PLC0415 (the specs load only for this command)
    from .exchanges import UnreadableHar, read_har  # noqa: PLC0415

    try:
        exchanges = read_har(Path(args.file))
    except UnreadableHar as error:
        print(f"booking-sandbox check-har: {error}", file=sys.stderr)
        return UNREADABLE
    check = TrafficCheck(args.api)
    for exchange in exchanges:
        for finding in check.observe(exchange):
            print(finding.line())
    report = check.report()
    print(report.summary())
    for option, render in (("junit", report.to_junit), ("json", lambda: report.to_json().encode())):
        target = getattr(args, option)
        if target:
            Path(target).write_bytes(render())
            print(f"booking-sandbox check-har: wrote {target}", file=sys.stderr)
    return FINDINGS if report.findings else CLEAN


def add_proxy_command(commands: Any) -> None:
    proxy = commands.add_parser(
        "proxy",
        help="forward traffic to a vendor's server and check every exchange against the API",
        description="Forwards every request to UPSTREAM unchanged and answers with its answer "
        "unchanged, holding each exchange to the API's spec and the documents' rules that observed "
        "traffic can prove. A line a finding while it runs; on SIGINT or SIGTERM it writes the "
        "reports asked for and exits 1 if anything was found. GET /_proxy/report answers the "
        "report so far (?format=junit for JUnit).",
    )
    proxy.__class__ = _UsageIsFour
    proxy.add_argument("--api", required=True, choices=KNOWN_APIS)
    proxy.add_argument("--upstream", required=True, metavar="URL", help="the vendor's base URL for the API")
    proxy.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    proxy.add_argument("--port", type=int, default=8010, help="port to listen on (default 8010)")
    proxy.add_argument("--report", metavar="PATH", help="write the findings as JSON here on stop")
    proxy.add_argument("--junit", metavar="PATH", help="write a JUnit XML report here on stop")
    proxy.add_argument(
        "--har", metavar="PATH", help="write every exchange here on stop (HAR 1.2, secrets masked)"
    )
    proxy.set_defaults(run=run_proxy)


def run_proxy(args: argparse.Namespace) -> int:
    import json  # noqa: PLC0415

    import uvicorn  # noqa: PLC0415

    from .proxy import Proxy  # noqa: PLC0415

    scheme = args.upstream.partition("://")[0]
    if scheme not in ("http", "https"):
        print(
            f"booking-sandbox proxy: --upstream {args.upstream!r} needs http:// or https://", file=sys.stderr
        )
        return USAGE
    app = Proxy(args.api, args.upstream)
    print(
        f"booking-sandbox proxy: http://{args.host}:{args.port} -> {args.upstream} ({args.api}); "
        f"report at http://{args.host}:{args.port}/_proxy/report",
        flush=True,
    )
    # The upstream's own Date and Server headers pass through; uvicorn adds none beside them.
    config = uvicorn.Config(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        lifespan="on",
        server_header=False,
        date_header=False,
    )
    uvicorn.Server(config).run()
    report = app.check.report()
    print(report.summary(), flush=True)
    written = {
        "report": report.to_json().encode(),
        "junit": report.to_junit(),
        "har": json.dumps(app.har(), indent=1).encode(),
    }
    for option, content in written.items():
        target = getattr(args, option)
        if target:
            Path(target).write_bytes(content)
            print(f"booking-sandbox proxy: wrote {target}", file=sys.stderr)
    return FINDINGS if report.findings else CLEAN
