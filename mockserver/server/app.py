"""The app factory: ``create_app(settings)`` builds one complete sandbox server.

Everything an app needs (database, seeded-world cache, handlers, validators, error renderer) is
made here and owned by the app; nothing lives at module level, so a test builds as many as it likes.
"""

from __future__ import annotations

import functools
import logging
import random
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from connexion import AsyncApp
from connexion.jsonifier import Jsonifier
from connexion.middleware import MiddlewarePosition
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from connexion.spec import Specification

from mockserver.apis.adapters import COVERAGE, SANDBOX_ONLY_FIELDS, VARIED, mount_of
from mockserver.apis.registry import api_parts, contexts_of
from mockserver.control.booking_events import BookingEvents
from mockserver.control.dispatcher import Dispatcher
from mockserver.control.faults import FaultBook
from mockserver.control.handlers import ControlHandlers, ControlParts
from mockserver.control.journal import Journal
from mockserver.control.keys import bearer_key
from mockserver.control.outbound import OutboundPolicy
from mockserver.control.traffic import Traffic
from mockserver.control.vocabulary import PAGES, ControlAdapter
from mockserver.control.webhooks import WebhookBook
from mockserver.coverage.recording import Tally
from mockserver.dashboard.front import FrontPage
from mockserver.dashboard.routes import Dashboard
from mockserver.dashboard.showing import Showing
from mockserver.dashboard.views import Views
from mockserver.documents.resources import scenarios_dir, spec_path
from mockserver.documents.specs import built_spec
from mockserver.domain.kernel.clock import ClockStart
from mockserver.http.connection.cross_origin import allow_cross_origin
from mockserver.http.connection.guard import BodyGuard
from mockserver.http.connection.server_options import ServerOptions
from mockserver.http.errors import ErrorRenderer, MountedApi
from mockserver.http.fidelity.variation import Variation
from mockserver.http.fidelity.vendor_only import serve_as_a_vendor, vary
from mockserver.http.operations import json_text
from mockserver.http.operations.connexion_parts import async_app, serve_docs_on_demand
from mockserver.http.operations.handler_threads import POSTGRES_HANDLER_THREADS, HandlerThreads
from mockserver.http.operations.request_keys import request_key
from mockserver.http.operations.routes import MethodGuard, MethodIndex
from mockserver.http.request_ids import RequestIds
from mockserver.http.validation.formats import build_format_checker
from mockserver.http.validation.validators import build_validator_map
from mockserver.seeding.scenarios import Scenarios, load_scenarios
from mockserver.seeding.worlds import FAKER_RELEASE, Worlds, WorldVariation
from mockserver.server.settings import Settings
from mockserver.server.world_examples import world_names
from mockserver.storage.database.engine import connection_lost
from mockserver.storage.database.kept_answers import KeptAnswers
from mockserver.storage.database.on_loop import reads_on_loop
from mockserver.storage.database.scratch import removed_with, temporary_database
from mockserver.storage.tenancy.eviction import Occupancy, SandboxLimits
from mockserver.storage.tenancy.sandboxes import SandboxStore

logger = logging.getLogger(__name__)

CONTROL_SPEC = "sandbox-control"
# Bodies past --max-body-bytes: a whole state (a few hundred KiB), a reset's world (<= 1 MiB).
LARGER_BODIES = {"/state": 32 * 1024 * 1024, "/reset": 1024 * 1024 + 64 * 1024}


@dataclass(frozen=True)
class Server:
    """One complete server: its ASGI app, its journal (a validating proxy records into it, and
    serves its control API and dashboard for its own key), its refusals' wording, and what
    closes it: the webhook dispatcher and its sends (``cut`` ends those now), the journal's writer,
    the store's connections, ended by ``close`` (a process's last step) or when the app is collected."""

    app: AsyncApp
    journal: Journal
    renderer: ErrorRenderer
    closing: tuple[Callable[[], object], ...] = ()
    cut: Callable[[], None] = lambda: None

    def close(self) -> None:
        # The dispatcher, left polling, reopened serve's temporary database as it was removed.
        for stop in self.closing:
            stop()


def create_app(settings: Settings) -> AsyncApp:
    return create_server(settings).app


def create_server(settings: Settings) -> Server:
    app = async_app(__name__)
    allow_cross_origin(app, settings.cors_origins)  # first, so outermost: a preflight is no API's traffic
    db = settings.db or temporary_database(removed_with(app))
    scenarios = Scenarios(load_scenarios(scenarios_dir(), *map(Path, settings.scenarios)))
    variation = None if settings.vary is None else Variation(settings.vary)
    # --vary's worlds: a shorter booking window, and each merchant a second location seating its walk-ins
    # first (no document says where a booking that names no location goes; a merchant may have several).
    varied = WorldVariation(variation.booking_window_days, branches=1) if variation else None
    worlds = Worlds(settings.world, varied)
    store = SandboxStore(
        db,
        settings.seed,
        worlds,
        arrange=scenarios,
        start=ClockStart(settings.start_at, settings.frozen),
        occupancy=Occupancy(SandboxLimits(settings.max_sandboxes, settings.evict_idle_after)),
        # The journal lives beside the store's database, made after it; an eviction finds it by then.
        on_evict=lambda digests: journal.forget(*digests),
        key_seed=variation.world_seed if variation else None,
        given_world=worlds.given,
        contexts=contexts_of,
    )
    tally = Tally(COVERAGE) if settings.coverage else None
    mounts = {api: "" if settings.root else mount_of(api) for api in settings.apis}  # each API's prefix
    journal = Journal(
        store.engine, settings.journal_limit, tally=tally, max_bytes=settings.journal_max_bytes, mounts=mounts
    )
    outbound = OutboundPolicy.for_server(settings.host, settings.webhook_allow)
    webhooks = WebhookBook(store.engine, store.alone_reads, outbound, hooked=store.first_reads.hooked)
    # Events wake the dispatcher, whose rounds queue the events kept while the database was away.
    lost = connection_lost(store.engine)
    events = BookingEvents(webhooks, lambda: dispatcher.wake(), lost)  # noqa: PLW0108 (made next)
    dispatcher = Dispatcher(
        store.engine, journal, outbound, deadline=settings.webhook_timeout, each_round=events.flush
    )
    validator_map = build_validator_map(build_format_checker())
    jsonifier = Jsonifier(json_text, separators=(",", ":"))  # compact, in the spec's order, as APIs send

    def add_api(
        name: str,
        spec: Specification,
        handlers: object,
        base_path: str,
        on_loop: Callable[[Callable[..., Any]], Callable[..., Any]] | None = None,
    ) -> None:
        app.add_api(
            spec,  # built: specs.take_built_specs lets add_api take it as it is
            name=name,
            base_path=base_path,  # given explicitly: Connexion orders mounts by it (most specific first)
            resolver=Resolver(function_resolver=_method_of(handlers, on_loop)),
            pythonic_params=True,
            strict_validation=True,
            validate_responses=settings.validate_responses,
            validator_map=validator_map,
            jsonifier=jsonifier,
            swagger_ui_options=SwaggerUIOptions(swagger_ui=True, spec_path="/openapi.json"),
            examples_day=lambda: store.start.clock().now().date(),  # a new sandbox's today
            examples_world=None if variation else lambda: world_names(name, worlds(settings.seed), spec.raw),
        )

    control = ControlAdapter()
    control_spec = built_spec(spec_path(CONTROL_SPEC), control.mount, "mockserver.control.keys.bearer_info")
    control_parts = ControlParts(
        store=store,
        journal=journal,
        faults=FaultBook(store.engine, store.alone_reads, random.Random(settings.seed)),
        webhooks=webhooks,
        dispatcher=dispatcher,
        scenarios=scenarios,
        apis=settings.apis,
        health=_health(settings),
    )
    add_api(CONTROL_SPEC, control_spec, ControlHandlers(control_parts), control.mount)
    mounted = [MountedApi(control.mount, control, MethodIndex(control_spec["paths"]), pages=PAGES)]

    handlers: dict[str, object] = {}
    writes = _where_handlers_run(app, store.engine.dialect.name)
    answers = KeptAnswers.of(store.read_version, request_key, settings.kept_answers)
    on_loop = functools.partial(reads_on_loop, writes=writes, answers=answers)
    for api in settings.apis:
        parts = api_parts(api, store, events)
        prefix = mounts[api]
        spec = built_spec(spec_path(api), prefix, parts.bearer_info)
        add_api(api, spec, parts.handlers, prefix, on_loop)
        mounted.append(MountedApi(prefix, parts.adapter, MethodIndex(spec["paths"]), spec["paths"]))
        handlers[api] = parts.handlers

    # GET / lists the APIs where the front page is served (not where an API has the root, nor as a vendor).
    renderer = ErrorRenderer(mounted, transient=lost, front_page=not (settings.root or settings.vendor_only))
    renderer.install(app)
    if settings.vendor_only:
        serve_as_a_vendor(app, control_mount=control.mount, mounted=mounted, sandbox_only=SANDBOX_ONLY_FIELDS)
    every_mount = {control.name: control.mount, **mounts}
    _add_pages(
        app, settings, Views(control_parts, Showing(store, handlers, every_mount)), renderer, every_mount
    )
    app.add_middleware(
        MethodGuard,
        position=MiddlewarePosition.BEFORE_SWAGGER,
        mounts=[(api.prefix, api.methods) for api in mounted],
    )
    app.add_middleware(  # outside the exception middleware, so error responses carry the id too
        RequestIds,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        prefixes=[api.prefix for api in mounted if api.adapter.request_id_header],
    )
    # Added after RequestIds, so inside it: injected errors carry a request id too.
    app.add_middleware(
        Traffic,
        position=MiddlewarePosition.BEFORE_EXCEPTION,
        renderer=renderer,
        faults=control_parts.faults,
        first_reads=store.first_reads,
        journal=journal,
    )
    app.add_middleware(
        BodyGuard,
        position=MiddlewarePosition.BEFORE_SWAGGER,
        max_body_bytes=settings.max_body_bytes,
        larger={control.mount + path: size for path, size in LARGER_BODIES.items()},
    )
    vary(
        app,
        control_mount=control.mount,
        mounted=mounted,
        variation=variation,
        varied=VARIED,
        key_of=bearer_key,
    )
    serve_docs_on_demand(app)

    stops = [weakref.finalize(app, stop) for stop in (dispatcher.stop, journal.stop, store.dispose)]
    closing: tuple[Callable[[], object], ...] = (functools.partial(dispatcher.stop, wait=True), *stops)
    logger.debug("booking-sandbox ready: seed %s, apis %s", settings.seed, ", ".join(settings.apis))
    return Server(app, journal, renderer, closing, dispatcher.cut)


def _where_handlers_run(app: AsyncApp, backend: str) -> ThreadPoolExecutor | None:
    """Where a handler refused on the loop runs (``storage.on_loop``). A read is tried on the loop on
    both backends: a few indexed lookups, cheaper there than two thread hops (on PostgreSQL, A/B 912
    -> 1,041 GET/s; docs/performance.md). A PostgreSQL write runs on the loop too, unless another
    write holds its sandbox's advisory lock past ``LOOP_LOCK_WAIT_MS``: then on anyio's threads, two
    a core (``http/handler_threads.py``). A SQLite write runs on the loop, or where it could wait long
    on the process's one writer thread (returned): forty pool threads had fought the loop for the GIL."""
    if backend == "postgresql":
        app.add_middleware(
            HandlerThreads, position=MiddlewarePosition.BEFORE_EXCEPTION, threads=POSTGRES_HANDLER_THREADS
        )
        return None
    writes = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite-writes")
    weakref.finalize(app, writes.shutdown, wait=False)
    return writes


def _method_of(
    handlers: object, on_loop: Callable[[Callable[..., Any]], Callable[..., Any]] | None
) -> Callable[[str], Callable[..., Any]]:
    """Each operation's handler: tried first on the event loop (``on_loop``: the APIs'), or as it
    is, on anyio's threads (the control API's: they send webhooks and read files)."""

    def resolve(operation_id: str) -> Callable[..., Any]:
        method = getattr(handlers, operation_id, None)
        if method is None or operation_id.startswith("_"):
            raise ValueError(f"no handler for operationId {operation_id}")
        return method if on_loop is None else on_loop(method)

    return resolve


def _add_pages(
    app: AsyncApp, settings: Settings, views: Views, renderer: ErrorRenderer, mounts: dict[str, str]
) -> None:
    """The dashboard, the front page at ``/`` (not where an API has the root, nor as a vendor), and
    the answer to ``OPTIONS *``, which every server gives."""
    # Outermost: the dashboard's page and fragments pass no API's middleware (journal, faults, ids).
    dashboard = {"views": views, "renderer": renderer, "apis": settings.apis, "mounts": mounts}
    app.add_middleware(Dashboard, position=MiddlewarePosition.BEFORE_EXCEPTION, **dashboard)
    app.add_middleware(ServerOptions, position=MiddlewarePosition.BEFORE_EXCEPTION)
    if not (settings.root or settings.vendor_only):
        app.add_middleware(
            FrontPage,
            position=MiddlewarePosition.BEFORE_EXCEPTION,
            mounts={api: mounts[api] for api in settings.apis},
            control=mounts[CONTROL_SPEC],
        )


def _health(settings: Settings) -> dict[str, Any]:
    if settings.vendor_only:  # a vendor's health says it is up, and nothing of what serves it
        return {"status": "ok"}
    return {
        "status": "ok",
        "service": "booking-sandbox",
        "seed": settings.seed,
        "world": Path(settings.world).name if settings.world else "default-world",
        "faker": FAKER_RELEASE,
        "apis": list(settings.apis),
        "root": settings.root,
    }
