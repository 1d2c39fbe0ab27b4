"""Target data: what the kit knows of a target beyond its documented operations.

A vendor hands its integrators credentials, catalogue ids, bookable hours and bookings it
arranged in each status; a booking-sandbox serves the same document about each of its
sandboxes (``GET /_sandbox/target-data``). The format is ``openapi/target-data.schema.json``;
every field is optional, and a scenario that needs a missing one is skipped, naming it.
This is the kit's only source of such knowledge: it never rebuilds a sandbox's seeded world.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import requests
import yaml

from mockserver.documents.expansion import expansion_problem
from mockserver.documents.har import Unreadable, json_document
from mockserver.documents.quoting import misspelt_choice
from mockserver.documents.resources import target_data_schema_path
from mockserver.documents.yaml_keys import repeated_keys

from . import deadline
from .deadline import answered_within
from .preflight import TIMEOUT, TargetNotUsable, unreachable

VERSION_FIELD = "target_data"
TOO_DEEP = "nested too deep to read (a thousand levels or more)"


class TargetDataError(ValueError):
    """A target-data file the kit cannot use; the message names the file and the field."""


class TargetData:
    """One target's data, checked against the published schema."""

    def __init__(self, document: Mapping[str, Any], source: str) -> None:
        self.document = document
        self.source = source

    def of(self, api: str) -> Mapping[str, Any]:
        section: Mapping[str, Any] = self.document.get(api) or {}
        return section

    def tokens(self, api: str) -> dict[str, str]:
        return dict(self.of(api).get("tokens") or {})

    def need(self, api: str, *fields: str) -> list[Any]:
        """The API's ``fields``, or the scenario skipped, naming those the data lacks."""
        section = self.of(api)
        missing = [name for name in fields if section.get(name) in (None, [], {})]
        if missing:
            named = ", ".join(f"{api}.{name}" for name in missing)
            pytest.skip(f"needs target data {self.source} does not hold: {named} (see --target-data)")
        return [section[name] for name in fields]


EMPTY = TargetData({}, "the run (no --target-data file)")


def read_file(path: str | Path) -> TargetData:
    """A vendor's file, YAML or JSON; ``TargetDataError`` in one line where it is unusable."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise TargetDataError(f"--target-data {path}: cannot read it ({error.strerror})") from None
    try:
        # Composed and measured before it is built: a few lines of nested aliases stood for a
        # document of 387 million values (34 s and 5.5 GB before the schema refused it).
        # Python's reader, not libyaml's: a file nested too deep is named so (RecursionError).
        nodes = yaml.compose(text, Loader=yaml.SafeLoader)
        if problem := expansion_problem(nodes, "a target data file"):
            raise TargetDataError(f"--target-data {path}: {problem}")
        if repeated := repeated_keys(nodes):
            raise TargetDataError(f"--target-data {path}:{repeated[0].again}: {repeated[0]}")
        document = yaml.safe_load(text)
    except RecursionError:
        raise TargetDataError(f"--target-data {path}: {TOO_DEEP}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise TargetDataError(f"--target-data {path}: not YAML or JSON{where}") from None
    if document is None:  # the schema's words were "(the document): None is not of type 'object'"
        raise TargetDataError(
            f"--target-data {path}: holds no document (it is empty, or only comments); "
            "--print-target-data against a booking-sandbox prints a filled-in example"
        )
    return checked(document, f"--target-data {path}")


def given(api: str, path: str | Path | None) -> TargetData:
    """What a run of ``api`` is given: its ``--target-data`` file, read and checked whole and
    holding ``api``'s part, or ``EMPTY`` without one. The command reads it before pytest starts
    (a mistake in one line of its own) and the run again as it begins."""
    if not path:
        return EMPTY
    data = read_file(path)
    if api not in data.document:
        # A file of another API's data, or one for several that left this one out, would
        # otherwise be used for nothing, and the run go on as if no file were given.
        held = ", ".join(name for name in data.document if name != VERSION_FIELD) or "no API's"
        raise TargetDataError(f"--target-data {path}: holds no {api} data (it holds {held})")
    return data


def fetch(origin: str, session: requests.Session, sandbox_key: str, api: str) -> TargetData:
    """What a booking-sandbox serves about one of its sandboxes (the key's own, seeded on first
    use), for ``api`` only: the server seeds no other API's data to answer."""
    url = f"{origin}/_sandbox/target-data"
    try:
        # Bounded whole here too: --print-target-data asks it outside a run's recorder.
        with answered_within(deadline.ANSWER_SECONDS, "GET", url):
            response = session.get(
                url, params={"api": api}, headers={"Authorization": f"Bearer {sandbox_key}"}, timeout=30
            )
    except requests.RequestException as error:
        raise TargetNotUsable(unreachable(url, error)) from None
    if response.status_code == 401:
        # A booking-sandbox that refuses the key a given token names (one too short, say).
        raise TargetNotUsable(
            f"the sandbox key {sandbox_key!r} that the given token names is refused: GET {url} answered "
            f"401 (a sandbox key is 8 to 130 letters, digits, '-' or '_': the last part of a token)"
        )
    if response.status_code == 422 and (served := _served(origin, session, api)):
        raise TargetNotUsable(
            f"{origin} is a booking-sandbox serving {served}, not the {api} API: give the base URL "
            f"of one that serves it, or serve it there too (serve --api {api})"
        )
    if response.status_code != 200:
        raise TargetNotUsable(
            f"GET {url} answered {response.status_code}: only a booking-sandbox (of this kit's version or "
            f"later) serves target data; pass the vendor's file with --target-data instead"
        )
    source = f"the target data {origin} serves"
    document = json_document(response.content)
    if isinstance(document, Unreadable):
        raise TargetNotUsable(f"{source}: {document.why}")
    try:
        return checked(document, source)
    except TargetDataError as error:
        raise TargetNotUsable(str(error)) from None


def checked(document: Any, source: str) -> TargetData:
    # The schema names every field: a check goes no deeper than it, whatever the document's depth.
    error = jsonschema.exceptions.best_match(_validator().iter_errors(document))
    if error is not None:
        field = ".".join(str(part) for part in error.absolute_path) or "(the document)"
        said = error.message + misspelt_choice(error.validator, error.instance, error.validator_value)
        raise TargetDataError(f"{source}: {field}: {said}")
    return TargetData(document, source)


@cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(target_data_schema_path().read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _served(origin: str, session: requests.Session, api: str) -> str | None:
    """The APIs a sandbox that refused ``api``'s part serves, as its health lists them, where
    ``api`` is not among them (else the refusal was another's)."""
    try:
        health = json_document(session.get(f"{origin}/_sandbox/health", timeout=TIMEOUT).content)
    except requests.RequestException:
        return None
    apis = health.get("apis") if isinstance(health, dict) else None
    if not isinstance(apis, list) or api in apis:
        return None
    return ", ".join(map(str, apis))
