"""World and scenario files as a user writes them: checked against the published schema
(``openapi/world.schema.json``) and against each other's names, every problem one line that
names the file, the line and the field.

A file that enters whole is hostile input: it is read as YAML's safe subset, refused when it
holds more than a world needs, and nothing of it reaches the seeding before every check passed.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from mockserver.documents.expansion import expansion_problem
from mockserver.documents.quoting import meant_among, misspelt_choice, quoted_briefly
from mockserver.documents.resources import SAFE_LOADER, world_schema_path
from mockserver.documents.yaml_keys import repeated_keys
from mockserver.domain.kernel.errors import FieldProblem, InvalidInput

from .world_rules import Location, Problem, world_rule_problems
from .world_size import MAX_ROWS, estimated_rows

# A world of a few hundred lines is large; past this the file is refused unread.
MAX_FILE_BYTES = 1024 * 1024
MAX_PROBLEMS = 20


class WorldFileError(ValueError):
    """A world or scenario file the sandbox cannot start from; one line a problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems[:MAX_PROBLEMS])
        more = len(problems) - len(self.problems)
        super().__init__("\n".join([*self.problems, *([f"... and {more} more"] if more > 0 else [])]))


def read_world(path: Path) -> dict[str, Any]:
    """The world file's data, once it meets the schema and names only what it defines."""
    document, nodes = _parsed(path)
    problems = list(world_problems(document))
    if problems:
        raise WorldFileError(_lines(path, nodes, problems))
    return dict(document)


def read_scenario(path: Path) -> dict[str, Any]:
    """A scenario file's data, once it meets the schema: read and checked once for each version
    of the file (its inode, size and time of change), as every app a process makes reads the
    bundled scenarios (a sixteenth of a test's new app went to parsing them); each caller gets
    a copy. A file written anew is read anew."""
    try:
        found = path.stat()
    except OSError:
        return _read_scenario(path, (0, 0, 0))  # says why it cannot be read
    return copy.deepcopy(_read_scenario(path, (found.st_ino, found.st_mtime_ns, found.st_size)))


@functools.lru_cache(maxsize=64)
def _read_scenario(path: Path, _version: tuple[int, int, int]) -> dict[str, Any]:
    document, nodes = _parsed(path)
    problems = _schema_problems(document, "#/$defs/scenario")
    if problems:
        raise WorldFileError(_lines(path, nodes, problems))
    return dict(document)


def check_world(document: Any, size: int, field: str = "world") -> dict[str, Any]:
    """A world sent whole (a reset's, a state import's), ``size`` bytes of JSON: the same checks
    as a file's, each problem named by its field under ``field``, since a JSON body has no
    lines to point at."""
    if size > MAX_FILE_BYTES:
        message = f"larger than {MAX_FILE_BYTES // 1024} KiB; no world needs that"
        raise InvalidInput(f"{field}: {message}", problems=(FieldProblem(field, message),))
    problems = list(world_problems(document))
    if problems:
        found = tuple(
            FieldProblem(f"{field}.{_spelled(where)}" if where else field, message)
            for where, message in problems[:MAX_PROBLEMS]
        )
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise InvalidInput(f"{found[0].field}: {found[0].message}{more}", problems=found)
    return dict(document)


def world_problems(document: Any) -> list[Problem]:
    """What keeps ``document`` from being a world: the schema first, then the names it uses
    and its size, which the schema cannot say."""
    problems = _schema_problems(document, "#")
    if not problems:
        problems += world_rule_problems(document)
    if not problems and (rows := estimated_rows(document)) > MAX_ROWS:
        message = (
            f"would seed about {rows:,} rows, more than the {MAX_ROWS:,} a sandbox may hold at its "
            "start; use fewer providers, services, staff or customers, or slots further apart"
        )
        problems.append(((), message))
    return problems


def _parsed(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise WorldFileError([f"{path}: larger than {MAX_FILE_BYTES // 1024} KiB; no world needs that"])
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise WorldFileError([f"{path}: cannot be read: {error.strerror or error}"]) from None
    except UnicodeDecodeError:
        raise WorldFileError([f"{path}: not UTF-8 text"]) from None
    try:
        # Composed once for the lines, constructed from the same text for the values; by
        # libyaml where it is installed (every server reads the bundled scenarios: a sixth of
        # a test's new app went to parsing them in pure Python).
        nodes = yaml.compose(text, Loader=SAFE_LOADER)
        if problem := expansion_problem(nodes):
            raise WorldFileError([f"{path}: {problem}"])
        if repeated := repeated_keys(nodes):
            raise WorldFileError([f"{path}:{key.again}: {key}" for key in repeated])
        document = yaml.load(text, Loader=SAFE_LOADER)
        if document is None:  # "None is not of type 'object'" said it in Python's words
            raise WorldFileError(
                [f"{path}: empty; it holds a YAML mapping (booking-sandbox world prints one)"]
            )
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        raise WorldFileError([f"{path}:{line}: not YAML: {error.problem or error.context}"]) from None
    except yaml.YAMLError as error:
        raise WorldFileError([f"{path}: not YAML: {error}"]) from None
    return document, nodes


def _schema_problems(document: Any, ref: str) -> list[Problem]:
    problems: list[Problem] = []
    for error in world_validator(ref).iter_errors(document):
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            problems += _unknown_fields(error)
            continue
        # oneOf/anyOf say only that no branch fits; the branch that came nearest says why.
        shown = jsonschema.exceptions.best_match(error.context) if error.context else error
        where = tuple(shown.absolute_path) if shown.absolute_path else tuple(error.absolute_path)
        problems.append((where, _worded(shown)))
    return problems


def _unknown_fields(error: jsonschema.ValidationError) -> Iterator[Problem]:
    """Each unknown field at its own place, with the known one it was likely meant to be."""
    known = list(error.schema.get("properties", {}))
    for name in error.instance:
        if name not in known:
            meant = meant_among(str(name), known)
            hint = f"; did you mean {meant!r}?" if meant else " (booking-sandbox world --schema lists them)"
            yield (*error.absolute_path, name), f"no such field{hint}"


def _worded(error: jsonschema.ValidationError) -> str:
    if error.validator == "pattern" and error.schema.get("description"):
        wanted = error.schema["description"].rstrip(".")
        # "A time of day" reads on as "a time of day"; "ISO 4217" stays as it is.
        word = wanted.split(maxsplit=1)[0]
        first = wanted[:1] if len(word) > 1 and word.isupper() else wanted[:1].lower()
        return f"{error.instance!r}: expected {first}{wanted[1:]}"
    # Not as Python writes the value (None, True, ['a']), but as the file's JSON reading does.
    said = quoted_briefly(str(error.message), error.instance)
    return said + misspelt_choice(error.validator, error.instance, error.validator_value)


@functools.cache
def world_validator(ref: str) -> jsonschema.Draft202012Validator:
    """The world schema's validator for ``ref`` (``#`` the whole file, ``#/$defs/…`` a part),
    made once: a state import bounds what a world seeds by the same subschemas."""
    schema = json.loads(world_schema_path().read_text(encoding="utf-8"))
    if ref != "#":
        schema = {"$ref": ref, "$defs": schema["$defs"]}
    return jsonschema.Draft202012Validator(schema)


def _lines(path: Path, nodes: yaml.Node | None, problems: list[Problem]) -> list[str]:
    """``FILE:LINE: FIELD: message`` a problem, at the line of the deepest node its place
    reaches, in the file's order."""
    placed = sorted(
        ((_line(nodes, where), where, message) for where, message in problems), key=lambda p: p[0]
    )
    return [
        f"{path}:{line}: {_spelled(where) + ': ' if where else ''}{message}"
        for line, where, message in placed
    ]


def _line(nodes: yaml.Node | None, where: Location) -> int:
    node = nodes
    for step in where:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == step), node)
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            break
    return node.start_mark.line + 1 if node is not None else 1


def _spelled(where: Location) -> str:
    text = ""
    for step in where:
        text += f"[{step}]" if isinstance(step, int) else f".{step}" if text else str(step)
    return text
