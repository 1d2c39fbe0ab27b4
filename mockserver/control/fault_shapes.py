"""A fault rule's shape: which parameters each kind takes, and a rule checked whole before it
is stored (every wrong field named at once)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mockserver.domain.kernel.errors import FieldProblem, InvalidInput

# Which parameters each kind takes; anything else is refused, not ignored.
PARAMETERS: dict[str, dict[str, tuple[str, ...]]] = {
    "latency": {"fixed": ("ms",), "uniform": ("min_ms", "max_ms"), "lognormal": ("median_ms", "sigma")},
    "error": {"": ("status",)},
    "rate_limit": {"": ("limit", "window_seconds")},
    "drop": {"": ()},
}
# Optional beside a kind's own: error and drop meet a request before its handler, or after it.
OPTIONAL = {"error": ("when",), "drop": ("when",)}
# Every field a rule may have beside the common ones, in the order problems are reported.
ALL_PARAMETERS = (
    "distribution",
    *dict.fromkeys(p for by in PARAMETERS.values() for ps in by.values() for p in ps),
    "when",
)


def checked_rule(body: Mapping[str, Any]) -> dict[str, Any]:
    """The stored form of a rule, or ``InvalidInput`` naming every field that is wrong."""
    body = _with_its_distribution(body)
    kind = body["kind"]
    distribution = body.get("distribution", "")
    wanted = PARAMETERS[kind].get(distribution if kind == "latency" else "")
    label = f"{distribution} latency".strip() if kind == "latency" else kind.replace("_", " ")
    label = f"{'an' if label[0] in 'aeiou' else 'a'} {label}"
    problems: list[FieldProblem] = []
    # No distribution named, nor told by the parameters: which of them it would use is unknown.
    undecided = wanted is None
    if wanted is None:
        named = "; ".join(
            f"{name} with {' and '.join(given)}" for name, given in PARAMETERS["latency"].items()
        )
        problems.append(FieldProblem("distribution", f"latency needs a distribution: {named}"))
        wanted = ()
    for name in ALL_PARAMETERS:
        given = name in body
        needed = name in wanted or (name == "distribution" and kind == "latency")
        if needed and not given and name != "distribution":
            problems.append(FieldProblem(name, f"required by {label} rule"))
        unknown = undecided and any(name in kept for kept in PARAMETERS["latency"].values())
        if given and not needed and name not in OPTIONAL.get(kind, ()) and not unknown:
            problems.append(FieldProblem(name, f"not used by {label} rule"))
    if kind == "latency" and distribution == "uniform" and not problems and body["min_ms"] > body["max_ms"]:
        problems.append(FieldProblem("min_ms", "must not be greater than max_ms"))
    path = body.get("path", "*")
    if not (path.startswith("/") or path.startswith("*")):
        problems.append(
            FieldProblem("path", "a glob over the path below (or with) the API's mount, starting with / or *")
        )
    if problems:
        raise InvalidInput("the fault rule is not valid", problems=tuple(problems))
    return {
        "api": body.get("api"),
        "method": body.get("method"),
        "path": path,
        "kind": kind,
        "probability": float(body.get("probability", 1.0)),
        "count": body.get("count"),
        "params": {name: body[name] for name in ALL_PARAMETERS if name in body},
    }


def _with_its_distribution(body: Mapping[str, Any]) -> Mapping[str, Any]:
    """A latency rule given one distribution's parameters and no distribution, with that one:
    ``ms`` alone is a fixed delay (``faults add --kind latency --ms 250``, as the flag says)."""
    if body["kind"] != "latency" or "distribution" in body:
        return body
    given = [name for name, wanted in PARAMETERS["latency"].items() if any(p in body for p in wanted)]
    return {**body, "distribution": given[0]} if len(given) == 1 else body
