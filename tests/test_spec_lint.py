"""The five specs as a linter and an integrator read them: Spectral's ``spectral:oas`` rules find
no error (its ``oas3-valid-*-example`` rules validate every example against its own schema), and
every operation shows an example of what it takes and of what it answers."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from mockserver.documents.resources import spec_path
from tests.npm import installed, needs_node
from tests.specs import load_spec, operations, resolved

SPECS = ("reservekit-v1", "merchant", "lifecycle", "bardge-v3", "sandbox-control")


# Slow (npm installs Spectral on a fresh clone): started first, beside the CPU-bound kit runs.
@pytest.mark.slow
@needs_node
def test_spectral_finds_no_error_in_any_spec() -> None:
    spectral = installed("spectral")
    command = [
        str(spectral / "node_modules" / ".bin" / "spectral"),
        "lint",
        "--ruleset",
        str(spectral / ".spectral.yaml"),
        "--format",
        "json",
        "--quiet",
        *(str(spec_path(api)) for api in SPECS),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    findings: list[dict[str, Any]] = json.loads(completed.stdout or "[]")
    errors = [
        f"{f['source']}:{f['range']['start']['line'] + 1} {f['code']}: {f['message']}"
        for f in findings
        if f["severity"] == 0
    ]
    assert errors == [], "\n".join(errors)
    assert completed.returncode == 0, completed.stderr


def _media_has_example(spec: dict[str, Any], media: dict[str, Any]) -> bool:
    schema = resolved(spec, media.get("schema", {}))
    return "example" in media or "examples" in media or "example" in schema


@pytest.mark.parametrize("api", SPECS)
def test_every_operation_shows_an_example_of_its_input_and_its_answer(api: str) -> None:
    spec = load_spec(api)
    missing = []
    for path, method, operation in operations(spec):
        body = resolved(spec, operation.get("requestBody", {}))
        for media_type, media in body.get("content", {}).items():
            if media_type.endswith("json") and not _media_has_example(spec, media):
                missing.append(f"{method.upper()} {path}: request body")
        answers = [
            (code, resolved(spec, r)) for code, r in operation["responses"].items() if code.startswith("2")
        ]
        for code, answer in answers:
            json_media = [m for t, m in answer.get("content", {}).items() if t.endswith("json")]
            if json_media and not any(_media_has_example(spec, m) for m in json_media):
                missing.append(f"{method.upper()} {path}: {code} answer")
    assert missing == []
