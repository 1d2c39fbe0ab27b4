"""The kit as a pytest plugin: its options, the run they describe, and the report at the end.

``pytest contract_tests --api NAME --base-url URL`` and ``booking-sandbox
contract`` both come through here.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from contract_tests.kit import attribution
from contract_tests.kit.attribution import broken_rule
from contract_tests.kit.client import whole_run
from contract_tests.kit.contention import contended
from contract_tests.kit.holding import wait_seconds
from contract_tests.kit.inventory import load
from contract_tests.kit.judged import judged
from contract_tests.kit.judged import reason as judged_reason
from contract_tests.kit.outage import asked_again, stopped_answering
from contract_tests.kit.preflight import TARGET_NOT_USABLE, TargetNotUsable, preflight, preflight_roles
from contract_tests.kit.profiles import SANDBOX_MOUNTS, describe_roles
from contract_tests.kit.reasons import reason
from contract_tests.kit.refused_junit import write_refused
from contract_tests.kit.report import Verdicts
from contract_tests.kit.run import Run, begin, current, finish, hold, recorded, started
from contract_tests.kit.seeded import UNSEEDED, draws_from_seed_alone
from contract_tests.kit.target import APIS, PHASES, TargetError, target_of
from contract_tests.kit.target_data import TargetDataError
from contract_tests.kit.tidy import Tidy
from contract_tests.kit.traffic import FOUND_NONE, NO_2XX, operation_of
from mockserver.documents.har import har_document

UNDO_SEEDED = pytest.StashKey[Callable[[], None] | None]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contract", "booking-sandbox contract kit")
    group.addoption("--api", choices=APIS, help="the API to check")
    group.addoption(
        "--base-url", help="where the API's paths are served, e.g. http://127.0.0.1:8000/merchant"
    )
    group.addoption(
        "--token",
        action="append",
        default=[],
        help=f"a bearer token, or ROLE=TOKEN (repeatable). Roles: {describe_roles()}. "
        "Facing a booking-sandbox with no --token, the kit mints the seeded callers' tokens.",
    )
    group.addoption(
        "--header", action="append", default=[], help="Name:value sent on every request (repeatable)"
    )
    group.addoption("--seed", type=int, help="Schemathesis seed; the same seed generates the same requests")
    group.addoption("--max-examples", type=int, help="examples per operation and phase (default 25)")
    group.addoption(
        "--explore-shrink-seconds",
        type=int,
        help="how long the explorer shrinks a finding (default 10; 0: not at all)",
    )
    group.addoption(
        "--explore-steps", type=int, help="steps the explorer walks (default 480: under a minute an API)"
    )
    group.addoption("--phases", help=f"comma-separated Schemathesis phases (default {','.join(PHASES)})")
    group.addoption("--har", help="write every exchange of the run to this HAR 1.2 file (secrets masked)")
    group.addoption(
        "--target-data",
        default=os.environ.get("BOOKING_SANDBOX_TARGET_DATA") or None,
        help="the vendor's test data (YAML or JSON, openapi/target-data.schema.json): tokens, catalogue "
        "ids, bookable hours, arranged bookings (also BOOKING_SANDBOX_TARGET_DATA)",
    )
    group.addoption(
        "--wait-for-sandbox",
        type=wait_seconds,
        default=0,
        help="when another run holds the sandbox your tokens name, wait up to this many seconds for it "
        "(default 0: refused at once, exit 5)",
    )
    group.addoption(
        "--kit-strict",
        action="store_true",
        default=False,
        help="a check that did not run fails the run (exit 1) instead of exiting 6",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "moves_clock: the scenario moves the target's clock (it runs last)")
    # Hypothesis keeps caches in ./.hypothesis; the kit runs from the user's own directory.
    cache = (
        Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "booking-sandbox" / "hypothesis"
    )
    os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", str(cache))
    # One seed, one run of requests, whatever else the process imported (a finding's replay).
    config.stash[UNDO_SEEDED] = draws_from_seed_alone()
    if config.stash[UNDO_SEEDED] is None:
        print(UNSEEDED, file=sys.stderr)
    options = config.option
    try:
        target = target_of(options)
    except TargetError as error:
        raise pytest.UsageError(f"contract kit: {error}") from None
    try:
        run = begin(target)
        token = run.callers.token(run.profile.main_role)
        preflight(target.api, target.base_url, token, run.session, sandbox_mount=SANDBOX_MOUNTS[target.api])
        others = [role for role in run.profile.bearer_roles if role != run.profile.main_role]
        preflight_roles(target.api, target.base_url, run.callers.given(others), run.session)
        hold(run, config.option.wait_for_sandbox)
    except TargetDataError as error:
        raise pytest.UsageError(f"contract kit: {error}") from None
    except TargetNotUsable as error:
        said = f"contract kit: target not usable: {error}"
        write_refused(config.option.xmlpath, target.api, said)
        pytest.exit(said, returncode=TARGET_NOT_USABLE)
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM in a preflight or a wait for the sandbox
        said = "contract kit: interrupted before its first check"
        write_refused(config.option.xmlpath, target.api, said)
        pytest.exit(said, returncode=pytest.ExitCode.INTERRUPTED)
    if token is None:
        roles = run.profile.roles
        what = str(run.through) if run.through is not None else "not a booking-sandbox"
        raise pytest.UsageError(
            f"contract kit: {target.base_url} is {what}, so the kit needs a token: "
            f"--token TOKEN ({roles[run.profile.main_role]}), and others as ROLE=TOKEN ({', '.join(roles)})"
        )

    def progress(line: str) -> None:
        """A line on the terminal while a check runs: pytest's capture is lifted for it."""
        terminal = config.pluginmanager.get_plugin("terminalreporter")
        capture = config.pluginmanager.get_plugin("capturemanager")
        if terminal is None or capture is None:
            return
        with capture.global_and_fixture_disabled():
            terminal.ensure_newline()
            terminal.write_line(line)

    run.progress = progress
    facing = f"a booking-sandbox (seed {run.facts.seed})" if run.facts else "an implementation"
    if run.through is not None:
        facing += f" through booking-sandbox's proxy to {run.through.upstream}"
    config.pluginmanager.register(
        Verdicts(
            f"contract kit: {target.api} at {target.base_url}, {facing}, seed {target.seed}",
            target.api,
            strict=options.kit_strict,
            leftovers=run.leftovers,
            waited=run.recorder.waited,
            own_faults=run.own_faults,
        ),
        "contract-verdicts",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The scenarios that move the target's clock run last, in their order. On a sandbox every
    check shares (the one a user's token names), a clock moved weeks ahead expires the client
    tokens, holds and passes that the later checks' real ids name, and their 2xx go unseen."""
    items.sort(key=lambda item: item.get_closest_marker("moves_clock") is not None)


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Only the scenarios of the API under test are collected (``test_merchant*.py`` for merchant)."""
    if collection_path.parent.name == "rules" and collection_path.name.startswith("test_"):
        own = f"test_{config.option.api.split('-')[0]}"
        return collection_path.stem != own and not collection_path.stem.startswith(f"{own}_")
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Name each Schemathesis operation in its report, so JUnit and the summary tell them apart.

    Schemathesis gives every operation's item the same node id and puts the
    operation only in the item's name (``test_operation[GET /v1/services]``). A scenario's
    name gets the ids of the rules it checks.
    """
    report.nodeid = _named(report.nodeid, report.location[2])


def _named(nodeid: str, name: str) -> str:
    """A check's node id with what tells it apart: the operation Schemathesis names only in the
    item's name, or the ids of the rules a scenario checks (JUnit's case name carries them)."""
    if "[" in nodeid:
        return nodeid
    if "[" in name:
        return f"{nodeid}[{name.partition('[')[2]}"
    module = nodeid.split("::", maxsplit=1)[0].rsplit("/", 1)[-1].removesuffix(".py")
    run = started()
    check = "explore" if module == "test_explore" else f"{module}::{name.split('[', maxsplit=1)[0]}"
    rules = load().rules_of_check(check, run.target.api if run else None)
    return f"{nodeid}[{','.join(rules)}]" if rules else nodeid


_FIRST_EXCHANGE = pytest.StashKey[int]()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_protocol(item: pytest.Item) -> None:
    """Where the check's own exchanges begin, for the reason its failure gives."""
    run = started()
    item.stash[_FIRST_EXCHANGE] = len(run.recorder.exchanges) if run else 0
    attribution.held.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report: Any = yield
    run = started()
    own = run.recorder.exchanges[item.stash.get(_FIRST_EXCHANGE, 0) :] if run is not None else []
    operation = operation_of(item.name)
    if operation is not None and run is not None and report.when == "call" and report.passed:
        tally = run.traffic.of(operation)
        report.kit_traffic = str(tally)
        if tally.sent and not tally.succeeded:
            report.outcome = "skipped"
            needs = run.traffic.unbegun.get(operation) or run.profile.needs.get(operation, FOUND_NONE)
            why = NO_2XX.format(tally=tally, needs=needs)
            why += f"; {run.traffic.unfound}" if run.traffic.unfound else ""
            report.longrepr = (str(item.path), None, why)
    if report.when == "call" and report.passed and run is not None:
        report.kit_unmet = tuple(sorted(run.unmet))
        if item.name == "runTest":  # the stateful phase's state machine, a unittest case
            report.kit_traffic = run.traffic.links
        if findings := judged(run.target.api, own):
            report.outcome = "failed"
            report.kit_reason = judged_reason(findings, own)
            report.kit_broken = findings[0].rule
            report.longrepr = "\n".join(finding.line() for finding in findings)
    if report.failed and call.excinfo is not None and run is not None:
        report.kit_reason = reason(call.excinfo.value, own)
        report.kit_broken = broken_rule(call.excinfo.value)
        report.kit_held = tuple(attribution.held)
        if (stopped := stopped_answering(own, functools.partial(asked_again, run))) is not None:
            report.outcome = "skipped"  # no verdict: not the API's failure, nor a pass
            report.kit_stopped = True
            report.longrepr = (str(item.path), None, stopped)
    # No verdict either where another kit run booked beside a failed check on a vendor's account.
    if report.failed and report.when == "call" and run and (beside := contended(run, own)) is not None:
        report.outcome, report.kit_stopped, report.kit_contended = "skipped", True, True
        report.longrepr = (str(item.path), None, beside)
    if report.skipped and item.config.option.kit_strict and not getattr(report, "kit_stopped", False):
        # --strict: a check that did not run fails, in the JUnit file as in the exit code.
        why = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.kit_unchecked = True  # the table still says UNCHECKED; JUnit and pytest say failed
        report.kit_reason = f"unchecked, which --strict counts as failed: {why.removeprefix('Skipped: ')}"
        report.longrepr = report.kit_reason
    return report  # type: ignore[no-any-return]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Whatever Schemathesis created is cancelled or deleted before the verdicts are printed."""
    run = started()
    if run is not None:
        run.creations.undo_all(Tidy(run.leftovers))
        run.tidy_at_end.run_all()


def pytest_unconfigure(config: pytest.Config) -> None:
    finish()
    undo = config.stash.get(UNDO_SEEDED, None)
    if undo is not None:
        undo()
    # --har: every exchange sent, answered or not, a refused start's too.
    har, recorder = config.option.har, recorded()
    if har and recorder is not None:  # a usage error stops the kit before any run began
        document = har_document(whole_run(recorder))
        # Its missing folders made, as --junit's are (the option's check allowed for them).
        Path(har).parent.mkdir(parents=True, exist_ok=True)
        Path(har).write_text(json.dumps(document, indent=1), encoding="utf-8")
        count = len(document["log"]["entries"])
        exchanges = "1 exchange" if count == 1 else f"{count} exchanges"
        print(f"contract kit: wrote {exchanges} as HAR to {Path(har).resolve()}", file=sys.stderr)


@pytest.fixture(scope="session")
def run() -> Run:
    return current()


@pytest.fixture
def tidy(run: Run) -> Iterator[Tidy]:
    """Fresh seeded world per scenario on a sandbox; on a deployment, cancel what the scenario made."""
    run.callers.fresh()
    steps = Tidy(run.leftovers)
    yield steps
    steps.run_all()
