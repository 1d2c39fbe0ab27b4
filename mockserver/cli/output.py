"""What a client command writes: the answer for a person or, with ``--json``, for a program;
and a file it wrote, said on stderr so stdout stays the command's own."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .exits import OK
from .text import as_json


def show(args: argparse.Namespace, answer: Any, as_text: Any) -> int:
    """The answer as JSON with ``--json``, else as ``as_text`` words it for a person."""
    print(as_json(answer) if args.json else as_text(answer))
    return OK


def wrote(path: Path, text: str, what: str) -> None:
    """Writes ``text`` to ``path`` and says where, on stderr (stdout stays the command's own)."""
    path.write_text(text, encoding="utf-8")
    print(f"booking-sandbox: wrote {what} to {path.resolve()}", file=sys.stderr)
