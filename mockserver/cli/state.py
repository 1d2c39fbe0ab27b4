"""``booking-sandbox state export|import``: a sandbox's state as a JSON file, and back.

"-" is standard input or output, as everywhere: ``state export | state import -`` copies one
sandbox's state into another. A file to import is read here first: one that is no JSON object
is the README's exit 5 ("a file ... is not valid"), named by its path, and never sent; the
server's refusal of a document it cannot take (a table it does not have, a row that breaks
the world) is a refusal, exit 1.
"""

from __future__ import annotations

import argparse
import codecs
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .answers import sandbox_text
from .exits import OK, UNUSABLE
from .output import show, wrote

if TYPE_CHECKING:
    from mockserver.integration.control_client import ControlClient


def run_state(args: argparse.Namespace, client: ControlClient, parser: argparse.ArgumentParser) -> int:
    if args.action == "export":
        text = client.export_state()
        if args.file and args.file != "-":
            wrote(Path(args.file), text, "the sandbox's state")
            return OK
        print(text)
        return OK
    if not args.file:
        parser.error("state import needs a FILE (- for standard input)")
    state = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    problem = _no_state(state)
    if problem:
        where = "standard input" if args.file == "-" else args.file
        print(f"booking-sandbox: {where} is no state export ({problem}); nothing was sent", file=sys.stderr)
        return UNUSABLE
    return show(args, client.import_state(state), sandbox_text)


KINDS = {list: "an array", str: "a string", bool: "true or false", int: "a number", float: "a number"}


def _no_state(content: bytes) -> str | None:
    """Why ``content`` cannot be a state export, if it cannot: not UTF-8 JSON (RFC 8259 8.1,
    as the server reads it), or JSON but no object."""
    if content.startswith(codecs.BOM_UTF8):
        return "it begins with a byte order mark: save it as UTF-8 without one"
    try:
        document = json.loads(content.decode("utf-8"))
    except UnicodeDecodeError:
        return "not UTF-8 text"
    except json.JSONDecodeError as error:
        return f"not JSON: {error}"
    if not isinstance(document, dict):
        return f"JSON, but {KINDS.get(type(document), 'null')}, not an object"
    return None
