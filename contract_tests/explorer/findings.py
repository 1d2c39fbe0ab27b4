"""A finding of the explorer as a person reads it: the broken rule, the shrunk sequence as numbered
requests and answers, and the one command that replays it."""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from contract_tests.kit.reasons import exchange_line
from mockserver.documents.har import Exchange, header_value
from mockserver.rule_engine.findings import Finding as EngineFinding

from .headers import unusual
from .retries import KEY_HEADER


class Broken(AssertionError):
    """A rule the engine found broken; one class a rule, so Hypothesis shrinks each apart."""

    rule = ""
    trace: Sequence[Exchange] = ()
    finding: EngineFinding | None = None
    names: Mapping[str, str] = {}
    """A caller's fingerprint -> the role the walk sent it as."""

    def length(self) -> int:
        """The exchanges up to and with the one that broke the rule."""
        return self.finding.index if self.finding is not None else len(self.trace)


class FoundUnshrunk(BaseException):
    """A break where the run has no time to shrink: the walk as found is the finding. A
    ``BaseException``, so that it passes Hypothesis by (as an interrupt does), which would
    otherwise walk the failing example once more to report it, from a sandbox imported again."""

    def __init__(self, error: Broken) -> None:
        super().__init__(str(error))
        self.error = error


_BROKEN: dict[str, type[Broken]] = {}


def broken(finding: EngineFinding, trace: Sequence[Exchange], names: Mapping[str, str]) -> Broken:
    kind = _BROKEN.setdefault(finding.rule, type(f"Broken_{finding.rule.replace('-', '_')}", (Broken,), {}))
    error = kind(finding.line())
    error.rule, error.trace, error.finding, error.names = finding.rule, list(trace), finding, dict(names)
    return error


@dataclass(frozen=True)
class Finding:
    rule: str
    finding: EngineFinding
    trace: Sequence[Exchange]
    names: Mapping[str, str]
    """A caller's fingerprint -> its role."""

    def sequence(self) -> list[str]:
        """The exchanges up to the one that broke the rule, numbered as the engine numbers them:
        every request that could change something, and the reads the finding names; the walk's
        other reads (each booking through every view after every step) as a count."""
        named = {self.finding.index, *(int(n) for n in re.findall(r"#(\d+)", self.finding.message))}
        lines: list[str] = []
        quiet = 0
        for n, exchange in enumerate(self.trace[: self.finding.index], 1):
            if exchange.method == "GET" and n not in named:
                quiet += 1
                continue
            if quiet:
                lines.append(f"   ({quiet} read{'s' if quiet > 1 else ''} showing nothing new)")
                quiet = 0
            lines.append(f"#{n} {exchange_text(exchange, self.names)}")
        return lines

    def _spelt(self) -> list[str]:
        """The walk's client's headers, where it spelt them otherwise than plain (``headers.py``)."""
        spelt: dict[str, str] = {}
        for exchange in self.trace[: self.finding.index]:
            spelt = {**unusual(exchange), **spelt}
        said = [f"{name.title()}: {value}" for name, value in sorted(spelt.items(), reverse=True)]
        return [f"sent as a client spelling {' and '.join(said)}"] if said else []

    def text(self, replay: str, *, shrunk: bool = True) -> str:
        found = "the shortest sequence found" if shrunk else "the sequence as the walk found it, not shrunk"
        return "\n".join(
            [
                f"the explorer broke {self.rule}: {self.finding.line()}",
                f"{found} ({self.finding.index} exchange{'s' if self.finding.index != 1 else ''}):",
                *(f"  {line}" for line in self.sequence()),
                *self._spelt(),
                f"replay: {replay}",
            ]
        )


def found_in(error: BaseException, shortest: Mapping[str, Broken] | None = None) -> Finding | None:
    """The engine's finding a walk failed with (Hypothesis raises the shrunk example's own error),
    or the same rule's shorter break in ``shortest``, where a walk saw one."""
    if isinstance(error, Broken) and error.finding is not None:
        kept = (shortest or {}).get(error.rule)
        # Strictly shorter: on a tie the final replay stands, the one the replay command repeats.
        if kept is not None and kept.length() < error.length():
            error = kept
        assert error.finding is not None
        return Finding(error.rule, error.finding, error.trace, error.names)
    for inner in getattr(error, "exceptions", ()):
        found = found_in(inner, shortest)
        if found is not None:
            return found
    return None


def exchange_text(exchange: Exchange, names: Mapping[str, str]) -> str:
    """The kit's own line for an exchange, with the role that sent it."""
    credential = header_value(exchange.request_headers, "authorization")
    fingerprint = credential.rsplit("#", 1)[-1]
    caller = f" as {names.get(fingerprint, fingerprint)}" if "#" in credential else " with no credential"
    # A retry is the same request under the same key: the key is what makes it one.
    key = header_value(exchange.request_headers, KEY_HEADER)
    return exchange_line(exchange, f"{caller} under {KEY_HEADER.title()} {key}" if key else caller)


def replay_command(api: str, base_url: str, seed: int, steps: int, *, given: bool) -> str:
    words = ["booking-sandbox", "contract", "--api", api, "--base-url", base_url, "--checks", "explore"]
    words += ["--seed", str(seed), "--explore-steps", str(steps)]
    command = shlex.join(words)
    return f"{command}  (with the same --token and --target-data)" if given else command
