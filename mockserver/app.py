"""The app factory: ``create_app(settings)`` builds one complete sandbox server.

Everything an app needs (database, seeded-world cache, handlers, validators,
error renderer) is created here and owned by the returned app; nothing lives at
module level, so tests can build as many independent apps as they like.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from connexion import FlaskApp
from connexion.exceptions import ProblemException
from connexion.middleware import MiddlewarePosition
from connexion.options import SwaggerUIOptions
from connexion.resolver import Resolver
from starlette.exceptions import HTTPException

from mockserver.apis.reservekit.handlers import ReserveKitHandlers
from mockserver.apis.reservekit.vocabulary import ReserveKitAdapter
from mockserver.domain.errors import DomainError
from mockserver.http.adapter import ApiAdapter
from mockserver.http.errors import ErrorRenderer, MountedApi
from mockserver.http.formats import build_format_checker
from mockserver.http.guard import BodyGuard
from mockserver.http.routes import MethodIndex
from mockserver.http.validators import build_validator_map
from mockserver.resources import fixture_path, spec_path
from mockserver.seeding.blueprint import load_blueprint
from mockserver.seeding.world import World, generate_world
from mockserver.settings import Settings
from mockserver.storage.sandboxes import SandboxStore

logger = logging.getLogger(__name__)

# How each API's key check is found by Connexion (it wants an importable name).
_BEARER_INFO = {"reservekit-v1": "mockserver.apis.reservekit.auth.bearer_info"}


def create_app(settings: Settings) -> FlaskApp:
    app = FlaskApp(__name__)
    db = settings.db or _temporary_database(app)
    store = SandboxStore(db, settings.seed, _world_factory(settings.fixture))
    validator_map = build_validator_map(build_format_checker())
    mounted = []
    for api in settings.apis:
        adapter, handlers = _api_parts(api, store)
        prefix = "" if settings.root else adapter.mount
        spec = _load_spec(api, prefix)
        app.add_api(
            spec,
            name=api,
            resolver=Resolver(function_resolver=_method_of(handlers)),
            pythonic_params=True,
            strict_validation=True,
            validate_responses=settings.validate_responses,
            validator_map=validator_map,
            swagger_ui_options=SwaggerUIOptions(swagger_ui=True, spec_path="/openapi.json"),
        )
        mounted.append(MountedApi(prefix, adapter, MethodIndex(spec["paths"])))

    renderer = ErrorRenderer(mounted)
    app.add_error_handler(DomainError, renderer.domain_error)
    app.add_error_handler(ProblemException, renderer.http_error)
    app.add_error_handler(HTTPException, renderer.http_error)
    app.add_error_handler(Exception, renderer.unexpected_error)
    app.add_middleware(
        BodyGuard, position=MiddlewarePosition.BEFORE_SWAGGER, max_body_bytes=settings.max_body_bytes
    )
    # Keep the documented field order, and don't spend time pretty-printing.
    app.app.json.sort_keys = False  # type: ignore[attr-defined]
    app.app.json.compact = True  # type: ignore[attr-defined]
    app.app.add_url_rule("/_sandbox/health", "sandbox_health", lambda: {"status": "ok"})

    weakref.finalize(app, store.dispose)
    logger.info("booking-sandbox ready: seed %s, apis %s", settings.seed, ", ".join(settings.apis))
    return app


def _api_parts(api: str, store: SandboxStore) -> tuple[ApiAdapter, object]:
    if api == "reservekit-v1":
        return ReserveKitAdapter(), ReserveKitHandlers(store)
    raise ValueError(f"no adapter for {api}")


def _load_spec(api: str, prefix: str) -> dict[str, Any]:
    spec: dict[str, Any] = yaml.safe_load(spec_path(api).read_text(encoding="utf-8"))
    spec["servers"] = [{"url": prefix or "/"}]
    for scheme in spec["components"]["securitySchemes"].values():
        if scheme.get("scheme") == "bearer":
            scheme["x-bearerInfoFunc"] = _BEARER_INFO[api]
    return spec


def _method_of(handlers: object) -> Callable[[str], Callable[..., Any]]:
    def resolve(operation_id: str) -> Callable[..., Any]:
        method = getattr(handlers, operation_id, None)
        if method is None or operation_id.startswith("_"):
            raise ValueError(f"no handler for operationId {operation_id}")
        return method  # type: ignore[no-any-return]

    return resolve


def _world_factory(fixture: str) -> Callable[[int], World]:
    blueprint = load_blueprint(fixture_path(fixture))
    worlds: dict[int, World] = {}

    def world_for(seed: int) -> World:
        if seed not in worlds:
            worlds[seed] = generate_world(blueprint, seed)
        return worlds[seed]

    return world_for


def _temporary_database(owner: object) -> str:
    """A fresh SQLite file that lives as long as ``owner`` (the app) does."""
    directory = Path(tempfile.mkdtemp(prefix="booking-sandbox-"))
    weakref.finalize(owner, shutil.rmtree, directory, ignore_errors=True)
    return str(directory / "sandbox.db")
