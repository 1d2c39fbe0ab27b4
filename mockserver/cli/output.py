"""What a command writes: the answer for a person or, with ``--json``, for a program; and a file
it wrote, said on stderr so stdout stays the command's own. A file a command writes at its end
is named by an option whose type is ``output_file``: a path it could never write is refused
as the command line is read, not after a run of minutes (with a traceback, and exit 1)."""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
from pathlib import Path
from typing import Any

from .exits import OK
from .text import as_json


def writable_everywhere() -> None:
    """stdout (and stderr) write a character their encoding cannot hold as an escape (``\\u2192``)
    instead of raising: a report redirected to a file on Windows is cp1252, a server's locale may
    be Latin-1, and what a vendor answered or a recording holds is any text. Raised, it was a
    traceback and exit 1, the code of a finding, where the run had found none."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors="backslashreplace")


def show(args: argparse.Namespace, answer: Any, as_text: Any) -> int:
    """The answer as JSON with ``--json``, else as ``as_text`` words it for a person."""
    print(as_json(answer) if args.json else as_text(answer))
    return OK


def wrote(path: Path, text: str, what: str) -> None:
    """Writes ``text`` to ``path`` and says where, on stderr (stdout stays the command's own)."""
    print(f"booking-sandbox: wrote {what} to {write_out(path, text.encode())}", file=sys.stderr)


def output_file(raw: str) -> str:
    """An option's file to write at the end: refused now where it is a folder, where a file
    stands where a folder must, or where this user may not write. Missing folders are made."""
    path = Path(raw).absolute()
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{raw} is a folder: name a file in it")
    nearest = path.parent
    while not nearest.exists():
        nearest = nearest.parent
    if not nearest.is_dir():
        raise argparse.ArgumentTypeError(f"{raw}: {nearest} is a file, not a folder")
    written = path if path.exists() else nearest
    if not os.access(written, os.W_OK):
        raise argparse.ArgumentTypeError(f"{raw}: this user may not write {written}")
    return raw


def write_out(target: str | Path, content: bytes) -> Path:
    """``content`` in the file ``target`` (its missing folders made); where it went."""
    path = Path(target)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a file where a folder must be: said of the file asked
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path)) from None
    path.write_bytes(content)
    return path.resolve()
