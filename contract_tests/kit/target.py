"""What the kit is pointed at, read once from the command line."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mockserver.integration.base_urls import NOT_A_BASE, ends_at_its_path, unreadable

from .profiles import MAIN_ROLES, ROLES, SANDBOX_MOUNTS

APIS = ("reservekit-v1", "merchant", "lifecycle", "bardge-v3")
PHASES = ("examples", "coverage", "fuzzing", "stateful")
DEFAULT_SEED = 20261121
DEFAULT_MAX_EXAMPLES = 25
# The explorer's budget: each API walked in well under a minute on a 2-core machine.
DEFAULT_EXPLORE_STEPS = 480
# How long a finding is shrunk: each of Hypothesis' replays starts a sandbox of its own.
DEFAULT_SHRINK_SECONDS = 10


class TargetError(ValueError):
    """A command-line value the kit cannot use; the message says which and why."""


@dataclass(frozen=True)
class Target:
    api: str
    base_url: str
    # Role -> token, as given with --token; a bare token is the API's main role.
    tokens: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)
    seed: int = DEFAULT_SEED
    max_examples: int = DEFAULT_MAX_EXAMPLES
    explore_steps: int = DEFAULT_EXPLORE_STEPS
    shrink_seconds: int = DEFAULT_SHRINK_SECONDS
    phases: tuple[str, ...] = PHASES
    har: Path | None = None
    target_data: Path | None = None

    @property
    def origin(self) -> str:
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def control_roots(self) -> tuple[str, ...]:
        """Where a booking-sandbox serving the API at ``base_url`` would have its control API:
        the base URL less the API's mount (``https://tools.example/sandbox/reservekit``: a team's
        sandbox an ingress serves below a path), then the origin. Each is only asked its health."""
        base, mount = self.base_url.rstrip("/"), "/" + SANDBOX_MOUNTS[self.api]
        below = base.removesuffix(mount) if base.endswith(mount) else self.origin
        return (below, self.origin) if urlsplit(below).path not in ("", "/") else (self.origin,)


def parse_target(
    *,
    api: str | None,
    base_url: str | None,
    tokens: Sequence[str] = (),
    headers: Sequence[str] = (),
    seed: int | None = None,
    max_examples: int | None = None,
    explore_steps: int | None = None,
    shrink_seconds: int | None = None,
    phases: str | None = None,
    har: str | None = None,
    target_data: str | None = None,
    main_role: Mapping[str, str],
    roles: Mapping[str, Sequence[str]],
) -> Target:
    if api not in APIS:
        raise TargetError(f"--api must be one of {', '.join(APIS)}, not {api!r}")
    why = unreadable(base_url) if base_url else None
    if not base_url or why is not None or urlsplit(base_url).scheme not in ("http", "https"):
        raise TargetError(
            f"--base-url must be an http(s) URL such as http://127.0.0.1:8000/merchant, not {base_url!r}"
            + (f" (it {why})" if why else "")
        )
    if not ends_at_its_path(base_url):
        raise TargetError(
            f"--base-url {NOT_A_BASE} ({base_url!r}); a key a gateway reads from the query may go "
            "in a header instead: --header 'Name: value'"
        )
    return Target(
        api=api,
        base_url=base_url.rstrip("/"),
        tokens=_tokens(tokens, main_role[api], roles[api]),
        headers=_headers(headers),
        seed=DEFAULT_SEED if seed is None else seed,
        max_examples=_at_least(max_examples, DEFAULT_MAX_EXAMPLES, "--max-examples"),
        explore_steps=_at_least(explore_steps, DEFAULT_EXPLORE_STEPS, "--explore-steps"),
        shrink_seconds=_at_least(shrink_seconds, DEFAULT_SHRINK_SECONDS, "--explore-shrink-seconds", least=0),
        phases=_phases(phases),
        har=Path(har) if har else None,
        target_data=Path(target_data) if target_data else None,
    )


def target_of(options: Any) -> Target:
    """The run's target from its options by their names, as pytest's ``config.option`` and the
    command's parsed arguments both hold them (``--explore-shrink-seconds`` as
    ``explore_shrink_seconds``): one reading, before pytest starts and inside it."""
    return parse_target(
        api=options.api,
        base_url=options.base_url,
        tokens=options.token,
        headers=options.header,
        seed=options.seed,
        max_examples=options.max_examples,
        explore_steps=options.explore_steps,
        shrink_seconds=options.explore_shrink_seconds,
        phases=options.phases,
        har=options.har,
        target_data=options.target_data,
        main_role=MAIN_ROLES,
        roles=ROLES,
    )


_NAMED = re.compile(r"^(?P<role>[a-z_]{1,30})=(?P<token>.*)$")


def _tokens(values: Sequence[str], main_role: str, roles: Sequence[str]) -> dict[str, str]:
    tokens: dict[str, str] = {}
    for value in values:
        named = _NAMED.match(value)
        role, token = (named["role"], named["token"]) if named else (main_role, value)
        if role not in roles:
            raise TargetError(
                f"--token names the role {role!r}, which this API has not; its roles: {', '.join(roles)}"
            )
        if not token.strip():
            # What a pasted command with an unset variable sends: --token "" or --token other=.
            raise TargetError(f"--token for the role {role!r} is empty (an unset variable?)")
        token = token.strip()  # a variable read from a file keeps its newline
        if re.match(r"(?i)bearer\s", token):
            # A header's value pasted whole: "Bearer Bearer …" was refused, as if the token were.
            raise TargetError(
                f"--token for the role {role!r} starts with 'Bearer ': give the token alone; "
                "the kit writes the Authorization header itself"
            )
        if re.search(r"\s", token):
            raise TargetError(f"--token for the role {role!r} holds a space: a bearer token is one word")
        if role in tokens:
            raise TargetError(f"--token given twice for the role {role!r}")
        tokens[role] = token
    return tokens


def _headers(values: Sequence[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for value in values:
        name, colon, content = value.partition(":")
        if not colon or not re.fullmatch(r"[A-Za-z0-9-]+", name.strip()):
            raise TargetError(f"--header must look like Name:value, not {value!r}")
        if name.strip().lower() == "authorization":
            # On every request it would stand in for each role's own, and be sent where a rule
            # asks without one (a missing key must be 401): that rule then failed the target.
            raise TargetError(
                "--header Authorization: give the token with --token (ROLE=TOKEN for another role); "
                "the kit sends each role's own, and none where a check asks without one"
            )
        headers[name.strip()] = content.strip()
    return headers


def _at_least(value: int | None, default: int, option: str, least: int = 1) -> int:
    if value is None:
        return default
    if value < least:
        raise TargetError(f"{option} must be at least {least}, not {value}")
    return value


def _phases(value: str | None) -> tuple[str, ...]:
    if value is None:
        return PHASES
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [phase for phase in chosen if phase not in PHASES]
    if unknown or not chosen:
        raise TargetError(f"--phases takes a comma-separated list of {', '.join(PHASES)}; got {value!r}")
    return chosen
