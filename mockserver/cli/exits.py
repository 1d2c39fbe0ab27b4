"""The one exit-code table every ``booking-sandbox`` command keeps (``TABLE``: the README
prints it, ``--help`` names it), and the argument parser that makes a usage error exit 4 with
the command's own short usage."""

from __future__ import annotations

import argparse
import os
import re
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from mockserver.documents.quoting import meant_among

OK = 0
NO = 1
INTERRUPTED = 2
FAIL_UNDER = 2  # coverage.py's code for a total under --fail-under
CANNOT_START = 3
USAGE = 4
UNUSABLE = 5
UNCHECKED = 6


class Stops:
    """The stops a ``stops_as_interrupts`` block took. Each raises KeyboardInterrupt where the
    main thread stands, but where that is inside a weakref callback or a ``__del__`` Python
    swallows the interrupt ("Exception ignored in: ...") and goes on: in CI a SIGTERM landed in
    an import's module-lock callback while ``serve`` started, and the server served on. So a
    command asks ``check`` where its own handlers take over (``serve``'s workers, ``proxy``'s
    uvicorn), and a stop lost so is raised there."""

    def __init__(self) -> None:
        self.came: list[int] = []

    def check(self) -> None:
        if self.came:
            raise KeyboardInterrupt

    def interrupt(self, number: int, frame: object) -> NoReturn:
        self.came.append(number)
        for stop in (signal.SIGINT, signal.SIGTERM):
            if signal.getsignal(stop) == self.interrupt:
                signal.signal(stop, _again)
        raise KeyboardInterrupt


@contextmanager
def stops_as_interrupts(*, server: bool = False) -> Iterator[Stops]:
    """Inside the block SIGTERM raises KeyboardInterrupt, as Ctrl-C does; the handlers of both
    before it are put back after. A cancelled CI job's stop or a process manager's is SIGTERM,
    which by default ends the process where it stands: no tidy-up, no report, temporary files
    left. As an interrupt the ``finally`` blocks run and the command exits 2. A server that sets
    handlers of its own inside the block (``serve``'s workers, ``proxy``) asks ``Stops.check``
    once they are set and keeps them until the block ends: a caller in process (a test) gets its
    own Ctrl-C back too.

    A ``server`` takes Ctrl-C even where it was started with SIGINT ignored, as a script's ``&``
    starts it: uvicorn handles SIGINT once it serves, so a Ctrl-C sent while it started was
    lost and the server then served on, when one sent a moment later stopped it.

    Only the first stop interrupts; a second ends the process at once, exit 2 (``_again``)."""
    stops = Stops()
    before = {stop: signal.getsignal(stop) for stop in (signal.SIGINT, signal.SIGTERM)}
    signal.signal(signal.SIGTERM, stops.interrupt)
    if server or before[signal.SIGINT] is signal.default_int_handler:
        signal.signal(signal.SIGINT, stops.interrupt)
    try:
        yield stops
    finally:
        for stop, handler in before.items():
            signal.signal(stop, handler)


def _again(number: int, frame: object) -> NoReturn:
    """A stop while the first winds down (a kit run's tidy-up and report; a CI job's cancel
    sends SIGINT, then SIGTERM): raised again inside pytest's report of the first, it broke that
    report (a SystemError from Python's parser) and the run exited 1, a check failed."""
    print("booking-sandbox: stopped again: ended before its tidy-up", file=sys.stderr, flush=True)
    sys.stdout.flush()
    os._exit(INTERRUPTED)


TABLE: tuple[tuple[int, str, str], ...] = (
    # (code, what --help calls it, what the README says of it)
    (OK, "done", "done: served, clean, every check ran and passed"),
    (
        NO,
        "a finding or refusal",
        "the answer is no: a finding (check-har, proxy), a failed check (contract), a refusal by "
        "the sandbox (control commands), a count other than --expect",
    ),
    (
        INTERRUPTED,
        "interrupted (coverage --fail-under: under the bar)",
        "interrupted (Ctrl-C; SIGTERM too for contract, as a cancelled CI job sends, and for serve and proxy "
        "while they start; a second stop ends it before its tidy-up); coverage --fail-under: the total is "
        "under the bar (coverage.py's code)",
    ),
    (
        CANNOT_START,
        "cannot start",
        "cannot start here: a setting, the world file, the port or the database refused, before any banner",
    ),
    (USAGE, "usage error", "a usage error: one line, then the command's own short usage"),
    (
        UNUSABLE,
        "target or file not usable",
        "what was named is not usable: the server or target does not answer (contract: before "
        "its first check, or it stopped answering during the run and no check failed), does not serve "
        "that API or refuses a credential, or another run holds the sandbox (contract), or booked on "
        "the same vendor account beside the checks and none failed otherwise (contract); a file "
        "cannot be read or is not valid; nothing came to check (check-har, proxy)",
    ),
    (
        UNCHECKED,
        "contract checks that did not run",
        "contract: nothing failed, but some checks did not run (each listed with why)",
    ),
)


class Parser(argparse.ArgumentParser):
    """argparse with the table's usage error: exit 4, one line saying what is wrong, then the
    failing command's own usage (argparse exits 2, which the table keeps for an interruption).

    A subcommand's parser refuses an argument it does not know itself, so its own usage is shown
    (argparse leaves that to the top-level parser, which printed the top-level usage)."""

    handed_on: str | None = None
    """A command whose arguments after ``--`` are another program's (``contract``: pytest's,
    in ``args.pytest_args``), kept from this parser, which refuses a stray word before ``--``."""

    _given: tuple[str, ...] = ()

    def error(self, message: str) -> NoReturn:
        message += self._hint(message)
        print(f"{self.prog}: {message}", file=sys.stderr)
        self.print_usage(sys.stderr)
        print(f"(see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(USAGE)

    def parse_known_args(  # type: ignore[override]
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        given = list(sys.argv[1:] if args is None else args)
        if self.handed_on is not None:
            cut = given.index("--") if "--" in given else len(given)
            given, handed = given[:cut], given[cut + 1 :]
            namespace = namespace or argparse.Namespace()
            setattr(namespace, f"{self.handed_on}_args", handed)
        self._given = tuple(given)
        parsed, extras = super().parse_known_args(given, namespace)
        if extras and self._is_subcommand():
            said = f"unrecognized arguments: {' '.join(extras)}"
            if self.handed_on is not None and not self._misspelt():
                said += f" ({self.handed_on}'s own options go last, after --)"
            if signed := next((extra for extra in extras if extra[:1] == "-" and extra[1:2].isdigit()), None):
                # argparse reads "-1h" as an option (only a bare number may start with "-").
                said += (
                    f" ({signed} reads as an option; a clock only moves forward: to go back, reset "
                    "--start-at)"
                    if self.prog.endswith(" clock")
                    else f" ({signed} starts with '-', so it reads as an option: give it last, after --)"
                )
            self.error(said)
        return parsed, extras

    def _hint(self, message: str) -> str:
        """What the mistake most likely was, said beside argparse's words: a command or a value
        misspelt, a value given without its option, an option misspelt."""
        return self._chosen_nearly(message) or self._value_without_option() or self._misspelt()

    def _chosen_nearly(self, message: str) -> str:
        """`` (did you mean contract?)`` after "invalid choice: 'contarct' (choose from …)"."""
        said = re.search(r"invalid choice: '?([^' ]*)'? \(choose from (.*)\)$", message)
        if said is None:
            return ""
        word, choices = said.group(1), [c.strip(" '\"") for c in said.group(2).split(",")]
        if word == "help" and not self._is_subcommand():
            return f" (for help: {self.prog} --help, or {self.prog} COMMAND --help)"
        nearest = meant_among(word, choices)
        return f" (did you mean {nearest}?)" if nearest else ""

    def _misspelt(self) -> str:
        """`` (--base_url is no option here: did you mean --base-url?)``: argparse names an option
        it does not know only once every required one is there, and never the one meant."""
        known = list(self._option_string_actions)
        for token in self._given:
            name = token.split("=", 1)[0]
            if name[:1] != "-" or name in known or name[1:2].isdigit() or name == "--":
                continue
            dashed = name.replace("_", "-").lower()
            nearest = dashed if dashed in known else meant_among(name, known, cutoff=0.75)
            if nearest:
                return f" ({name} is no option of {self.prog}: did you mean {nearest}?)"
        return ""

    def _value_without_option(self) -> str:
        """`` (reservekit-v1 is a value of --api: write --api reservekit-v1)``: a bare word one of
        the command's options would take, given where argparse reads no value (``contract
        reservekit-v1 --base-url …``, as other tools name their target), said where it went wrong."""
        given = self._given
        for at, word in enumerate(given):
            before = given[at - 1] if at else ""
            for action in self._actions:
                if not action.option_strings or before in action.option_strings:
                    continue
                if action.choices is not None and word in action.choices:
                    option = action.option_strings[-1]
                    return f" ({word} is a value of {option}: write {option} {word})"
        return ""

    def _is_subcommand(self) -> bool:
        return " " in self.prog  # "booking-sandbox journal": argparse names a subcommand after its parent
