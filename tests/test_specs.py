"""Specs are parsed once per file version and validated once per content, never skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from connexion.exceptions import InvalidSpecification
from connexion.spec import Specification

from mockserver.resources import spec_path
from mockserver.specs import remember_spec_validation, spec_document


def test_each_caller_gets_its_own_copy_and_a_changed_file_is_read_again(tmp_path: Path) -> None:
    first = spec_document(spec_path("reservekit-v1"))
    first["servers"] = [{"url": "/changed"}]
    assert spec_document(spec_path("reservekit-v1"))["servers"] != [{"url": "/changed"}]

    copy = tmp_path / "spec.yaml"
    copy.write_text("openapi: 3.0.3\ninfo: {title: a, version: '1'}\npaths: {}\n", encoding="utf-8")
    assert spec_document(copy)["info"]["title"] == "a"
    copy.write_text("openapi: 3.0.3\ninfo: {title: b, version: '1'}\npaths: {}\n", encoding="utf-8")
    os.utime(copy, ns=(copy.stat().st_atime_ns, copy.stat().st_mtime_ns + 1_000_000))
    assert spec_document(copy)["info"]["title"] == "b"


def test_a_broken_spec_is_refused_every_time_a_valid_one_loads() -> None:
    remember_spec_validation()
    valid = spec_document(spec_path("merchant"))
    Specification.from_dict(valid)
    Specification.from_dict(spec_document(spec_path("merchant")))  # remembered: loads again
    broken = {**valid, "paths": {"/x": {"get": {"responses": "not a mapping"}}}}
    for _ in range(2):  # a failure is never remembered as a pass
        with pytest.raises(InvalidSpecification):
            Specification.from_dict(broken)
