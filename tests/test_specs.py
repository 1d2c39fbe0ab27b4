"""Specs are parsed and built once per file version and mount, every app shares the build,
and a broken spec is never built."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest
import yaml
from connexion.exceptions import InvalidSpecification
from connexion.spec import Specification

from mockserver.documents.resources import load_yaml, spec_document, spec_path
from mockserver.documents.specs import built_spec
from mockserver.server.app import create_app
from mockserver.server.settings import Settings
from tests.asgi_client import TestClient
from tests.conftest import START

BEARER = "mockserver.apis.reservekit.auth.bearer_info"


def _touch(path: Path) -> None:
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    copy = tmp_path / "spec.yaml"
    copy.write_text("openapi: 3.0.3\ninfo: {title: a, version: '1'}\npaths: {}\n", encoding="utf-8")
    assert built_spec(copy, "/x", BEARER)["info"]["title"] == "a"
    copy.write_text("openapi: 3.0.3\ninfo: {title: b, version: '1'}\npaths: {}\n", encoding="utf-8")
    _touch(copy)
    assert built_spec(copy, "/x", BEARER)["info"]["title"] == "b"


@pytest.mark.parametrize("api", ["reservekit-v1", "merchant", "lifecycle", "bardge-v3", "sandbox-control"])
def test_a_spec_document_is_the_file_as_parsed_and_each_caller_gets_its_own(api: str) -> None:
    """Its copy goes through JSON: a spec holding what JSON cannot (a date, an integer key)
    would come back otherwise, and this says so."""
    first = spec_document(api)
    assert first == load_yaml(spec_path(api))
    first["paths"].clear()
    assert spec_document(api)["paths"] == load_yaml(spec_path(api))["paths"]


def test_a_built_spec_is_connexions_own_build_served_where_asked() -> None:
    built = built_spec(spec_path("reservekit-v1"), "/reservekit", BEARER)
    assert isinstance(built, Specification)
    assert built.base_path == "/reservekit"
    schemes = built.security_schemes.values()
    assert [s["x-bearerInfoFunc"] for s in schemes if s.get("scheme") == "bearer"] == [BEARER]
    # Refs resolved as Connexion resolves them: no "$ref" left in an operation's responses.
    responses = built["paths"]["/v1/bookings/{bookingID}"]["get"]["responses"]
    assert "$ref" not in str(responses)
    assert built_spec(spec_path("reservekit-v1"), "", BEARER).base_path == ""


def test_apps_share_one_build_and_serving_through_them_leaves_it_as_built(tmp_path: Path) -> None:
    """What Connexion changes on a spec it is given is the same for every app with its key: two
    apps at one mount and one at the root answer through their builds, and each is as built."""
    mounted = built_spec(spec_path("reservekit-v1"), "/reservekit", BEARER)
    at_root = built_spec(spec_path("reservekit-v1"), "", BEARER)
    assert built_spec(spec_path("reservekit-v1"), "/reservekit", BEARER) is mounted
    assert at_root is not mounted
    as_built = [copy.deepcopy(build.raw) for build in (mounted, at_root)]
    both = {"db": str(tmp_path / "both.db"), "start_at": START}
    root = {"db": str(tmp_path / "root.db"), "start_at": START, "root": True, "apis": ["reservekit-v1"]}
    apps = [(create_app(Settings.load(both, environ={})), "/reservekit") for _ in range(2)]
    apps.append((create_app(Settings.load(root, environ={})), ""))
    for app, mount in apps:
        with TestClient(app) as client:
            headers = {"Authorization": "Bearer sk_rsv_shared_build_0001"}
            assert client.get(f"{mount}/v1/services/1", headers=headers).status_code == 200
            refused = client.post(f"{mount}/v1/bookings", headers=headers, json={"service_id": "one"})
            assert refused.status_code == 400, refused.text
    assert (mounted.base_path, at_root.base_path) == ("/reservekit", "")
    assert [build.raw for build in (mounted, at_root)] == as_built


def test_a_broken_spec_is_refused_every_time_and_a_mended_one_builds(tmp_path: Path) -> None:
    valid = load_yaml(spec_path("merchant"))
    broken = {**valid, "paths": {"/x": {"get": {"responses": "not a mapping"}}}}
    copy = tmp_path / "merchant.yaml"
    copy.write_text(yaml.safe_dump(broken), encoding="utf-8")
    for _ in range(2):  # a failure is never kept as a build
        with pytest.raises(InvalidSpecification):
            built_spec(copy, "/merchant", BEARER)
    copy.write_text(yaml.safe_dump(valid), encoding="utf-8")
    _touch(copy)
    assert built_spec(copy, "/merchant", BEARER)["paths"]


def _counting_validations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    validated: list[str] = []
    original = Specification._validate_spec.__func__

    def counted(cls: type[Specification], spec: dict[str, object]) -> None:
        validated.append(str(spec["info"]))
        original(cls, spec)

    monkeypatch.setattr(Specification, "_validate_spec", classmethod(counted))
    return validated


def _copy_of(name: str, directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    copy = directory / f"{name}.yaml"
    copy.write_text(spec_path(name).read_text(encoding="utf-8"), encoding="utf-8")
    return copy


def test_a_document_found_valid_is_not_validated_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    validated = _counting_validations(monkeypatch)
    # Copies in two places: what a process keeps in memory is not what is remembered here.
    for place in ("first", "second"):
        assert built_spec(_copy_of("merchant", tmp_path / place), "/merchant", BEARER)["paths"]
    assert len(validated) == 1
    assert len(list((tmp_path / "cache" / "booking-sandbox" / "valid-specs").iterdir())) == 1
    # Served elsewhere, the document differs: validated again.
    built_spec(_copy_of("merchant", tmp_path / "third"), "/elsewhere", BEARER)
    assert len(validated) == 2


def test_a_broken_document_is_never_remembered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    broken = {**load_yaml(spec_path("merchant")), "paths": {"/x": {"get": {"responses": "not a mapping"}}}}
    for place in ("first", "second"):
        copy = tmp_path / place / "merchant.yaml"
        copy.parent.mkdir()
        copy.write_text(yaml.safe_dump(broken), encoding="utf-8")
        with pytest.raises(InvalidSpecification):
            built_spec(copy, "/merchant", BEARER)
    assert not (tmp_path / "cache" / "booking-sandbox").exists()


def test_without_a_writable_cache_every_process_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the directory would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    validated = _counting_validations(monkeypatch)
    for place in ("first", "second"):
        assert built_spec(_copy_of("bardge-v3", tmp_path / place), "/bardge/v3", BEARER)["paths"]
    assert len(validated) == 2
